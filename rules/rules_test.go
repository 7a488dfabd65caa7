package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func TestRuleMetadata(t *testing.T) {
	id := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, r := range All {
		if !id.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule id %q is not unique kebab-case", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Rationale == "" || r.Before == "" || r.Check == nil || len(r.Surfaces) == 0 {
			t.Errorf("rule %s lacks documentation or a check", r.ID)
		}
		if r.Fixable != (r.FixSafety != "") || r.Fixable && !strings.HasPrefix(r.FixSafety, "safe") && !strings.HasPrefix(r.FixSafety, "unsafe") {
			t.Errorf("rule %s: Fixable %v but FixSafety %q (fixable rules say whether their fixes are safe, and why)", r.ID, r.Fixable, r.FixSafety)
		}
		if ByID(r.ID) != r {
			t.Errorf("ByID(%q) does not find it", r.ID)
		}
	}
}

func TestParseUpgrade(t *testing.T) {
	for _, tc := range []struct{ from, to, want, err string }{
		{"", "3.5", "3.4 → 3.5", ""},
		{"", "3.6", "3.5 → 3.6", ""},
		{"3.4", "3.5", "3.4 → 3.5", ""},
		{"3.4", "3.6", "3.4 → 3.6", ""}, // a chain of two hops
		{"3.5", "3.5", "", "not an upgrade"},
		{"", "3.7", "3.6 → 3.7", ""},
		{"3.6", "", "3.6 → 3.7", ""},
		{"", "3.8", "", "unsupported --to"},
		{"3.7", "", "", "unsupported --to"},
		{"3.3", "3.5", "", "unsupported --from"},
		// versions as people write them; --from alone means the next minor
		{"", "v3.6", "3.5 → 3.6", ""},
		{"v3.4.20", "3.5.17", "3.4 → 3.5", ""},
		{"3.5", "", "3.5 → 3.6", ""},
		{"", "", "3.4 → 3.5", ""},
		{"3.2", "", "", "unsupported --from"},
	} {
		up, err := ParseUpgrade(tc.from, tc.to)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseUpgrade(%q, %q) error = %v, want %q", tc.from, tc.to, err, tc.err)
			}
			continue
		}
		if err != nil || up.String() != tc.want {
			t.Errorf("ParseUpgrade(%q, %q) = %v, %v, want %s", tc.from, tc.to, up, err, tc.want)
		}
	}
}

func TestCatalog(t *testing.T) {
	c := MustLoadCatalog()
	if f := c.Flag("log-output"); f == nil || f.Defined("3.5") || !f.Defined("3.4") || f.RenamedTo("3.5") != "log-outputs" {
		t.Errorf("log-output row = %+v", f)
	}
	if !c.IsBool("debug") || !c.IsBool("enable-v2") || !c.IsBool("peer-heartbeat-interval") || c.IsBool("log-output") {
		t.Error("boolean flags are wrong")
	}
	if got := c.FlagForEnv("ETCD_LOG_PACKAGE_LEVELS"); got != "log-package-levels" {
		t.Errorf("FlagForEnv = %q", got)
	}
	if got := c.FlagForKey("client-transport-security.cert-file"); got != "cert-file" {
		t.Errorf("FlagForKey = %q", got)
	}
	if got := c.KeyForFlag("peer-cert-allowed-cn", "3.5"); got != "peer-transport-security.allowed-cn" {
		t.Errorf("KeyForFlag = %q", got)
	}
}

// TestFixPhasesAgainstTables sets every flag of the table on every surface,
// runs every rule for every upgrade, and checks each fix against the same
// tables: a pre fix may only write names the old etcd defines, a cutover fix
// names the new etcd defines, and no fix writes a name the new etcd rejects.
func TestFixPhasesAgainstTables(t *testing.T) {
	c := MustLoadCatalog()
	for _, up := range []Upgrade{{"3.4", "3.5"}, {"3.5", "3.6"}} {
		for _, sf := range []fact.Surface{fact.Flag, fact.Env} {
			proc := &fact.Process{Form: fact.CommandLine}
			for name := range c.flags {
				raw := name
				if sf == fact.Env {
					raw = fact.EnvName(name)
				}
				value := "x"
				if c.IsBool(name) {
					value = "true"
				}
				for _, v := range c.values[name] {
					_, value, _ = strings.Cut(v.Name, "=")
				}
				proc.Settings = append(proc.Settings, &fact.Setting{Name: name, Surface: sf, Raw: raw, Value: value, HasValue: true, Process: proc})
			}
			facts := &fact.Facts{Processes: []*fact.Process{proc}}
			for _, d := range Run(up, c, facts, nil) {
				if d.Fix == nil {
					continue
				}
				for _, in := range d.Fix.Intents {
					if in.Kind == fact.Remove || in.Name == "" {
						continue
					}
					f := c.Flag(in.Name)
					if f == nil || !f.Defined(up.To) {
						t.Errorf("%s %s: %s fix writes %s, which etcd %s does not define", up, sf, d.Rule, in.Name, up.To)
						continue
					}
					if d.Fix.Phase == Pre && !f.Defined(up.From) {
						t.Errorf("%s %s: %s fix is phase pre but etcd %s does not define %s", up, sf, d.Rule, up.From, in.Name)
					}
					if d.Fix.Phase == Cutover && f.Defined(up.From) {
						t.Errorf("%s %s: %s fix is phase cutover but etcd %s already defines %s", up, sf, d.Rule, up.From, in.Name)
					}
				}
			}
		}
	}
}

