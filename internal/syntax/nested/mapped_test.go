package nested

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/jsonpos"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// jsonMapping decodes the JSON string at the start of src.
func jsonMapping(t *testing.T, src string) *Mapping {
	t.Helper()
	v, err := jsonpos.Parse([]byte(src))
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	s, ok := jsonpos.String([]byte(src), v)
	if !ok {
		t.Fatalf("%s: not a string", src)
	}
	m, merr := NewMapping([]byte(s.Value), s.Offsets, JSONString)
	if merr != nil {
		t.Fatal(merr)
	}
	return m
}

// yamlMapping decodes the value of key k in the YAML mapping src.
func yamlMapping(t *testing.T, src string) *Mapping {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatal(err)
	}
	sc, err := yamlpos.New([]byte(src)).Scalar(yamlpos.Get(root.Content[0], "k"))
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	m, merr := NewMapping([]byte(sc.Value), sc.Offsets, YAMLScalar(sc.Style))
	if merr != nil {
		t.Fatal(merr)
	}
	return m
}

func decodeJSON(src string) (string, error) {
	var s string
	err := json.Unmarshal([]byte(src), &s)
	return s, err
}

func decodeYAML(src string) (string, error) {
	var v struct{ K string }
	err := yaml.Unmarshal([]byte(src), &v)
	return v.K, err
}

func apply(src string, e fact.Edit) string {
	return src[:e.Span.Start] + e.NewText + src[e.Span.End:]
}

func TestJSONSpans(t *testing.T) {
	src := `"ETCD_A=\"x\"\nETCD_B=a\u0026b\n\ud83d\ude00=\u00e9"`
	m := jsonMapping(t, src)
	if want := "ETCD_A=\"x\"\nETCD_B=a&b\n😀=é"; string(m.Text) != want {
		t.Fatalf("decoded %q, want %q", m.Text, want)
	}
	for _, tc := range []struct {
		decoded string // a unique part of the decoded text
		want    string // the file bytes its span covers
	}{
		{"ETCD_A", "ETCD_A"},
		{`"x"`, `\"x\"`},
		{"\nETCD_B", `\nETCD_B`},
		{"a&b", `a\u0026b`},
		{"&", `\u0026`},
		{"😀", `\ud83d\ude00`},
		{"=é", `=\u00e9`},
		{"\x80", `\ud83d\ude00`},              // the second byte of the emoji: the whole pair
		{"\xa9", `\u00e9`},                    // the second byte of é
		{"é", `\u00e9`},                       // the whole rune
		{"ETCD_B=a&b\n", `ETCD_B=a\u0026b\n`}, // up to the final escape
	} {
		i := strings.Index(string(m.Text), tc.decoded)
		sp := m.Span(fact.Span{Start: i, End: i + len(tc.decoded)})
		if got := src[sp.Start:sp.End]; got != tc.want {
			t.Errorf("span of %q covers %q, want %q", tc.decoded, got, tc.want)
		}
	}
	if sp := m.Span(fact.Span{Start: len(m.Text), End: len(m.Text)}); sp.Start != len(src)-1 {
		t.Errorf("the end maps to %d, want the closing quote at %d", sp.Start, len(src)-1)
	}
}

// An edit that starts or ends inside an escape takes the whole escape and
// writes the decoded bytes around it again.
func TestEditWidens(t *testing.T) {
	src := `"a\u00e9b\ud83d\ude00c"`
	m := jsonMapping(t, src)
	for _, e := range []fact.Edit{
		{Span: fact.Span{Start: 2, End: 3}, NewText: "\xa8"},             // é's last byte: è
		{Span: fact.Span{Start: 7, End: 8}, NewText: "\x81"},             // the emoji's last byte: the next emoji
		{Span: fact.Span{Start: 5, End: 5}, NewText: "\x9f\x98\x80\xf0"}, // inside the emoji: one more
		{Span: fact.Span{Start: 1, End: 3}, NewText: "\"\n"},             // é itself, by a quote and a newline
		{Span: fact.Span{Start: 8, End: 9}, NewText: "\t\\\x01"},         // c
	} {
		fe, err := m.Edit([]byte(src), e)
		if err != nil {
			t.Fatal(err)
		}
		want := string(m.Text[:e.Span.Start]) + e.NewText + string(m.Text[e.Span.End:])
		got, err := decodeJSON(apply(src, fe))
		if err != nil || got != want {
			t.Errorf("edit %+v as %+v: %q (%v), want %q", e, fe, got, err, want)
		}
		if e.Span.Start != 8 && !strings.HasPrefix(src[fe.Span.Start:], `\u`) {
			t.Errorf("edit %+v starts at %q, not at an escape", e, src[fe.Span.Start:])
		}
	}
	// an edit that leaves half a character is refused, not written as
	// U+FFFD
	if fe, err := m.Edit([]byte(src), fact.Edit{Span: fact.Span{Start: 2, End: 2}, NewText: "X"}); err == nil {
		t.Errorf("half a character written: %+v", fe)
	}
}

