package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// MetricInfo is one row of etcd-metrics.tsv: a metric and whether each
// etcd version exports it.
type MetricInfo struct {
	Name        string
	Type        string
	Status      map[string]string
	Replacement string
	Note        string
}

// Exported reports whether etcd v exports the metric (perhaps only after
// an event, with extensive metrics or with peers).
func (m *MetricInfo) Exported(v string) bool {
	s := m.Status[v]
	return strings.HasPrefix(s, "exposed") || s == "lazy"
}

// MetricChange is one row of etcd-metrics-diff.tsv.
type MetricChange struct {
	From, To    string
	Change      string // renamed, removed or added
	Metric      string
	Replacement string
	Note        string
}

type metricTable struct {
	byName  map[string]*MetricInfo
	changes []*MetricChange
}

func loadMetrics() (*metricTable, error) {
	t := &metricTable{byName: map[string]*MetricInfo{}}
	err := readTSV("data/etcd-metrics.tsv", func(r map[string]string) error {
		m := &MetricInfo{Name: r["metric"], Type: r["type"], Status: map[string]string{}, Replacement: r["replacement"], Note: r["note"]}
		for _, v := range Versions {
			m.Status[v] = r["v"+v]
		}
		t.byName[m.Name] = m
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readTSV("data/etcd-metrics-diff.tsv", func(r map[string]string) error {
		c := &MetricChange{From: r["from"], To: r["to"], Change: r["change"], Metric: r["metric"], Replacement: r["replacement"], Note: r["note"]}
		if c.Change == "renamed" && c.Replacement == "" {
			return fmt.Errorf("%s is renamed without a replacement", c.Metric)
		}
		t.changes = append(t.changes, c)
		return nil
	})
	return t, err
}

// Metric returns the table row of a metric, or nil.
func (c *Catalog) Metric(name string) *MetricInfo { return c.metrics.byName[name] }

// KnownMetric reports whether some etcd version of the table exports the
// metric: file kinds that token-scan text that is mostly not PromQL (string
// literals of source code) keep only such names.
func (c *Catalog) KnownMetric(name string) bool { return c.metrics.byName[name] != nil }

// MetricChanges returns the rows of the diff table for the upgrade with
// the given change (renamed, removed, added).
func (c *Catalog) MetricChanges(up Upgrade, change string) []*MetricChange {
	var out []*MetricChange
	for _, ch := range c.metrics.changes {
		if ch.From == up.From && ch.To == up.To && ch.Change == change {
			out = append(out, ch)
		}
	}
	return out
}

// MetricRenamesUpTo returns the renamed rows of every hop up to the
// upgrade's target: a name 3.5 already dropped is still dead on 3.6.
func (c *Catalog) MetricRenamesUpTo(up Upgrade) []*MetricChange {
	last := slices.Index(Versions, up.To)
	var out []*MetricChange
	for _, ch := range c.metrics.changes {
		if ch.Change == "renamed" && slices.Index(Versions, ch.To) <= last {
			out = append(out, ch)
		}
	}
	return out
}

// metricWhere says, for messages, where a reference is: " (alert: X)".
func metricWhere(m *fact.MetricRef) string {
	if m.Context == "" {
		return ""
	}
	return " (" + m.Context + ")"
}

// vanished says what a query loses when its series stops existing.
func vanished(m *fact.MetricRef) string {
	switch {
	case m.InAbsent && strings.HasPrefix(m.Context, "alert: "):
		return "absent() becomes true for good, so this alert always fires"
	case m.InAbsent:
		return "absent() becomes true for good"
	case strings.HasPrefix(m.Context, "alert: "):
		return "the query returns nothing, so this alert never fires again"
	case strings.HasPrefix(m.Context, "record: "):
		return "the query returns nothing, so this rule records nothing"
	case strings.HasPrefix(m.Context, "panel: ") || strings.HasPrefix(m.Context, "variable: "):
		return "the query returns nothing, so the dashboard shows no data"
	}
	return "the query returns nothing"
}

// regexMatches returns the names the name regex of m matches, as
// Prometheus anchors it.
func regexMatches(m *fact.MetricRef, names []string) []string {
	re, err := regexp.Compile("^(?:" + m.Name + ")$")
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range names {
		if re.MatchString(n) {
			out = append(out, n)
		}
	}
	return out
}

// embeds reports whether a recorded series name contains the metric name
// old (job:etcd_debugging_mvcc_put_total:rate5m).
func embeds(recorded, old string) bool {
	return recorded != old && strings.Contains(recorded, old)
}

// renameFix renames a metric reference when its name is written literally.
func (p *Pass) renameFix(m *fact.MetricRef, to string) *Fix {
	if m.Render == nil || m.Use == fact.NameRegex || m.Use == fact.RecordedName {
		return nil
	}
	phase := Cutover
	if info := p.Catalog.Metric(to); info != nil && info.Exported(p.Upgrade.From) {
		phase = Pre
	}
	return &Fix{
		Description: fmt.Sprintf("rename %s to %s", m.Name, to),
		Phase:       phase,
		Safety:      Safe,
		Intents:     []fact.Intent{{Kind: fact.Replace, Metric: m, Name: to}},
	}
}

// alreadyExported says whether the old etcd exports the replacement, so
// the rename can ship before the upgrade.
func (p *Pass) alreadyExported(name string) string {
	if info := p.Catalog.Metric(name); info != nil && info.Exported(p.Upgrade.From) {
		return fmt.Sprintf(" (etcd %s exports it already)", p.Upgrade.From)
	}
	return fmt.Sprintf(" once every member runs %s", p.Upgrade.To)
}

// findChange is the row of cs about metric, or nil: a metric changes once.
func findChange(cs []*MetricChange, metric string) *MetricChange {
	for _, c := range cs {
		if c.Metric == metric {
			return c
		}
	}
	return nil
}

func changeNames(cs []*MetricChange) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Metric)
	}
	return slices.Compact(out)
}
