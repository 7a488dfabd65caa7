package etcdconfig

import (
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// FuzzParse checks that any input gives spans inside the file and that
// rendering never panics.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"name: n1\nlog-outputs: [default]\nlisten-client-urls:\n  - a\n  - 'b'\n",
		"client-transport-security: {cert-file: \"a\", auto-tls: true}\ninitial-cluster: >\n  a=b\n",
		"\uFEFFname: é\r\nlogger: |-\r\n  zap\r\nx: &a [1, {b: c}]\ny: *a\n",
		"name: {{ x }}\n{% if y %}\ndebug: true\n{% endif %}\n",
		"a: !!str 1\nb: ? c\n",
	} {
		f.Add(seed)
	}
	value := "x,y"
	f.Fuzz(func(t *testing.T, src string) {
		facts, errs := Kind.Parse("etcd.yaml", []byte(src), schema)
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > len(src) {
				t.Fatalf("error offset %d outside the file", e.Offset)
			}
		}
		for _, p := range facts.Processes {
			for _, s := range p.Settings {
				for _, sp := range []fact.Span{s.Span, s.NameSpan, s.ValueSpan} {
					if sp.Start < 0 || sp.End < sp.Start || sp.End > len(src) || !s.Span.Contains(sp) {
						t.Fatalf("%s: span %v outside the file or the setting %v", s.Raw, sp, s.Span)
					}
				}
				for _, in := range []fact.Intent{
					{Kind: fact.Remove, Setting: s},
					{Kind: fact.Replace, Setting: s, Value: &value},
				} {
					edits, err := p.Render.Render([]byte(src), in)
					for _, e := range edits {
						if err == nil && (e.Span.Start < 0 || e.Span.End < e.Span.Start || e.Span.End > len(src)) {
							t.Fatalf("edit %+v outside the file", e)
						}
					}
				}
			}
			if _, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Add, Process: p, Name: "logger", Value: &value}); err != nil && p.Render == nil {
				t.Fatal(err)
			}
		}
	})
}
