package rules_test

import (
	"testing"

	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/rules"
)

// Disabling a specific rule silences its findings without handing its
// settings to a catch-all: --debug is not then an unknown flag.
func TestDisabledRuleKeepsCatchAllQuiet(t *testing.T) {
	c := rules.MustLoadCatalog()
	facts, errs := shellcmd.ParseScript([]byte("etcd --debug --name=a\n"), c, nil)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	up := rules.Upgrade{From: "3.4", To: "3.5"}
	onDebug := func(ds []rules.Diagnostic) (ids []string) {
		for _, d := range ds {
			if d.Span.Start == 5 {
				ids = append(ids, d.Rule)
			}
		}
		return ids
	}
	if ids := onDebug(rules.Run(up, c, facts, nil)); len(ids) != 1 || ids[0] != "debug-flag" {
		t.Fatalf("all rules on --debug: %v, want debug-flag", ids)
	}
	if ids := onDebug(rules.Run(up, c, facts, func(r *rules.Rule) bool { return r.ID != "debug-flag" })); len(ids) != 0 {
		t.Errorf("debug-flag disabled, on --debug: %v, want nothing", ids)
	}
}
