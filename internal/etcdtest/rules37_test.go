package etcdtest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// value37 are probe values for the flags 3.7 drops that value36 does not
// give (3.6's experimental booleans are set to true by val36).
var value37 = map[string][2]string{
	"discovery-proxy": {"http://127.0.0.1:8080", `"http://127.0.0.1:8080"`},
}

// notBooted37 are settings the sandbox leaves out of every boot (a
// discovery URL would send the member to the network); TestMeasured37
// probes the flag itself.
var notBooted37 = map[string]bool{"discovery": true}

// probes37 derives from the rule tables every setting the 3.6 → 3.7 hop
// removes (the v3.7 column the project measured on 3.7.4): the flag exits,
// the variable is dropped with a warning, the config key is ignored.
func probes37(t *testing.T, cat *rules.Catalog) []probe36 {
	t.Helper()
	var out []probe36
	for _, f := range flagRows(t) {
		info := cat.Flag(f)
		if strings.Contains(f, "=") || info == nil || !info.Defined("3.6") || info.Ignored("3.6") || info.Defined("3.7") || notBooted37[f] {
			continue
		}
		row := fmt.Sprintf("etcd-flags.tsv row %q (v3.7: %s)", f, info.Status["3.7"])
		v := setting36{flag: f, value: "true", yaml: "true"}
		if pv, ok := value37[f]; ok {
			v = setting36{flag: f, value: pv[0], yaml: pv[1]}
		} else if _, ok := value36[f]; ok || !cat.IsBool(f) && !strings.HasPrefix(info.Replacement, "feature-gates=") {
			v = val36(t, cat, f)
		}
		rs := []string{"unknown-flag"}
		out = append(out,
			probe36{row: row, surface: fact.Flag, main: v, want: exits36, exitCode: 2, quote: "flag provided but not defined: -" + f, rules: rs},
			probe36{row: row, surface: fact.Env, main: v, want: warnsUnrecognized36, rules: rs})
		key := cat.KeyForFlag(f, "3.6")
		if k := cat.Key(key); key != "" && key != "-" && k != nil && k.Decoded("3.6") && !k.Decoded("3.7") {
			out = append(out, probe36{row: fmt.Sprintf("etcd-config-keys.tsv row %q (v3.7: %s)", key, k.Status["3.7"]), surface: fact.ConfigKey,
				main: setting36{key, v.value, v.yaml}, want: silent36, rules: rs})
		}
	}
	if len(out) < 3*23 {
		t.Fatalf("the tables give %d probes for the settings 3.7 drops; the 23 experimental flags alone make 69", len(out))
	}
	return out
}

// TestRulesAgainstEtcd37 lints files holding every setting the 3.6 → 3.7
// tables remove, boots them on real 3.7 and checks both the tables and
// each finding's message against what etcd does.
func TestRulesAgainstEtcd37(t *testing.T) {
	checkHop(t, rules.Upgrade{From: "3.6", To: "3.7"}, probes37)
}