func TestNearest(t *testing.T) {
	c := MustLoadCatalog()
	for in, want := range map[string]string{
		"listen-client-url":  "listen-client-urls",
		"inital-cluster":     "initial-cluster",
		"completely-unknown": "",
	} {
		if got := c.nearestFlag(in, "3.5"); got != want {
			t.Errorf("nearestFlag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHops(t *testing.T) {
	up, err := ParseUpgrade("3.4", "3.7")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range up.Hops() {
		got = append(got, h.String())
	}
	if want := "3.4 → 3.5, 3.5 → 3.6, 3.6 → 3.7"; strings.Join(got, ", ") != want || !up.Chain() {
		t.Errorf("Hops() = %q, want %q", got, want)
	}
	if one := (Upgrade{From: "3.5", To: "3.6"}); one.Chain() {
		t.Errorf("%s is one hop", one)
	}
	if !ByID("auth-rolling-upgrade").AppliesTo(up) || ByID("auth-rolling-upgrade").AppliesTo(Upgrade{From: "3.5", To: "3.6"}) {
		t.Error("a rule of one hop applies to the chains through it, and only to them")
	}
}

// A rule reports each setting it owns (and leaves to no rule it falls back
// to) once, and no other: a catch-all defers to exactly what the owner's
// Check reports. Every flag of the table is set on every surface, with
// values that wake the value-level rules.
func TestOwnersReportWhatTheyOwn(t *testing.T) {
	c := MustLoadCatalog()
	proc := &fact.Process{Form: fact.CommandLine}
	for name := range c.flags {
		values := []string{"", "x", "false", "capnslog"}
		for _, row := range c.values[name] {
			_, v, _ := strings.Cut(row.Name, "=")
			values = append(values, v)
		}
		for _, sf := range []fact.Surface{fact.Flag, fact.Env, fact.ConfigKey} {
			raw := c.spelled(name, sf, "3.5")
			for _, v := range values {
				at := len(proc.Settings)
				proc.Settings = append(proc.Settings, &fact.Setting{Name: name, Surface: sf, Raw: raw, Value: v, HasValue: v != "",
					Span: fact.Span{Start: at, End: at + 1}, Process: proc})
			}
		}
	}
	facts := &fact.Facts{Processes: []*fact.Process{proc}}
	reported := map[string]bool{}
	for _, up := range []Upgrade{{"3.4", "3.5"}, {"3.5", "3.6"}, {"3.6", "3.7"}} {
		for _, r := range All {
			if r.OwnsSetting == nil || !r.Applies(up) {
				continue
			}
			p := newPass(up, up, c, facts)
			p.rule = r
			var want, got []int
			for _, s := range proc.Settings {
				if p.owns(s) {
					want = append(want, s.Span.Start)
				}
			}
			for _, d := range Run(up, c, facts, func(x *Rule) bool { return x == r }) {
				got = append(got, d.Span.Start)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: reports settings %v, owns %v", up, r.ID, got, want)
			}
			reported[r.ID] = reported[r.ID] || len(got) > 0
		}
	}
	for _, r := range All {
		if r.OwnsSetting != nil && !reported[r.ID] {
			t.Errorf("%s owns none of the settings", r.ID)
		}
	}
}

// A disabled rule does not run, yet what it owns stays its own: with
// every rule but unknown-flag off, --debug is still not an unknown flag.
func TestDisabledRulesDoNotRun(t *testing.T) {
	ran := map[string]bool{}
	for _, r := range All {
		check := r.Check
		r.Check = func(p *Pass) { ran[r.ID] = true; check(p) }
		t.Cleanup(func() { r.Check = check })
	}
	proc := &fact.Process{Form: fact.CommandLine}
	proc.Settings = []*fact.Setting{{Name: "debug", Surface: fact.Flag, Raw: "--debug", Span: fact.Span{Start: 5, End: 12}, Process: proc}}
	only := func(r *Rule) bool { return r.ID == "unknown-flag" }
	for _, up := range []Upgrade{{From: "3.4", To: "3.5"}, {From: "3.4", To: "3.6"}} {
		clear(ran)
		ds := Run(up, MustLoadCatalog(), &fact.Facts{Processes: []*fact.Process{proc}}, only)
		if len(ran) != 1 || !ran["unknown-flag"] {
			t.Errorf("%s: with only unknown-flag enabled, ran %v", up, ran)
		}
		for _, d := range ds {
			t.Errorf("%s: debug-flag disabled, %s reports %s", up, d.Rule, d.Message)
		}
	}
}
