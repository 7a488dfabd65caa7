package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/promrules"
	"github.com/etcdlint/etcdlint/rules"
)

// A histogram's series (_bucket, _sum, _count) belong to the removed
// metric; other names that share a prefix do not.
func TestRemovedMetricSeries(t *testing.T) {
	src := `groups:
- name: etcd
  rules:
  - alert: SlowV2
    expr: histogram_quantile(0.99, rate(etcd_http_successful_duration_seconds_bucket[5m])) > 0.15
  - alert: V2Count
    expr: rate(etcd_http_successful_duration_seconds_count[5m]) > 0
  - alert: Fine
    expr: rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m]) > 0
`
	c := rules.MustLoadCatalog()
	facts, errs := promrules.Kind.Parse("etcd.rules.yml", []byte(src), c)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	up, _ := rules.ParseUpgrade("", "3.6")
	var got []string
	for _, d := range rules.Run(up, c, facts, nil) {
		if d.Rule == "removed-metric" {
			got = append(got, fmt.Sprintf("%d:%s", strings.Count(src[:d.Span.Start], "\n")+1, src[d.Span.Start:d.Span.End]))
		}
	}
	if want := "5:etcd_http_successful_duration_seconds_bucket 7:etcd_http_successful_duration_seconds_count"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
