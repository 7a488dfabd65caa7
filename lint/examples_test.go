package lint

import (
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/rules"
)

// TestRuleExamples runs each rule's documented Before as the file it names
// (ExampleFile) for the target it shows: the rule must report it, and must
// leave After, the same example fixed, alone. An After in parentheses is
// advice, not a file.
func TestRuleExamples(t *testing.T) {
	for _, r := range rules.All {
		t.Run(r.ID, func(t *testing.T) {
			if r.ExampleFile == "" {
				t.Skipf("Before is not a file's text: %q", r.Before)
			}
			to := r.ExampleTo
			if to == "" {
				to = r.Since
			}
			up, err := rules.ParseUpgrade("", to)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Applies(up) {
				t.Fatalf("the example's target %s is not one the rule checks (%s)", up, r.Targets())
			}
			if got := exampleFindings(t, up, r.ExampleFile, r.Before, r.ID); len(got) == 0 {
				t.Errorf("%s: Before, read as %s, is not reported:\n%s", up, r.ExampleFile, r.Before)
			}
			if strings.HasPrefix(r.After, "(") {
				return
			}
			if got := exampleFindings(t, up, r.ExampleFile, r.After, r.ID); len(got) > 0 {
				t.Errorf("%s: After, read as %s, is still reported: %s\n%s", up, r.ExampleFile, got[0].Message, r.After)
			}
		})
	}
}

// exampleFindings lints src as the file name and returns the findings of
// rule id.
func exampleFindings(t *testing.T, up rules.Upgrade, name, src, id string) []Finding {
	t.Helper()
	// a fixed today: unused-ignore's After carries an until= date
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	res, err := Run(Options{Upgrade: up, Now: now}, nil, Document{Path: name, Src: []byte(src + "\n")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("%s: %v", name, res.Errors)
	}
	var out []Finding
	for _, f := range res.Findings() {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}
