package jsonnet

import "testing"

func TestBoundariesAndComments(t *testing.T) {
	src := `{
  // etcd_debugging_mvcc_put_total in a comment
  /* etcd_debugging_mvcc_txn_total */
  a: { alert: 'X', expr: 'rate(etcd_debugging_mvcc_put_total_copy[5m]) + my_etcd_debugging_mvcc_put_total' },
  b: { record: "job:etcd_debugging_mvcc_put_total:rate5m", expr: @'etcd_debugging_mvcc_put_total{%(sel)s}' },
}`
	facts, errs := Kind.Parse("m.libsonnet", []byte(src), nil)
	if len(errs) > 0 {
		t.Fatal(errs[0].Msg)
	}
	var got []string
	for _, m := range facts.Metrics {
		if src[m.Span.Start:m.Span.End] != m.Name {
			t.Errorf("%s: span covers %q", m.Name, src[m.Span.Start:m.Span.End])
		}
		got = append(got, m.Name+" @ "+m.Context)
	}
	want := []string{
		"etcd_debugging_mvcc_put_total_copy @ alert: X",
		"my_etcd_debugging_mvcc_put_total @ alert: X",
		"job:etcd_debugging_mvcc_put_total:rate5m @ record: job:etcd_debugging_mvcc_put_total:rate5m",
		"etcd_debugging_mvcc_put_total @ record: job:etcd_debugging_mvcc_put_total:rate5m",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %q, want %q", got[i], want[i])
		}
	}
	if _, errs := Kind.Parse("m.jsonnet", []byte("{ a: 'x"), nil); len(errs) != 1 {
		t.Errorf("unterminated string: %v", errs)
	}
}

// A dashboard target after the alerts (etcd's own mixin has this shape)
// belongs to no alert; an expr written before its alert field does.
func TestContextIsTheEnclosingObject(t *testing.T) {
	src := `{
  prometheusAlerts+:: { groups+: [{ rules: [
    { expr: 'etcd_server_has_leader == 0', alert: 'NoLeader', annotations: { summary: '{{ $labels.job }}' } },
  ] }] },
  grafanaDashboards+:: { 'etcd.json': { panels: [{ targets: [{ expr: 'etcd_debugging_mvcc_db_total_size_in_bytes{job="$cluster"}' }] }] } },
}`
	facts, errs := Kind.Parse("mixin.libsonnet", []byte(src), nil)
	if len(errs) > 0 {
		t.Fatal(errs[0].Msg)
	}
	got := map[string]string{}
	for _, m := range facts.Metrics {
		got[m.Name] = m.Context
	}
	if got["etcd_server_has_leader"] != "alert: NoLeader" || got["etcd_debugging_mvcc_db_total_size_in_bytes"] != "" {
		t.Errorf("contexts = %q", got)
	}
}
