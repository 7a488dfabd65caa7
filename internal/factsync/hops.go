package factsync

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// hop is one row of hops.tsv.
type hop struct{ from, to, fromTag, toTag, floor, source string }

func readHops(path string) ([]hop, error) {
	t, err := readTable(path)
	if err != nil {
		return nil, err
	}
	want := []string{"from", "to", "from_tag", "to_tag", "floor", "source"}
	if !slices.Equal(t.header, want) {
		return nil, fmt.Errorf("%s: header is %q, want %q", path, t.header, want)
	}
	var hops []hop
	for i, r := range t.rows {
		h := hop{r[0], r[1], r[2], r[3], r[4], r[5]}
		if i > 0 && h.from != hops[i-1].to {
			return nil, fmt.Errorf("%s: hop %s → %s does not start where the one before ends", path, h.from, h.to)
		}
		hops = append(hops, h)
	}
	if len(hops) == 0 {
		return nil, fmt.Errorf("%s: no hops", path)
	}
	return hops, nil
}

// tagsOf lists the measured releases, oldest first.
func tagsOf(hops []hop) []string {
	tags := []string{hops[0].fromTag}
	for _, h := range hops {
		tags = append(tags, h.toTag)
	}
	return tags
}

// table is a TSV file: comment lines kept verbatim above the header.
type table struct {
	comments []string
	header   []string
	rows     [][]string
}

func readTable(path string) (*table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseTable(path, data)
}

func parseTable(name string, data []byte) (*table, error) {
	t := &table{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case t.header == nil && strings.HasPrefix(line, "#"):
			t.comments = append(t.comments, line)
		case t.header == nil:
			t.header = strings.Split(line, "\t")
		case line != "":
			row := strings.Split(line, "\t")
			if len(row) != len(t.header) {
				return nil, fmt.Errorf("%s:%d: %d columns, the header has %d", name, n, len(row), len(t.header))
			}
			t.rows = append(t.rows, row)
		}
	}
	return t, sc.Err()
}

func (t *table) col(name string) int { return slices.Index(t.header, name) }

// addColumn inserts column name after column after, valued by value(row).
func (t *table) addColumn(after, name string, value func(row []string) string) {
	at := t.col(after) + 1
	t.header = slices.Insert(t.header, at, name)
	for i, r := range t.rows {
		t.rows[i] = slices.Insert(r, at, value(r))
	}
}

func (t *table) bytes() []byte {
	var b bytes.Buffer
	for _, c := range t.comments {
		b.WriteString(c + "\n")
	}
	b.WriteString(strings.Join(t.header, "\t") + "\n")
	for _, r := range t.rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return b.Bytes()
}

// measurement is what internal/etcdtest measured on a release the shared
// facts do not cover (internal/factsync/measured/v<minor>).
type measurement struct {
	minor, prev, tag   string
	flags, flagsBefore map[string]bool // flags minor and prev define
	metrics, before    map[string]bool // families exposed by minor and prev after one workload
	etcdctl            map[string]bool // "get\t(command)", "get\t--rev"
	keys               map[string]string
}

func readMeasurement(dir string, h hop, src *source) (*measurement, error) {
	m := &measurement{minor: h.to, prev: h.from, tag: h.toTag}
	for name, into := range map[string]*map[string]bool{"flags.txt": &m.flags, "flags-prev.txt": &m.flagsBefore, "metrics.txt": &m.metrics, "metrics-prev.txt": &m.before, "etcdctl.txt": &m.etcdctl} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("%v (go test ./internal/etcdtest -run TestMeasured -update measures it)", err)
		}
		tag := h.toTag
		if strings.HasSuffix(name, "-prev.txt") {
			tag = h.fromTag
		}
		if !measuredOn(data, tag) {
			return nil, fmt.Errorf("%s/%s was not measured on %s", dir, name, tag)
		}
		*into = map[string]bool{}
		for line := range strings.Lines(string(data)) {
			if line = strings.TrimRight(line, "\n"); line != "" && !strings.HasPrefix(line, "#") {
				(*into)[line] = true
			}
		}
	}
	var err error
	m.keys, err = keyTypes(src, h.toTag)
	return m, err
}

// measuredOn reports whether a measurement's header names the release tag
// (v3.7.4, not v3.7.40).
func measuredOn(data []byte, tag string) bool {
	header, _, _ := bytes.Cut(data, []byte("\n"))
	return regexp.MustCompile(`\b` + regexp.QuoteMeta(tag) + `\b`).Match(header)
}

