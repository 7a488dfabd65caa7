package rules_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// scrapeNames reads the metric names of a /metrics scrape (testdata/etcd-metrics,
// copied from the measured facts by internal/factsync).
func scrapeNames(t *testing.T, file string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			names[strings.Fields(rest)[0]] = true
			continue
		}
		if line != "" && line[0] != '#' {
			names[strings.FieldsFunc(line, func(r rune) bool { return r == '{' || r == ' ' })[0]] = true
		}
	}
	return names
}

// TestFixedMonitoringFiles proves the metric fixes: every fixed rule file
// still loads in Prometheus (rulefmt and the PromQL parser, through the
// kind's validation), and every etcd_* name the fixed files and the
// negative case use is one the target etcd really exports. A wrong
// replacement in the tables fails here.
func TestFixedMonitoringFiles(t *testing.T) {
	cat := rules.MustLoadCatalog()
	scrapes := map[string]map[string]bool{}
	files, _ := filepath.Glob("../testdata/cases/metrics-*/fixed/*")
	negatives, _ := filepath.Glob("../testdata/cases/metrics-negatives/input/*")
	if len(files) < 5 || len(negatives) == 0 {
		t.Fatalf("fixed monitoring files missing: %v %v", files, negatives)
	}
	for _, file := range append(files, negatives...) {
		caseDir := filepath.Dir(filepath.Dir(file))
		to := "3.5"
		if args, err := os.ReadFile(filepath.Join(caseDir, "args")); err == nil && strings.Contains(string(args), "--to 3.6") {
			to = "3.6"
		}
		if scrapes[to] == nil {
			scrapes[to] = scrapeNames(t, "../testdata/etcd-metrics/metrics-v"+to+".txt")
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		k := kinds.Classify(file, src)
		if k == nil {
			t.Errorf("%s: no file kind", file)
			continue
		}
		facts, errs := k.Parse(file, src, cat)
		for _, e := range errs {
			t.Errorf("%s: offset %d: %s", file, e.Offset, e.Msg)
		}
		// Names removed without a replacement have no fix: removed-metric
		// still reports them in the fixed file.
		noFix := map[string]bool{}
		up, _ := rules.ParseUpgrade("", to)
		for _, c := range cat.MetricChanges(up, "removed") {
			noFix[c.Metric] = true
		}
		for _, m := range facts.Metrics {
			if noFix[m.Name] {
				continue
			}
			if (m.Use == fact.Selector || m.Use == fact.NameMatcher) && strings.HasPrefix(m.Name, "etcd_") && !scrapes[to][m.Name] {
				t.Errorf("%s: %s is not exported by etcd %s", file, m.Name, to)
			}
		}
	}
}
