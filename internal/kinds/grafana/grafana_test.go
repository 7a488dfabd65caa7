package grafana

import (
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func TestJSONEscapes(t *testing.T) {
	const name = "etcd_debugging_mvcc_put_total"
	for _, expr := range []string{
		`rate(` + name + `{job=\"etcd\"}[5m])`,
		`rate(` + name + `{job=\u0022etcd\u0022}[5m])`,
		`sum(rate(` + name + `{job=~\"$job\",x=\"\\\\d\"}[$__rate_interval])) \/ 2`,
		`sum by (instance) (` + name + `)\n> ${threshold}`,
		`rate(\ud83d\ude00` + name + `[5m])`, // not PromQL: token scan
	} {
		src := `{"panels": [{"title": "T \"1\"", "targets": [{"expr": "` + expr + `"}]}]}`
		facts, errs := Kind.Parse("d.json", []byte(src), nil)
		if len(errs) > 0 {
			t.Fatalf("%s: %s", expr, errs[0].Msg)
		}
		var refs []*fact.MetricRef
		for _, m := range facts.Metrics {
			if m.Name == name {
				refs = append(refs, m)
			}
		}
		if len(refs) != 1 || src[refs[0].Span.Start:refs[0].Span.End] != name || refs[0].Render == nil || refs[0].Context != `panel: T "1"` {
			t.Errorf("%s: refs %+v", expr, refs)
		}
	}
}

func TestEscapedNameIsNotRenamed(t *testing.T) {
	src := `{"panels": [{"targets": [{"expr": "rate(\u0065tcd_debugging_mvcc_put_total[5m])"}]}]}`
	facts, _ := Kind.Parse("d.json", []byte(src), nil)
	if len(facts.Metrics) != 1 || facts.Metrics[0].Render != nil {
		t.Errorf("a name written with escapes must not be renamable: %+v", facts.Metrics)
	}
}

func TestBadJSON(t *testing.T) {
	for _, src := range []string{`{"panels": [`, `{"panels": "x\`, `{"a" 1}`, `[1,]`, `{"panels": []} x`} {
		_, errs := Kind.Parse("d.json", []byte(src), nil)
		if len(errs) != 1 || errs[0].Offset < 0 || errs[0].Offset > len(src) {
			t.Errorf("%q: errors %v", src, errs)
		}
	}
}
