package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var debuggingMvccMetric = &Rule{
	ID:        "debugging-mvcc-metric",
	Title:     "etcd_debugging_mvcc_* metrics renamed to etcd_mvcc_*: alerts and dashboards go quiet",
	Severity:  Error,
	Surfaces:  []string{"metric"},
	Fixable:   true,
	FixSafety: "safe: the new name carries the same series",
	Rationale: `etcd 3.5 no longer exports etcd_debugging_mvcc_db_total_size_in_bytes, _put_total,
_delete_total and _txn_total, and etcd 3.6 drops etcd_debugging_mvcc_range_total (3.5 still exports it).
Nothing fails: an alert on the old name silently never fires again, absent() on it always fires, and a
dashboard panel shows no data. The etcd_mvcc_* replacements are exported by 3.4 already, so the rename
ships before the upgrade. Other etcd_debugging_* metrics (current_revision, compact_revision,
keys_total, snap_*) still exist and are left alone. A __name__ regex that matches an old name needs a
person to rewrite it; a recording rule whose recorded name embeds an old name keeps its name, because
renaming it would break every query that reads it.`,
	Before:      "expr: etcd_debugging_mvcc_db_total_size_in_bytes > 8e9",
	After:       "expr: etcd_mvcc_db_total_size_in_bytes > 8e9",
	ExampleFile: "alerts.yaml",
	OwnsMetric:  func(p *Pass, m *fact.MetricRef) bool { return p.mvccFinding(m) != nil },
	Check: func(p *Pass) {
		for _, m := range p.Facts.Metrics {
			if d := p.mvccFinding(m); d != nil {
				p.Report(*d)
			}
		}
	},
}

// mvccFinding is what debugging-mvcc-metric reports on m, or nil.
func (p *Pass) mvccFinding(m *fact.MetricRef) *Diagnostic {
	renamed := p.Catalog.MetricRenamesUpTo(p.Upgrade)
	to := p.Upgrade.To
	switch m.Use {
	case fact.Selector, fact.NameMatcher:
		if c := findChange(renamed, m.Name); c != nil {
			return &Diagnostic{
				Severity: Error,
				Span:     m.Span,
				Message:  fmt.Sprintf("metric %s is gone %s%s: %s; query %s instead%s", m.Name, goneIn(c.To, to), metricWhere(m), vanished(m), c.Replacement, p.alreadyExported(c.Replacement)),
				Fix:      p.renameFix(m, c.Replacement),
			}
		}
		if later, rep := p.removedLater(m.Name); later != "" {
			// not a change of this upgrade: a heads-up for the next one
			return &Diagnostic{
				Severity: Info,
				Span:     m.Span,
				Message:  fmt.Sprintf("metric %s is deprecated%s: etcd %s still exports it, but %s does not; query %s instead%s", m.Name, metricWhere(m), to, later, rep, p.alreadyExported(rep)),
				Fix:      p.renameFix(m, rep),
			}
		}
	case fact.NameRegex:
		if old := regexMatches(m, changeNames(renamed)); len(old) > 0 {
			var reps []string
			for _, o := range old {
				reps = append(reps, findChange(renamed, o).Replacement)
			}
			return &Diagnostic{
				Severity: Warning,
				Span:     m.Span,
				Message:  fmt.Sprintf("the metric name regex %q%s matches %s, which etcd %s does not export: those series vanish from its result; rewrite it to match %s", m.Name, metricWhere(m), strings.Join(old, ", "), to, strings.Join(reps, ", ")),
			}
		}
	case fact.RecordedName:
		for _, c := range renamed {
			if embeds(m.Name, c.Metric) {
				return &Diagnostic{
					Severity: Info,
					Span:     m.Span,
					Message:  fmt.Sprintf("recorded series %s is named after %s, which etcd %s does not export: its name is kept, since renaming it would break the queries that read it; rename it together with them if wanted", m.Name, c.Metric, to),
				}
			}
		}
	}
	return nil
}

// removedLater returns the first version after the upgrade's target that
// no longer exports a metric the target still exports, with its
// replacement; "" when there is none.
func (p *Pass) removedLater(name string) (version, replacement string) {
	info := p.Catalog.Metric(name)
	if info == nil || info.Replacement == "" || !info.Exported(p.Upgrade.To) {
		return "", ""
	}
	for _, v := range Versions[slices.Index(Versions, p.Upgrade.To)+1:] {
		if info.Status[v] == Removed {
			return v, info.Replacement
		}
	}
	return "", ""
}

// goneIn is "in etcd 3.5" for the hop audited, "since etcd 3.5" for an
// earlier one.
func goneIn(since, to string) string {
	if since == to {
		return "in etcd " + to
	}
	return "since etcd " + since
}
