package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var removedMetric = &Rule{
	ID:       "removed-metric",
	Title:    "metrics the target etcd no longer exports, with no replacement",
	Severity: Error,
	Surfaces: []string{"metric"},
	Rationale: `etcd 3.6 removes the v2 HTTP API counters (etcd_http_*), the v2 proxy metrics
(etcd_proxy_*) and, through its newer Prometheus client library, go_memstats_gc_cpu_fraction and
go_memstats_lookups_total. Nothing replaces them: an alert on them silently never fires again, absent()
on them always fires, and a panel shows no data. Delete or rework the query.`,
	Before:      "expr: rate(etcd_http_failed_total[5m]) > 0",
	After:       "(deleted: the v2 API is gone in 3.6)",
	ExampleFile: "alerts.yaml",
	ExampleTo:   "3.6",
	OwnsMetric:  func(p *Pass, m *fact.MetricRef) bool { return p.removedMetricFinding(m) != nil },
	Check: func(p *Pass) {
		for _, m := range p.Facts.Metrics {
			if d := p.removedMetricFinding(m); d != nil {
				p.Report(*d)
			}
		}
	},
}

// removedMetricFinding is what removed-metric reports on m, or nil.
func (p *Pass) removedMetricFinding(m *fact.MetricRef) *Diagnostic {
	rows := p.Catalog.MetricChanges(p.Upgrade, "removed")
	to := p.Upgrade.To
	switch m.Use {
	case fact.Selector, fact.NameMatcher:
		c := findChange(rows, m.Name)
		if c == nil {
			c = findChange(rows, family(m.Name))
		}
		if c != nil {
			return &Diagnostic{
				Severity: Error,
				Span:     m.Span,
				Message:  fmt.Sprintf("metric %s is gone in etcd %s%s: %s; nothing replaces it (%s), so delete or rework the query", m.Name, to, metricWhere(m), vanished(m), reason(c)),
			}
		}
	case fact.NameRegex:
		if old := regexMatches(m, changeNames(rows)); len(old) > 0 {
			return &Diagnostic{
				Severity: Warning,
				Span:     m.Span,
				Message:  fmt.Sprintf("the metric name regex %q%s matches %s, which etcd %s no longer exports and nothing replaces: those series vanish from its result", m.Name, metricWhere(m), strings.Join(old, ", "), to),
			}
		}
	}
	return nil
}

// reason is the first clause of a diff-table note: why the metric went.
// family is the metric a series name belongs to: a histogram's or
// summary's _bucket, _sum and _count series are the metric's own.
func family(name string) string {
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suffix); ok {
			return base
		}
	}
	return name
}

func reason(c *MetricChange) string {
	r, _, _ := strings.Cut(c.Note, ";")
	return r
}
