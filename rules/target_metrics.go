package rules

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// ParseMetricNames reads the metric names of a user's scrape of the target
// etcd: Prometheus text exposition (/metrics) or the JSON of Prometheus'
// /api/v1/label/__name__/values. Errors name the line.
func ParseMetricNames(data []byte) (map[string]bool, error) {
	names := map[string]bool{}
	if trimmed := bytes.TrimSpace(data); bytes.HasPrefix(trimmed, []byte("{")) {
		var resp struct {
			Status string   `json:"status"`
			Data   []string `json:"data"`
		}
		if err := json.Unmarshal(trimmed, &resp); err != nil {
			return nil, fmt.Errorf("not a /api/v1/label/__name__/values response: %v", err)
		}
		if resp.Status != "success" {
			return nil, fmt.Errorf("label values response has status %q", resp.Status)
		}
		for _, n := range resp.Data {
			names[n] = true
		}
		return names, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "#"); ok {
			fields := strings.Fields(rest)
			if len(fields) >= 2 && (fields[0] == "HELP" || fields[0] == "TYPE") {
				names[fields[1]] = true
			}
			continue
		}
		end := strings.IndexAny(line, "{ \t")
		if end <= 0 || !validMetricName(line[:end]) {
			return nil, fmt.Errorf("line %d: not a sample of the Prometheus text format: %q", n, truncate(line))
		}
		names[line[:end]] = true
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no metrics found")
	}
	return names, nil
}

func validMetricName(s string) bool {
	for i, r := range s {
		if !(r == '_' || r == ':' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// WithTargetMetrics returns a copy of the catalogue that also knows which
// metrics the user's own target etcd exports (--metrics-from).
func (c *Catalog) WithTargetMetrics(names map[string]bool) *Catalog {
	cp := *c
	cp.targetMetrics = names
	return &cp
}

var metricMissingInTarget = &Rule{
	ID:       "metric-missing-in-target",
	Title:    "a metric the user's scrape of the target etcd does not have",
	Severity: Warning,
	Surfaces: []string{"metric"},
	Rationale: `etcdlint's metric table comes from scrapes of stock etcd builds after a basic workload. Your
target may differ: a custom build, a newer patch release, metrics that appear only with
--metrics=extensive, with peers, or after an event. With --metrics-from FILE (a /metrics scrape of the
target version, or Prometheus' /api/v1/label/__name__/values JSON), every etcd_* metric that your rules
and dashboards query and that the scrape lacks is reported, so an alert that would go quiet is found
before the upgrade. Metrics the table already explains are reported by their own rules instead.`,
	Before: "etcdlint --metrics-from etcd-3.5-metrics.txt alerts/",
	// the metric table's own rules explain what they own better
	Fallback: 1,
	Check: func(p *Pass) {
		if p.Catalog.targetMetrics == nil {
			return
		}
		for _, m := range p.Facts.Metrics {
			if m.Use != fact.Selector && m.Use != fact.NameMatcher || !strings.HasPrefix(m.Name, "etcd_") || p.Catalog.targetMetrics[m.Name] || p.deferredMetric(m) {
				continue
			}
			p.Report(Diagnostic{
				Severity: Warning,
				Span:     m.Span,
				Message: fmt.Sprintf("metric %s%s is not in the scrape of your target etcd %s (--metrics-from): %s; check the name, or whether the series appears only with --metrics=extensive, peers or after an event",
					m.Name, metricWhere(m), p.Upgrade.To, vanished(m)),
			})
		}
	},
}
