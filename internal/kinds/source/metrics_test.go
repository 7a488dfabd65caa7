package source

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/syntax/promexpr"
	"github.com/etcdlint/etcdlint/internal/syntax/rulefile"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// table is a schema that knows a few etcd metric names.
type table struct{ fact.Schema }

func (table) KnownMetric(name string) bool {
	switch name {
	case "etcd_debugging_mvcc_put_total", "etcd_debugging_mvcc_db_total_size_in_bytes", "etcd_mvcc_put_total", "etcd_server_has_leader":
		return true
	}
	return false
}

// metricRefs describes the metric references of src: name, where, and
// whether it can be renamed. A renamable reference must cover exactly its
// name.
func metricRefs(t *testing.T, name, src string, schema fact.Schema) []string {
	t.Helper()
	f, errs := Kind.Parse(name, []byte(src), schema)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", name, errs[0].Msg)
	}
	var out []string
	for _, m := range f.Metrics {
		if m.Span.Start < 0 || m.Span.End > len(src) || m.Span.Start >= m.Span.End {
			t.Fatalf("%s: %s has span %v", name, m.Name, m.Span)
		}
		got := src[m.Span.Start:m.Span.End]
		if m.Render != nil && got != m.Name {
			t.Errorf("%s: renamable %s covers %q", name, m.Name, got)
		}
		desc := fmt.Sprintf("%s @ %s", m.Name, m.Context)
		if m.Use == fact.RecordedName {
			desc += " recorded"
		}
		if m.InAbsent {
			desc += " absent"
		}
		if m.Render == nil {
			desc += " no-fix:" + got
		}
		out = append(out, desc)
	}
	return out
}