// Random edits on the decoded text, mapped, applied and decoded again,
// give the edited text: the mapping and the escaping agree with the
// decoders, for JSON strings, data: URLs in them and YAML scalars.
func TestRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "x", "\"", "\n", "\t", " ", "  ", "--debug", "é", "😀", "\\", "a b", "#", ": ", "'", "%"}
	edit := func(m *Mapping) fact.Edit {
		a := rng.IntN(len(m.Text) + 1)
		b := a + rng.IntN(len(m.Text)-a+1)
		var nt string
		for range rng.IntN(3) {
			nt += texts[rng.IntN(len(texts))]
		}
		return fact.Edit{Span: fact.Span{Start: a, End: b}, NewText: nt}
	}
	// refuse is what the reason for refusing an edit must say; "": no
	// edit is refused.
	check := func(name, src string, m *Mapping, decode func(string) (string, error), refuse string) {
		percent := strings.HasPrefix(name, "data")
		t.Helper()
		refused := 0
		for range 1000 {
			e := edit(m)
			want := string(m.Text[:e.Span.Start]) + e.NewText + string(m.Text[e.Span.End:])
			fe, err := m.Edit([]byte(src), e)
			if !utf8.ValidString(want) && !percent {
				if err == nil {
					t.Fatalf("%s: %+v leaves invalid UTF-8 and was written: %+v", name, e, fe)
				}
				continue
			}
			if err != nil {
				if refuse == "" || !strings.Contains(err.Error(), refuse) {
					t.Fatalf("%s: %+v: %v", name, e, err)
				}
				refused++
				continue
			}
			got, derr := decode(apply(src, fe))
			if derr != nil || got != want {
				t.Fatalf("%s: edit %+v as %+v:\n%s\nreads %q (%v), want %q", name, e, fe, apply(src, fe), got, derr, want)
			}
		}
		if refused > 970 {
			t.Errorf("%s: %d of 1000 edits refused", name, refused)
		}
	}

	jsrc := `"[Service]\nEnvironment=\"ETCD_LOG_OUTPUT=stderr\"\nExecStart=/usr/bin/etcd \\\n  --debug\u0026\ud83d\ude00\/x"`
	check("json", jsrc, jsonMapping(t, jsrc), decodeJSON, "")

	// a data: URL inside a JSON string, decoded twice
	usrc := `"data:,ETCD_DEBUG%3Dtrue%0AETCD_NAME%3D\u0025C3%A9\n"`
	v, _ := jsonpos.Parse([]byte(usrc))
	s, _ := jsonpos.String([]byte(usrc), v)
	var text []byte
	var offs []int
	for j := len("data:,"); j < len(s.Value); j++ {
		if s.Value[j] == '%' {
			var c byte
			for _, h := range s.Value[j+1 : j+3] {
				c = c<<4 | byte(strings.IndexRune("0123456789ABCDEF", h))
			}
			text, offs = append(text, c), append(offs, s.Offsets[j])
			j += 2
			continue
		}
		text, offs = append(text, s.Value[j]), append(offs, s.Offsets[j])
	}
	um, err := NewMapping(text, append(offs, s.Offsets[len(s.Value)]), Percent(JSONString))
	if err != nil {
		t.Fatal(err)
	}
	if string(um.Text) != "ETCD_DEBUG=true\nETCD_NAME=é\n" {
		t.Fatalf("data: URL decoded to %q", um.Text)
	}
	check("data url", usrc, um, func(src string) (string, error) {
		js, err := decodeJSON(src)
		if err != nil {
			return "", err
		}
		var out []byte
		for j := len("data:,"); j < len(js); j++ {
			if js[j] == '%' {
				var c byte
				for _, h := range js[j+1 : j+3] {
					c = c<<4 | byte(strings.IndexRune("0123456789ABCDEF", h))
				}
				out = append(out, c)
				j += 2
				continue
			}
			out = append(out, js[j])
		}
		return string(out), nil
	}, "")

	for _, ysrc := range []string{
		"k: \"ETCD_NAME=a\\nETCD_DEBUG=\\\"true\\\"\\n\\tETCD_X=\\u00e9\\x41\"\n",
		// line folding: a break is a space, an empty line a newline,
		// an escaped break nothing, leading blanks of a line nothing
		"k: \"exec etcd\n  --debug   \n\n  --name=x\\\n     --y \\\n  z\"\n",
	} {
		check("yaml "+ysrc, ysrc, yamlMapping(t, ysrc), decodeYAML, "would empty a line of a double-quoted")
	}
	fsrc := "k: >\n  exec etcd --name x\n  --debug --log-output=stderr\n\n  second paragraph\n    more indented\n  last\n"
	check("folded", fsrc, yamlMapping(t, fsrc), decodeYAML, "edit it by hand")
	ssrc := "k: 'it''s etcd --debug\n  on two lines'\n"
	check("single", ssrc, yamlMapping(t, ssrc), decodeYAML, "edit it by hand")
}

