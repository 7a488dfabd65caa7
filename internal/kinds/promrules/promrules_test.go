package promrules

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

const name = "etcd_debugging_mvcc_put_total"

// refsOf parses src and returns the references to name.
func refsOf(t *testing.T, path, src string) []*fact.MetricRef {
	t.Helper()
	if !Kind.Match(path, []byte(src)) {
		t.Fatalf("%s does not match", path)
	}
	facts, errs := Kind.Parse(path, []byte(src), nil)
	for _, e := range errs {
		t.Errorf("parse error at %d: %s", e.Offset, e.Msg)
	}
	var out []*fact.MetricRef
	for _, m := range facts.Metrics {
		if m.Name == name {
			out = append(out, m)
		}
	}
	return out
}

func TestScalarStyles(t *testing.T) {
	for _, tc := range []struct {
		style, expr string
		literal     bool
	}{
		{"plain", `rate(` + name + `{job="etcd"}[5m]) > 0`, true},
		{"plain multi-line", "rate(\n        " + name + "[5m])\n        > 0", true},
		{"single-quoted", `'rate(` + name + `{job=''etcd''}[5m]) > 0'`, true},
		{"double-quoted with escapes", `"rate(` + name + `{job=\"etcd\",x=\"\u00e9\"}[5m])\t> 0"`, true},
		{"double-quoted line continuation", "\"sum(rate(\\\n        " + name + "[5m]))\"", true},
		{"double-quoted escaped name", `"rate(\x65tcd_debugging_mvcc_put_total[5m])"`, false},
		{"literal block", "|\n        sum(rate(" + name + "{job=\"etcd\"}[5m]))\n          > 0\n", true},
		{"literal block keep", "|+\n        # not a comment: part of the scalar\n        sum(rate(" + name + "[5m])) > 0\n\n", true},
		{"tagged", "!!str rate(" + name + "[5m]) > 0", true},
		{"anchored", "&e rate(" + name + "[5m]) > 0", true},
		{"folded block", ">-\n        sum(rate(" + name + "[5m]))\n        /\n        sum(rate(etcd_mvcc_txn_total[5m]))\n", true},
	} {
		t.Run(tc.style, func(t *testing.T) {
			src := "groups:\n- name: etcd\n  rules:\n  - alert: EtcdPuts\n    expr: " + tc.expr + "\n    for: 5m\n"
			refs := refsOf(t, "rules/etcd.rules.yaml", src)
			if len(refs) != 1 {
				t.Fatalf("got %d references to %s, want 1", len(refs), name)
			}
			r := refs[0]
			if r.Context != "alert: EtcdPuts" {
				t.Errorf("context %q", r.Context)
			}
			if !tc.literal {
				if r.Render != nil {
					t.Errorf("a name written with escapes must not be renamable")
				}
				return
			}
			if got := src[r.Span.Start:r.Span.End]; got != name || r.Render == nil {
				t.Errorf("span %v covers %q (renderer %v), want exactly %s", r.Span, got, r.Render, name)
			}
		})
	}
}

func TestMatchersAndAbsent(t *testing.T) {
	src := `groups:
- name: etcd
  rules:
  - alert: A
    expr: 'absent({__name__="` + name + `"})'
  - alert: B
    expr: "{__name__=~\"etcd_debugging_mvcc_(put|txn)_total\", job=\"etcd\"} > 0"
  - record: job:` + name + `:rate5m
    expr: sum by (job) (rate({"` + name + `"}[5m]))
`
	facts, errs := Kind.Parse("x.yaml", []byte(src), nil)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs[0].Msg)
	}
	type want struct {
		name     string
		use      fact.MetricUse
		ctx      string
		inAbsent bool
	}
	var got []want
	for _, m := range facts.Metrics {
		got = append(got, want{src[m.Span.Start:m.Span.End], m.Use, m.Context, m.InAbsent})
		if m.Name != src[m.Span.Start:m.Span.End] {
			t.Errorf("%s: span covers %q", m.Name, src[m.Span.Start:m.Span.End])
		}
	}
	wants := []want{
		{name, fact.NameMatcher, "alert: A", true},
		{"etcd_debugging_mvcc_(put|txn)_total", fact.NameRegex, "alert: B", false},
		{"job:" + name + ":rate5m", fact.RecordedName, "record: job:" + name + ":rate5m", false},
		{name, fact.NameMatcher, "record: job:" + name + ":rate5m", false},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %v, want %v", got, wants)
	}
	for i := range wants {
		if got[i] != wants[i] {
			t.Errorf("ref %d: got %+v, want %+v", i, got[i], wants[i])
		}
	}
}

