package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

// reportedRule matches a finding of the text report ("path:L:C: error: … [rule]")
// and a line of the --fix report ("fixed path:L:C: … [rule]").
var (
	reportedRule = regexp.MustCompile(`(?m)^\S+:\d+:\d+: (?:error|warning|info): .*\[([a-z0-9-]+)\]$`)
	fixedRule    = regexp.MustCompile(`(?m)^fixed \S+:\d+:\d+: .*\[([a-z0-9-]+)\]$`)
)

// TestEveryRuleHasCases: each rule has a directory of cases under
// testdata/rules (run by TestRuleCases), with a fire-… case where it
// reports and a quiet-… case of look-alikes where it does not; a fixable
// rule's fire cases show a fix of it applied (fixed/, want-fix.txt).
func TestEveryRuleHasCases(t *testing.T) {
	dirs, err := os.ReadDir(ruleCasesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if rules.ByID(d.Name()) == nil {
			t.Errorf("testdata/rules/%s names no rule", d.Name())
		}
	}
	for _, r := range rules.All {
		cases, err := os.ReadDir(filepath.Join(ruleCasesDir, r.ID))
		if err != nil {
			t.Errorf("%s has no cases: %v", r.ID, err)
			continue
		}
		fire, quiet, fixed := 0, 0, 0
		for _, c := range cases {
			dir := filepath.Join(ruleCasesDir, r.ID, c.Name())
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if !c.IsDir() || err != nil {
				t.Errorf("%s: not a case with a want.txt: %v", dir, err)
				continue
			}
			reports := reported(reportedRule, want, r.ID)
			switch {
			case strings.HasPrefix(c.Name(), "fire-"):
				fire++
				if !reports {
					t.Errorf("%s: want.txt has no [%s] finding", dir, r.ID)
				}
				if wantFix, err := os.ReadFile(filepath.Join(dir, "want-fix.txt")); err == nil && reported(fixedRule, wantFix, r.ID) {
					fixed++
				}
			case strings.HasPrefix(c.Name(), "quiet-"):
				quiet++
				if reports {
					t.Errorf("%s: a quiet case, but want.txt has a [%s] finding", dir, r.ID)
				}
			default:
				t.Errorf("%s: a case is named fire-… or quiet-…", dir)
			}
		}
		if fire == 0 || quiet == 0 {
			t.Errorf("%s has %d fire- and %d quiet- cases, want at least one of each", r.ID, fire, quiet)
		}
		if r.Fixable && fixed == 0 {
			t.Errorf("%s is fixable, but no fire- case fixes it (fixed/ or fix-args, and want-fix.txt)", r.ID)
		}
	}
}

// reported reports whether a report names rule id in a line re matches.
func reported(re *regexp.Regexp, report []byte, id string) bool {
	for _, m := range re.FindAllSubmatch(report, -1) {
		if string(m[1]) == id {
			return true
		}
	}
	return false
}
