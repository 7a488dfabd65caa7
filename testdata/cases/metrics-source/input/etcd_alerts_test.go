package monitoring_test

import (
	"strings"
	"testing"
)

// etcdRules are the alerts the chart ships. Before 3.5 the size alert read
// etcd_debugging_mvcc_db_total_size_in_bytes: this comment is not a query.
const etcdRules = `
groups:
- name: etcd-capacity
  rules:
  - alert: EtcdDatabaseQuotaLowSpace
    expr: |
      (etcd_debugging_mvcc_db_total_size_in_bytes / etcd_server_quota_backend_bytes) * 100 > 95
    for: 10m
    labels:
      severity: critical
  - alert: EtcdMetricsMissing
    expr: absent(etcd_debugging_mvcc_put_total{job="etcd"})
    for: 15m
  - record: instance:etcd_debugging_mvcc_txn_total:rate5m
    expr: sum by (instance) (rate(etcd_debugging_mvcc_txn_total[5m]))
  - alert: EtcdNoLeader
    expr: etcd_server_has_leader{job="etcd"} == 0
`

func TestRulesMentionTheRevision(t *testing.T) {
	if !strings.Contains(etcdRules, "etcd_server_has_leader") {
		t.Fatal("no leader alert")
	}
	// A query against the test server, built from pieces.
	q := "rate(" + "etcd_debugging_mvcc_range_total" + "[5m])"
	// Look-alikes are other names: nothing to rename.
	lookAlike := "rate(my_etcd_debugging_mvcc_put_total[5m])"
	column := "etcd_debugging_mvcc_put_total_copy" // a column, not a query
	// Still exported by 3.5.
	revision := "etcd_debugging_mvcc_current_revision{job=\"etcd\"}"
	_, _, _, _ = q, lookAlike, column, revision
}
