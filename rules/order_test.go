package rules_test

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// Which rule reports a setting is decided by what rules own and their
// Fallback, not by the order of All: the facts of the golden and per-rule
// inputs give the same diagnostics with All reversed or shuffled, with
// every rule enabled and with the owning rules disabled.
func TestOrderOfAllDoesNotMatter(t *testing.T) {
	scrape, err := os.ReadFile("../testdata/cases/metrics-from-scrape/target-metrics.txt")
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := rules.ParseMetricNames(scrape)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := lint.New(lint.Options{TargetMetrics: metrics})
	if err != nil {
		t.Fatal(err)
	}
	var files []*fact.Facts
	for _, dir := range []string{"../testdata/cases", "../testdata/rules"} {
		err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(path), "/input") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if facts, _ := eng.Facts(lint.Document{Path: path, Src: src}); facts != nil {
				files = append(files, facts)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 100 {
		t.Fatalf("only %d golden inputs with facts", len(files))
	}
	owner := func(r *rules.Rule) bool { return r.OwnsSetting == nil && r.OwnsMetric == nil }
	ups := []rules.Upgrade{{From: "3.4", To: "3.5"}, {From: "3.5", To: "3.6"}, {From: "3.6", To: "3.7"}, {From: "3.4", To: "3.7"}}
	run := func() (out [][]rules.Diagnostic) {
		for _, up := range ups {
			for _, enabled := range []func(*rules.Rule) bool{nil, owner} {
				for _, facts := range files {
					out = append(out, rules.Run(up, eng.Catalog(), facts, enabled))
				}
			}
		}
		return out
	}
	want := run()

	all := rules.All
	t.Cleanup(func() { rules.All = all })
	reversed := slices.Clone(all)
	slices.Reverse(reversed)
	shuffled := slices.Clone(all)
	rand.New(rand.NewPCG(14, 3)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for name, order := range map[string][]*rules.Rule{"reversed": reversed, "shuffled": shuffled} {
		rules.All = order
		for i, got := range run() {
			if show(got) != show(want[i]) {
				t.Errorf("All %s: diagnostics differ\ngot  %s\nwant %s", name, show(got), show(want[i]))
				break
			}
		}
	}
}

// show prints diagnostics sorted: the engine orders findings by position
// and rule, so the order rules report in is not a behaviour.
func show(ds []rules.Diagnostic) string {
	var lines []string
	for _, d := range ds {
		fix := ""
		if d.Fix != nil {
			fix = fmt.Sprintf("%s %s %s", d.Fix.Description, d.Fix.Phase, d.Fix.Safety)
			for _, in := range d.Fix.Intents {
				fix += fmt.Sprintf(" %v %q", in.Kind, in.Name)
				if in.Value != nil {
					fix += "=" + *in.Value
				}
			}
		}
		lines = append(lines, fmt.Sprintf("%s %v %s [%s] %s", d.Rule, d.Span, d.Severity, fix, d.Message))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