// extend adds the measured minor's column to a table of the shared facts.
func (m *measurement) extend(name string, t *table) error {
	prevCol, col := "v"+m.prev, "v"+m.minor
	if name == "etcd-metrics-diff.tsv" {
		m.extendMetricsDiff(t)
		return nil
	}
	p := t.col(prevCol)
	if p < 0 {
		return fmt.Errorf("%s has no %s column", name, prevCol)
	}
	switch name {
	case "etcd-flags.tsv":
		return m.extendFlags(t, p, prevCol, col)
	case "etcd-config-keys.tsv":
		t.addColumn(prevCol, col, func(r []string) string {
			// Keys below a struct of another package (discovery-config.*)
			// are not read from source; their parent stands for them.
			top, _, _ := strings.Cut(r[0], ".")
			_, ok := m.keys[r[0]]
			_, topOK := m.keys[top]
			switch {
			case !ok && !topOK:
				return "ignored-silent" // etcd's YAML decoding drops unknown keys without a word
			case r[p] == "ignored-silent":
				return "present"
			}
			return r[p]
		})
	case "etcd-metrics.tsv":
		m.extendMetrics(t, p, prevCol, col)
	case "etcdctl-flags.tsv":
		known := map[string]bool{}
		t.addColumn(prevCol, col, func(r []string) string {
			known[r[0]+"\t"+r[1]] = true
			if m.etcdctl[r[0]+"\t"+r[1]] {
				return "present"
			}
			return "absent"
		})
		for _, k := range slices.Sorted(maps.Keys(m.etcdctl)) {
			if !known[k] {
				cmd, flag, _ := strings.Cut(k, "\t")
				row := []string{cmd, flag}
				for range t.header[2 : len(t.header)-1] {
					row = append(row, "absent")
				}
				t.rows = append(t.rows, append(row, "present"))
			}
		}
	}
	return nil
}

func (m *measurement) extendFlags(t *table, p int, prevCol, col string) error {
	gone := func(s string) bool {
		return s == "absent" || s == "removed" || strings.HasPrefix(s, "renamed-to-")
	}
	known := map[string]bool{}
	keyCol := t.col("config_key")
	for _, r := range t.rows {
		base, _, _ := strings.Cut(r[0], "=")
		known[base] = true
		if strings.Contains(r[keyCol], "|") {
			prevKey := "-"
			for part := range strings.SplitSeq(r[keyCol], "|") {
				if v, k, _ := strings.Cut(part, ":"); v == m.prev {
					prevKey = k
				}
			}
			if _, ok := m.keys[prevKey]; !ok {
				prevKey = "-"
			}
			r[keyCol] += "|" + m.minor + ":" + prevKey
		}
	}
	t.addColumn(prevCol, col, func(r []string) string {
		base, _, _ := strings.Cut(r[0], "=")
		// A flag neither release defines is one etcd never checks
		// (the legacy ignored flags): its status carries over.
		switch in, s := m.flags[base], r[p]; {
		case in && gone(s) && base == r[0]:
			return "present" // a value row keeps its own status
		case !in && m.flagsBefore[base]:
			return "removed"
		default:
			return s
		}
	})
	for f := range m.flags {
		if !known[f] && !m.flagsBefore[f] {
			return fmt.Errorf("etcd %s adds --%s, which no row of etcd-flags.tsv describes: add it to the facts", m.tag, f)
		}
	}
	return nil
}

func (m *measurement) extendMetrics(t *table, p int, prevCol, col string) {
	known := map[string]bool{}
	t.addColumn(prevCol, col, func(r []string) string {
		known[r[0]] = true
		switch s := r[p]; {
		case m.metrics[r[0]] && (strings.HasPrefix(s, "exposed") || s == "lazy"):
			return s
		case m.metrics[r[0]]:
			return "exposed"
		case m.before[r[0]]:
			return "removed" // the same workload shows it on the previous minor
		default:
			return s
		}
	})
	typeCol := t.col("type")
	for _, name := range m.added() {
		if known[name] {
			continue
		}
		row := make([]string, len(t.header))
		for i, h := range t.header {
			switch {
			case i == 0:
				row[i] = name
			case i == typeCol:
				row[i] = "-"
			case h == col:
				row[i] = "exposed"
			case strings.HasPrefix(h, "v3."):
				row[i] = "absent"
			case h == "note":
				row[i] = "new in " + m.minor + "; measured by internal/etcdtest (TestMeasured)"
			}
		}
		t.rows = append(t.rows, row)
	}
}

// added lists the families the minor exposes and the previous one does not
// under the same workload; removed the reverse. Histogram series
// (_bucket, _sum, _count) count under their family.
func (m *measurement) added() []string   { return families(m.metrics, m.before) }
func (m *measurement) removed() []string { return families(m.before, m.metrics) }

func families(in, notIn map[string]bool) []string {
	var out []string
	for name := range in {
		if notIn[name] {
			continue
		}
		if base, ok := histogramFamily(name); ok && in[base] {
			continue
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func histogramFamily(name string) (string, bool) {
	for _, suf := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suf); ok {
			return base, true
		}
	}
	return "", false
}

func (m *measurement) extendMetricsDiff(t *table) {
	note := "measured on " + m.tag + " against " + m.prev + " under one workload"
	for _, name := range m.removed() {
		t.rows = append(t.rows, []string{m.prev, m.minor, "removed", name, "", note})
	}
	for _, name := range m.added() {
		t.rows = append(t.rows, []string{m.prev, m.minor, "added", name, "", note})
	}
}