func TestMetrics(t *testing.T) {
	const bt = "`"
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"rules_test.go", "package x\n\n// etcd_debugging_mvcc_put_total in a comment\nconst rules = " + bt + `
groups:
- name: etcd
  rules:
  - alert: EtcdDBLarge # the size
    expr: etcd_debugging_mvcc_db_total_size_in_bytes > 8e9
  - record: job:etcd_debugging_mvcc_put_total:rate5m
    expr: sum by (job) (rate(etcd_debugging_mvcc_put_total[5m]))
  - alert: "EtcdGone"
    expr: absent(etcd_server_has_leader)
` + bt + "\n/* etcd_debugging_mvcc_db_total_size_in_bytes */\n", []string{
			"etcd_debugging_mvcc_db_total_size_in_bytes @ alert: EtcdDBLarge",
			"job:etcd_debugging_mvcc_put_total:rate5m @ record: job:etcd_debugging_mvcc_put_total:rate5m recorded no-fix:job:etcd_debugging_mvcc_put_total:rate5m",
			"etcd_debugging_mvcc_put_total @ record: job:etcd_debugging_mvcc_put_total:rate5m",
			"etcd_server_has_leader @ alert: EtcdGone absent",
		}},
		// A rule file in an interpreted string: lines made by \n escapes.
		{"escaped.go", `package x
var r = "groups:\n- name: e\n  rules:\n  - alert: Puts\n    expr: rate(etcd_debugging_mvcc_put_total{job=\"etcd\"}[5m]) > 0\n"
`, []string{"etcd_debugging_mvcc_put_total @ alert: Puts"}},
		// Tabs indent this YAML: it does not load, so the nearest alert:
		// line names the rule.
		{"tabs.go", "package x\nvar r = " + bt + "groups:\n\t- name: e\n\t  rules:\n\t  - alert: Puts\n\t    expr: rate(etcd_debugging_mvcc_put_total[5m])\n\t  - record: 'etcd_debugging_mvcc_put_total'\n\t    expr: etcd_mvcc_put_total\n" + bt + "\n", []string{
			"etcd_debugging_mvcc_put_total @ alert: Puts",
			"etcd_debugging_mvcc_put_total @ record: etcd_debugging_mvcc_put_total recorded no-fix:etcd_debugging_mvcc_put_total",
			"etcd_mvcc_put_total @ record: etcd_debugging_mvcc_put_total",
		}},
		{"query.py", `# etcd_debugging_mvcc_put_total is what we used to query
QUERY = """
sum(rate(etcd_debugging_mvcc_put_total{job="%s"}[5m]))
  / on() group_left etcd_server_has_leader
"""
NAME = 'etcd_debugging_mvcc_db_total_size_in_bytes'
SIZE = f"max(etcd_debugging_mvcc_db_total_size_in_bytes{{job='{job}'}})"
NOT_A_METRIC = "etcd_endpoints"
CUSTOM = "rate(etcd_custom_thing_total[5m])"
`, []string{
			"etcd_debugging_mvcc_put_total @ string literal",
			"etcd_server_has_leader @ string literal",
			"etcd_debugging_mvcc_db_total_size_in_bytes @ string literal",
			"etcd_debugging_mvcc_db_total_size_in_bytes @ string literal",
			"etcd_custom_thing_total @ string literal",
		}},
		{"dash.ts", "// etcd_debugging_mvcc_put_total\nconst q = `sum(rate(etcd_debugging_mvcc_put_total{instance=~\"${instance}\"}[${range}]))`;\nconst r = \"rate(\" + 'etcd_debugging_mvcc_put_total' + \"[5m])\";\n", []string{
			"etcd_debugging_mvcc_put_total @ string literal",
			"etcd_debugging_mvcc_put_total @ string literal",
		}},
		// Identifier boundaries: look-alikes are other names, unknown to
		// the table.
		{"bounds.go", `package x
var a = "etcd_debugging_mvcc_put_total_copy + my_etcd_debugging_mvcc_put_total + x.etcd_debugging_mvcc_put_total"
var b = "rate(etcd_debugging_mvcc_put_total_copy[5m]) + rate(my_etcd_debugging_mvcc_put_total[1m])"
`, []string{
			"etcd_debugging_mvcc_put_total_copy @ string literal",
			"my_etcd_debugging_mvcc_put_total @ string literal",
		}},
		// Escapes: offsets map through them; a name an escape helps spell
		// is found but not renamed; an escape before a name is a boundary.
		{"escapes.go", `package x
var a = "\tetcd_debugging_mvcc_put_total > 0 and \"quoted\" etcd_server_has_leader"
var b = "rate(etcd\x5fdebugging_mvcc_put_total[5m])"
var c = "rate(\u0065tcd_debugging_mvcc_put_total[5m])"
var d = "\netcd_debugging_mvcc_db_total_size_in_bytes"
`, []string{
			"etcd_debugging_mvcc_put_total @ string literal",
			"etcd_server_has_leader @ string literal",
			`etcd_debugging_mvcc_put_total @ string literal no-fix:etcd\x5fdebugging_mvcc_put_total`,
			`etcd_debugging_mvcc_put_total @ string literal no-fix:\u0065tcd_debugging_mvcc_put_total`,
			"etcd_debugging_mvcc_db_total_size_in_bytes @ string literal",
		}},
		// JS drops the backslash of an unknown escape; Python keeps it;
		// Ruby's single quotes know only \\ and \'.
		{"unknown.js", `const a = "\etcd_debugging_mvcc_put_total";` + "\n", []string{
			`etcd_debugging_mvcc_put_total @ string literal no-fix:\etcd_debugging_mvcc_put_total`,
		}},
		{"unknown.py", `a = "\etcd_debugging_mvcc_put_total"` + "\n" + `b = r"\netcd_debugging_mvcc_put_total"` + "\n", []string{
			"etcd_debugging_mvcc_put_total @ string literal",
		}},
		{"single.rb", `A = 'x\netcd_debugging_mvcc_put_total'` + "\n" + `B = "x\netcd_debugging_mvcc_put_total"` + "\n", []string{
			"etcd_debugging_mvcc_put_total @ string literal",
		}},
		{"Rules.java", "class R {\n  // etcd_debugging_mvcc_put_total\n  String q = \"\"\"\n      rate(etcd_debugging_mvcc_put_total[5m]) \\\n      > 0\n      \"\"\";\n}\n", []string{
			"etcd_debugging_mvcc_put_total @ string literal",
		}},
		{"imports.go", "package x\nimport \"example.com/etcd_debugging_mvcc_put_total\"\n", nil},
	} {
		got := metricRefs(t, tc.name, tc.src, table{})
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// Without a metric table every token of a literal that is not a query
// counts, as promexpr.Scan gives them.
func TestMetricsWithoutTable(t *testing.T) {
	got := metricRefs(t, "a.py", `A = "etcd_endpoints"`+"\n"+`B = "hello world_x"`+"\n", nil)
	want := "etcd_endpoints @ string literal\nworld_x @ string literal"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

// The renamer edits exactly the name inside the literal, and refuses a
// name whose bytes in the file are not the name.
func TestRenameInsideLiteral(t *testing.T) {
	src := "package x\nvar q = \"rate(etcd_debugging_mvcc_put_total[5m])\"\nvar e = \"rate(etcd\\x5fdebugging_mvcc_put_total[5m])\"\n"
	f, _ := Kind.Parse("q.go", []byte(src), table{})
	if len(f.Metrics) != 2 {
		t.Fatalf("got %d references", len(f.Metrics))
	}
	in := fact.Intent{Kind: fact.Replace, Metric: f.Metrics[0], Name: "etcd_mvcc_put_total"}
	edits, err := f.Metrics[0].Render.Render([]byte(src), in)
	if err != nil || len(edits) != 1 {
		t.Fatalf("render: %v %v", edits, err)
	}
	e := edits[0]
	if got := src[:e.Span.Start] + e.NewText + src[e.Span.End:]; !strings.Contains(got, `"rate(etcd_mvcc_put_total[5m])"`) {
		t.Errorf("renamed:\n%s", got)
	}
	escaped := f.Metrics[1]
	if escaped.Render != nil {
		t.Fatal("a name spelled with an escape has a renderer")
	}
	in.Metric = escaped
	if _, err := (promexpr.Renamer{}).Render([]byte(src), in); err == nil {
		t.Error("the renamer accepted a name whose bytes differ")
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct{ lang, lit, want string }{
		{"go", `"a\tb\x41\101\u00e9\\"`, "a\tbAAé\\"},
		{"python", `"a\qb\
c"`, `a\qbc`},
		{"python", `f"{{x}} {y}"`, "{x} {y}"},
		{"js", "`a\\qb\\u{41}`", "aqbA"},
		{"php", `'a\nb\'c\\'`, `a\nb'c\`},
		{"ruby", `"a\sb"`, "a b"},
	} {
		src := []byte("x = " + tc.lit + "\n")
		toks := Lex(tc.lang, src)
		if len(toks) == 0 {
			t.Fatalf("%s: no token", tc.lit)
		}
		got := decode(tc.lang, src, toks[0])
		if got.S != tc.want {
			t.Errorf("%s %s: decoded %q, want %q", tc.lang, tc.lit, got.S, tc.want)
		}
		if len(got.Offs) != len(got.S) {
			t.Errorf("%s: %d offsets for %d bytes", tc.lit, len(got.Offs), len(got.S))
		}
	}
}

// The rule files the golden case's fixes edit inside Go literals still
// load in Prometheus (rulefmt and the PromQL parser) after fixing.
func TestFixedEmbeddedRulesLoad(t *testing.T) {
	files, _ := filepath.Glob("../../../testdata/cases/metrics-*/fixed/*.go")
	loaded := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range Lex("go", src) {
			text := decode("go", src, tok)
			if tok.Comment || !rulefile.Looks([]byte(text.S)) {
				continue
			}
			_, errs := rulefile.Parse([]byte(text.S))
			for _, e := range errs {
				t.Errorf("%s: rule file at offset %d: %s", file, tok.Start, e.Msg)
			}
			loaded++
		}
	}
	if loaded == 0 {
		t.Fatal("no embedded rule file in the fixed golden files")
	}
}