func TestYAMLEscapes(t *testing.T) {
	src := "k: \"ETCD_A=1\\nETCD_B=2\\n\\tETCD_C=3\"\n"
	m := yamlMapping(t, src)
	if string(m.Text) != "ETCD_A=1\nETCD_B=2\n\tETCD_C=3" {
		t.Fatalf("decoded %q", m.Text)
	}
	i := strings.Index(string(m.Text), "\nETCD_B=2\n")
	sp := m.Span(fact.Span{Start: i, End: i + len("\nETCD_B=2\n")})
	if got := src[sp.Start:sp.End]; got != `\nETCD_B=2\n` {
		t.Errorf("span %q", got)
	}
	e, err := m.Edit([]byte(src), fact.Edit{Span: fact.Span{Start: i + 1, End: i + 7}, NewText: "ETCD_Q=\"x\"\t"})
	if err != nil || e.NewText != `ETCD_Q=\"x\"\t` {
		t.Errorf("edit %+v %v", e, err)
	}
}

// A folded scalar has no escapes: an edit that would join, split, empty or
// re-indent a line is refused with a reason; one inside a line is not.
func TestFoldedRefusals(t *testing.T) {
	src := "k: >\n  exec etcd --name x\n  --debug --log-output=stderr\n"
	m := yamlMapping(t, src)
	text := string(m.Text)
	at := func(s string) int { return strings.Index(text, s) }
	for _, tc := range []struct {
		e  fact.Edit
		ok bool
	}{
		{fact.Edit{Span: fact.Span{Start: at("--debug"), End: at("--debug") + 7}, NewText: "--log-level=debug"}, true},
		{fact.Edit{Span: fact.Span{Start: at(" --debug"), End: at("--debug") + 7}}, false}, // the fold before it
		{fact.Edit{Span: fact.Span{Start: at("--debug"), End: at("--debug") + 8}}, true},   // with the space after
		{fact.Edit{Span: fact.Span{Start: at("--debug"), End: at("--debug") + 7}}, false},  // leaves a blank at the line start
		{fact.Edit{Span: fact.Span{Start: len(text) - 1, End: len(text) - 1}, NewText: " --logger=zap"}, true},
		{fact.Edit{Span: fact.Span{Start: at("x"), End: at("x") + 1}, NewText: "x\ny"}, false},
	} {
		fe, err := m.Edit([]byte(src), tc.e)
		if (err == nil) != tc.ok {
			t.Errorf("%+v: %+v, %v", tc.e, fe, err)
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), "folded (>)") {
				t.Errorf("reason %q does not name the style", err)
			}
			continue
		}
		want := text[:tc.e.Span.Start] + tc.e.NewText + text[tc.e.Span.End:]
		if got, _ := decodeYAML(apply(src, fe)); got != want {
			t.Errorf("%+v reads %q, want %q", tc.e, got, want)
		}
	}
}

func TestNewMappingChecks(t *testing.T) {
	if _, err := NewMapping([]byte("ab"), []int{0, 1}, JSONString); err == nil {
		t.Error("too few offsets accepted")
	}
	if _, err := NewMapping([]byte("ab"), []int{0, 2, 1}, JSONString); err == nil {
		t.Error("decreasing offsets accepted")
	}
}
