package rules

import (
	"os"
	"strings"
	"testing"
)

func TestParseMetricNames(t *testing.T) {
	scrape, err := os.ReadFile("../testdata/etcd-metrics/metrics-v3.5.txt")
	if err != nil {
		t.Fatal(err)
	}
	names, err := ParseMetricNames(scrape)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"etcd_mvcc_put_total", "etcd_disk_wal_fsync_duration_seconds_bucket", "etcd_debugging_mvcc_range_total"} {
		if !names[want] {
			t.Errorf("3.5 scrape lacks %s", want)
		}
	}
	if names["etcd_debugging_mvcc_put_total"] {
		t.Error("3.5 scrape has etcd_debugging_mvcc_put_total")
	}
	names, err = ParseMetricNames([]byte(`{"status":"success","data":["etcd_server_has_leader","up"]}`))
	if err != nil || !names["etcd_server_has_leader"] || len(names) != 2 {
		t.Errorf("label values: %v, %v", names, err)
	}
	for in, want := range map[string]string{
		"etcd_x 1\n{bad} 2\n":          "line 2",
		`{"status":"error","data":[]}`: `status "error"`,
		"":                             "no metrics",
		`{"status":`:                   "not a /api/v1/label/__name__/values response",
	} {
		if _, err := ParseMetricNames([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMetricNames(%q) error = %v, want %q", in, err, want)
		}
	}
}