func TestCRDConfigMapHelm(t *testing.T) {
	crd := `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: etcd
spec:
  groups:
  - name: etcd
    rules:
    - alert: EtcdPuts
      expr: rate(` + name + `[5m]) > 0
`
	cm := `apiVersion: v1
kind: ConfigMap
metadata:
  name: rules
data:
  etcd.rules.yaml: |
    groups:
    - name: etcd
      rules:
      - alert: EtcdPuts
        expr: "rate(` + name + `{job=\"etcd\"}[5m]) > 0"
`
	helm := `{{- if .Values.etcd.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  groups:
  - name: etcd
    rules:
    - alert: EtcdPuts
      expr: rate(` + name + `{job="{{ .Values.etcd.job }}"}[5m]) > 0
      annotations:
        description: '{{` + "`{{ $labels.instance }}`" + `}} puts'
{{- end }}
`
	for file, src := range map[string]string{"crd.yaml": crd, "cm.yaml": cm, "chart/templates/etcd-rules.yaml": helm} {
		refs := refsOf(t, file, src)
		if len(refs) != 1 || src[refs[0].Span.Start:refs[0].Span.End] != name || refs[0].Render == nil {
			t.Errorf("%s: refs %+v", file, refs)
		}
	}
}

func TestInvalidRules(t *testing.T) {
	src := "groups:\n- name: etcd\n  rules:\n  - alert: Broken\n    expr: rate(" + name + "[5m]\n"
	facts, errs := Kind.Parse("x.yaml", []byte(src), nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "Broken") || errs[0].Offset != strings.Index(src, "- alert")+2 {
		for _, e := range errs {
			t.Logf("%d: %s", e.Offset, e.Msg)
		}
		t.Fatalf("want one error at the rule")
	}
	if len(facts.Metrics) != 1 || src[facts.Metrics[0].Span.Start:facts.Metrics[0].Span.End] != name {
		t.Errorf("the token scan fallback should still find %s: %+v", name, facts.Metrics)
	}
	// yaml.v3 prints a parser error's 0-based line: the error is on the
	// rule's mapping, the line after the one it names
	bad := "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: {a: b} + 1\n"
	if _, errs := Kind.Parse("x.yaml", []byte(bad), nil); len(errs) != 1 || errs[0].Offset != strings.Index(bad, "  - alert") {
		t.Errorf("syntax error: %+v, want one at offset %d", errs, strings.Index(bad, "  - alert"))
	}
	for _, bad := range []string{"groups: [", "groups:\n- name: x\n  rules: 3\n", "groups: 1\n"} {
		Kind.Parse("x.yaml", []byte(bad), nil) // must not panic
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		want      bool
	}{
		{"etcd.yaml", "name: etcd\nlisten-client-urls: http://x\n", false},
		{"etcd.yaml", "groups:\n- name: a\n  rules:\n  - alert: X\n", true},
		{"crd.yml", "kind: PrometheusRule\n", true},
		{"rules.json", "groups:\n- rules:\n  - alert: X\n", false},
	} {
		if got := Kind.Match(tc.path, []byte(tc.src)); got != tc.want {
			t.Errorf("Match(%s) = %v", tc.path, got)
		}
	}
}
