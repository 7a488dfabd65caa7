package etcdtest_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// warns36 are the deprecation warnings etcd 3.6.14 logs for each setting the
// flag table marks deprecated-warns in 3.6, as measured on the real binary
// (../shared/etcd-facts/runtime-warnings.md, the same text on every surface).
var warns36 = map[string]string{
	"experimental-bootstrap-defrag-threshold-megabytes": "--experimental-bootstrap-defrag-threshold-megabytes is deprecated in v3.6 and will be decommissioned in v3.7. Use '--bootstrap-defrag-threshold-megabytes' instead.",
	"experimental-compact-hash-check-enabled":           "--experimental-compact-hash-check-enabled is deprecated in 3.6 and will be decommissioned in 3.7. Use '--feature-gates=CompactHashCheck=true' instead.",
	"experimental-compact-hash-check-time":              "--experimental-compact-hash-check-time is deprecated in 3.6 and will be decommissioned in 3.7. Use '--compact-hash-check-time' instead.",
	"experimental-compaction-batch-limit":               "--experimental-compaction-batch-limit is deprecated in v3.6 and will be decommissioned in v3.7. Use '--compaction-batch-limit' instead.",
	"experimental-compaction-sleep-interval":            "--experimental-compaction-sleep-interval is deprecated in v3.6 and will be decommissioned in v3.7. Use 'compaction-sleep-interval' instead.",
	"experimental-corrupt-check-time":                   "--experimental-corrupt-check-time is deprecated in v3.6 and will be decommissioned in v3.7. Use '--corrupt-check-time' instead.",
	"experimental-distributed-tracing-address":          "--experimental-distributed-tracing-address is deprecated in 3.6 and will be decommissioned in 3.7. Use --distributed-tracing-address instead.",
	"experimental-distributed-tracing-instance-id":      "--experimental-distributed-tracing-instance-id is deprecated in 3.6 and will be decommissioned in 3.7. Use --distributed-tracing-instance-id instead.",
	"experimental-distributed-tracing-sampling-rate":    "--experimental-distributed-tracing-sampling-rate is deprecated in 3.6 and will be decommissioned in 3.7. Use --distributed-tracing-sampling-rate instead.",
	"experimental-distributed-tracing-service-name":     "--experimental-distributed-tracing-service-name is deprecated in 3.6 and will be decommissioned in 3.7. Use --distributed-tracing-service-name instead.",
	"experimental-downgrade-check-time":                 "--experimental-downgrade-check-time is deprecated in v3.6 and will be decommissioned in v3.7. Use '--downgrade-check-time' instead.",
	"experimental-enable-distributed-tracing":           "--experimental-enable-distributed-tracing is deprecated in 3.6 and will be decommissioned in 3.7. Use --enable-distributed-tracing instead.",
	"experimental-memory-mlock":                         "--experimental-memory-mlock is deprecated in v3.6 and will be decommissioned in v3.7. Use '--memory-mlock' instead.",
	"experimental-snapshot-catchup-entries":             "--experimental-snapshot-catchup-entries is deprecated in v3.6 and will be decommissioned in v3.7. Use '--snapshot-catchup-entries' instead.",
	// 3.6 says =true whatever the value.
	"experimental-txn-mode-write-with-shared-buffer": "--experimental-txn-mode-write-with-shared-buffer is deprecated in v3.6 and will be decommissioned in v3.7. Use '--feature-gates=TxnModeWriteWithSharedBuffer=true' instead.",
	"experimental-warning-apply-duration":            "--experimental-warning-apply-duration is deprecated in v3.6 and will be decommissioned in v3.7. Use '--warning-apply-duration' instead.",
	"experimental-warning-unary-request-duration":    "--experimental-warning-unary-request-duration is deprecated, and will be decommissioned in v3.7. Use --warning-unary-request-duration instead.",
	"experimental-watch-progress-notify-interval":    "--experimental-watch-progress-notify-interval is deprecated in v3.6 and will be decommissioned in v3.7. Use '--watch-progress-notify-interval' instead.",
	"max-snapshots":  "--max-snapshots is deprecated in 3.6 and will be decommissioned in 3.8.",
	"v2-deprecation": "--v2-deprecation is deprecated and scheduled for removal in v3.8. The default value is enforced, ignoring user input.",
}

// disagreements36 are findings whose message real 3.6 contradicts, by
// "rule surface setting", waiting for the rule to be fixed. Each is logged;
// one that starts to agree fails the test, so that the list only shrinks.
var disagreements36 = map[string]string{}

// value36 is a value etcd accepts for a flag: as a flag or variable, and
// as YAML (durations are integer nanoseconds there). Booleans not listed
// are set to true.
var value36 = map[string][2]string{
	"experimental-bootstrap-defrag-threshold-megabytes": {"1", "1"},
	"experimental-compact-hash-check-time":              {"2m0s", "120000000000"},
	"experimental-compaction-batch-limit":               {"500", "500"},
	"experimental-compaction-sleep-interval":            {"20ms", "20000000"},
	"experimental-corrupt-check-time":                   {"1m0s", "60000000000"},
	"experimental-distributed-tracing-address":          {"localhost:4317", `"localhost:4317"`},
	"experimental-distributed-tracing-instance-id":      {"i1", `"i1"`},
	"experimental-distributed-tracing-sampling-rate":    {"0", "0"},
	"experimental-distributed-tracing-service-name":     {"etcd", `"etcd"`},
	"experimental-downgrade-check-time":                 {"10s", "10000000000"},
	"experimental-enable-distributed-tracing":           {"false", "false"},
	"experimental-memory-mlock":                         {"false", "false"}, // true needs CAP_IPC_LOCK
	"experimental-snapshot-catchup-entries":             {"6000", "6000"},
	"experimental-txn-mode-write-with-shared-buffer":    {"false", "false"},
	"experimental-warning-apply-duration":               {"200ms", "200000000"},
	"experimental-warning-unary-request-duration":       {"400ms", "400000000"},
	"experimental-watch-progress-notify-interval":       {"5m0s", "300000000000"},
	"max-snapshots":             {"5", "5"},
	"v2-deprecation":            {"write-only", `"write-only"`},
	"experimental-enable-v2v3":  {"/v2v3", `"/v2v3"`},
	"proxy":                     {"off", `"off"`},
	"proxy-dial-timeout":        {"1000", "1000"},
	"proxy-failure-wait":        {"5000", "5000"},
	"proxy-read-timeout":        {"0", "0"},
	"proxy-refresh-interval":    {"30000", "30000"},
	"proxy-write-timeout":       {"5000", "5000"},
	"experimental-max-learners": {"2", "2"},
}

// setting36 is one setting of a 3.6 probe, written on the probe's surface.
type setting36 struct {
	flag, value, yaml string
}

// probe36 is one file's worth of settings under test on real 3.6.
type probe36 struct {
	row     string
	surface fact.Surface
	main    setting36
	extra   []setting36 // the new name or the feature gate set beside main
	want    claim36
	quote   string // exits: the line etcd prints; warns: the warning
	// exitCode is etcd's status for exits, 0 when any.
	exitCode int
	// rules are the rules one of which must report main.
	rules []string
}

type claim36 int

const (
	exits36 claim36 = iota
	warnsQuote36
	warnsUnrecognized36
	silent36
	silentDeprecated36
)

func (c claim36) String() string {
	return [...]string{"exits", "starts and warns", "starts and warns unrecognized", "starts and ignores silently", "starts without a deprecation warning"}[c]
}

func val36(t *testing.T, cat *rules.Catalog, flag string) setting36 {
	t.Helper()
	if v, ok := value36[flag]; ok {
		return setting36{flag: flag, value: v[0], yaml: v[1]}
	}
	if cat.IsBool(flag) || strings.HasPrefix(cat.Flag(flag).Replacement, "feature-gates=") {
		return setting36{flag: flag, value: "true", yaml: "true"}
	}
	t.Fatalf("no probe value for etcd-flags.tsv row %q: add one to value36", flag)
	return setting36{}
}

// probes36 derives from the rule tables every setting the 3.5 → 3.6 hop
// changes, with what 3.6 is recorded to do on each surface.
func probes36(t *testing.T, cat *rules.Catalog) []probe36 {
	t.Helper()
	var out []probe36
	kinds := map[string]int{}
	surfaces := []fact.Surface{fact.Flag, fact.Env, fact.ConfigKey}
	for _, f := range flagRows(t) {
		if strings.Contains(f, "=") {
			continue
		}
		info := cat.Flag(f)
		if info == nil || !info.Defined("3.5") || info.Ignored("3.5") {
			continue
		}
		st := info.Status["3.6"]
		if info.Defined("3.6") && st != rules.DeprecatedWarns && st != rules.DeprecatedSilent {
			continue
		}
		row := fmt.Sprintf("etcd-flags.tsv row %q (v3.6: %s)", f, st)
		v := val36(t, cat, f)
		key35, key36 := cat.KeyForFlag(f, "3.5"), cat.KeyForFlag(f, "3.6")
		switch {
		case !info.Defined("3.6"): // removed by the hop
			kinds["removed"]++
			rs := []string{"unknown-flag", "enable-v2"}
			out = append(out,
				probe36{row: row, surface: fact.Flag, main: v, want: exits36, exitCode: 2, quote: "flag provided but not defined: -" + f, rules: rs},
				probe36{row: row, surface: fact.Env, main: v, want: warnsUnrecognized36, rules: rs})
			if k := cat.Key(key35); key35 != "" && key35 != "-" && k != nil && k.Decoded("3.5") && !k.Decoded("3.6") {
				out = append(out, probe36{row: fmt.Sprintf("etcd-config-keys.tsv row %q (v3.6: %s)", key35, k.Status["3.6"]), surface: fact.ConfigKey, main: setting36{key35, v.value, v.yaml}, want: silent36, rules: rs})
			}
		case st == rules.DeprecatedWarns:
			kinds["warns"]++
			quote := warns36[f]
			if quote == "" {
				t.Fatalf("%s: no measured warning in warns36", row)
			}
			for _, sf := range surfaces {
				m := v
				if sf == fact.ConfigKey {
					k := cat.Key(key36)
					if k == nil || k.Status["3.6"] != rules.DeprecatedWarns {
						continue
					}
					m.flag = key36
				}
				out = append(out, probe36{row: row, surface: sf, main: m, want: warnsQuote36, quote: quote, rules: []string{"deprecated-setting"}})
			}
		case st == rules.DeprecatedSilent:
			kinds["silent"]++
			for _, sf := range surfaces {
				m := v
				if sf == fact.ConfigKey {
					k := cat.Key(key36)
					if k == nil || k.Status["3.6"] != rules.DeprecatedSilent {
						continue
					}
					m.flag = key36
				}
				out = append(out, probe36{row: row, surface: sf, main: m, want: silentDeprecated36, rules: []string{"deprecated-setting"}})
			}
		default:
			continue
		}
		if !info.Defined("3.6") {
			continue
		}
		// The old name with its successor, or the experimental flag with
		// its own feature gate: 3.6 refuses both.
		succ := cat.Flag(info.Replacement)
		gate, isGate := strings.CutPrefix(info.Replacement, "feature-gates=")
		gate, _, _ = strings.Cut(gate, "=")
		for _, sf := range surfaces {
			m := v
			if sf == fact.ConfigKey {
				if m.flag = key36; m.flag == "" || m.flag == "-" {
					continue
				}
			}
			switch {
			case succ != nil && succ.Defined("3.6") && !succ.Defined("3.5"):
				kinds["pair"]++
				n := setting36{flag: succ.Name, value: v.value, yaml: v.yaml}
				if sf == fact.ConfigKey {
					if n.flag = cat.KeyForFlag(succ.Name, "3.6"); n.flag == "" || n.flag == "-" {
						continue
					}
				}
				if f == "experimental-snapshot-catchup-entries" && sf == fact.ConfigKey {
					continue // 3.6 drops the catch-up key's value: nothing to collide with
				}
				out = append(out, probe36{row: row + " set with " + succ.Name, surface: sf, main: m, extra: []setting36{n}, want: exits36, exitCode: 1,
					quote: fmt.Sprintf("cannot set --%s and --%s at the same time", f, succ.Name), rules: []string{"deprecated-setting"}})
			case isGate && gate != "":
				kinds["gate"]++
				g := setting36{flag: "feature-gates", value: gate + "=true", yaml: `"` + gate + `=true"`}
				m.value, m.yaml = "true", "true"
				out = append(out, probe36{row: row + " set with feature-gates=" + gate, surface: sf, main: m, extra: []setting36{g}, want: exits36, exitCode: 1,
					quote: fmt.Sprintf("cannot specify both flags: --%s=true and --feature-gates=%s=true at the same time", f, gate), rules: []string{"deprecated-setting"}})
			}
		}
	}
	// Value-level rows that 3.6 refuses at start.
	df := "etcd-flags.tsv row \"discovery-fallback=proxy\" (v3.6: startup-error)"
	dfv := setting36{"discovery-fallback", "proxy", `"proxy"`}
	dfq := `v2 proxy is deprecated, and --discovery-fallback can't be configured as \"proxy\"`
	out = append(out,
		probe36{row: df, surface: fact.Flag, main: dfv, want: exits36, exitCode: 1, quote: dfq, rules: []string{"rejected-value"}},
		probe36{row: df, surface: fact.Env, main: dfv, want: exits36, exitCode: 1, quote: dfq, rules: []string{"rejected-value"}},
		probe36{row: "etcd-config-keys.tsv row \"discovery-fallback\" (v3.6: ignored-silent)", surface: fact.ConfigKey, main: dfv, want: silent36, rules: []string{"unknown-flag"}})
	nv := "etcd-flags.tsv row \"v2-deprecation=not-yet\" (v3.6: startup-error)"
	nyv := setting36{"v2-deprecation", "not-yet", `"not-yet"`}
	out = append(out,
		probe36{row: nv, surface: fact.Flag, main: nyv, want: exits36, exitCode: 2, quote: `invalid value "not-yet" for flag -v2-deprecation`, rules: []string{"rejected-value"}},
		probe36{row: nv, surface: fact.Env, main: nyv, want: exits36, exitCode: 1, quote: `invalid value \"not-yet\" for ETCD_V2_DEPRECATION`, rules: []string{"rejected-value"}},
		probe36{row: nv, surface: fact.ConfigKey, main: nyv, want: warnsQuote36, quote: warns36["v2-deprecation"], rules: []string{"deprecated-setting"}})
	// A name the 3.6 upgrade guide gives but no release defines.
	ml := "unknown-flag (experimental-max-learners, named in the 3.6 upgrade guide)"
	mlv := val36(t, cat, "experimental-max-learners")
	out = append(out,
		probe36{row: ml, surface: fact.Flag, main: mlv, want: exits36, exitCode: 2, quote: "flag provided but not defined: -experimental-max-learners", rules: []string{"unknown-flag"}},
		probe36{row: ml, surface: fact.Env, main: mlv, want: warnsUnrecognized36, rules: []string{"unknown-flag"}},
		probe36{row: ml, surface: fact.ConfigKey, main: mlv, want: silent36, rules: []string{"unknown-flag"}})
	for _, k := range []string{"removed", "warns", "silent", "pair", "gate"} {
		if kinds[k] == 0 {
			t.Fatalf("the tables have no 3.6 rows of kind %s: the test lost its subject (%v)", k, kinds)
		}
	}
	return out
}

// document36 writes the settings as a user's file on the probe's surface.
func document36(sf fact.Surface, ss []setting36) lint.Document {
	var b strings.Builder
	switch sf {
	case fact.Flag:
		b.WriteString("[Unit]\nDescription=etcd\n\n[Service]\nType=notify\nExecStart=/usr/local/bin/etcd --name n1")
		for _, s := range ss {
			fmt.Fprintf(&b, " \\\n  --%s=%s", s.flag, s.value)
		}
		b.WriteString("\n\n[Install]\nWantedBy=multi-user.target\n")
		return lint.Document{Path: "etc/systemd/system/etcd.service", Src: []byte(b.String())}
	case fact.Env:
		b.WriteString("ETCD_NAME=n1\n")
		for _, s := range ss {
			fmt.Fprintf(&b, "%s=%s\n", fact.EnvName(s.flag), s.value)
		}
		return lint.Document{Path: "etc/etcd/etcd.env", Src: []byte(b.String())}
	}
	b.WriteString("name: n1\ndata-dir: /var/lib/etcd\nlisten-client-urls: http://10.0.0.1:2379\n")
	for _, s := range ss {
		if before, after, nested := strings.Cut(s.flag, "."); nested {
			fmt.Fprintf(&b, "%s:\n  %s: %s\n", before, after, s.yaml)
		} else {
			fmt.Fprintf(&b, "%s: %s\n", s.flag, s.yaml)
		}
	}
	return lint.Document{Path: "etc/etcd/etcd.conf.yml", Src: []byte(b.String())}
}

type group36 struct {
	surface fact.Surface
	probes  []probe36
}

// groups36 boots each probe that should exit alone and the others
// together per surface, never two settings of one name in one file.
func groups36(ps []probe36) []group36 {
	var out []group36
	for _, p := range ps {
		if p.want == exits36 || len(p.extra) > 0 {
			out = append(out, group36{surface: p.surface, probes: []probe36{p}})
			continue
		}
		placed := false
		for i := range out {
			g := &out[i]
			if g.surface != p.surface || g.probes[0].want == exits36 || len(g.probes[0].extra) > 0 {
				continue
			}
			if slices.ContainsFunc(g.probes, func(q probe36) bool { return q.main.flag == p.main.flag }) {
				continue
			}
			g.probes = append(g.probes, p)
			placed = true
			break
		}
		if !placed {
			out = append(out, group36{surface: p.surface, probes: []probe36{p}})
		}
	}
	return out
}

// TestRulesAgainstEtcd36 lints files holding every setting the 3.5 → 3.6
// tables change, boots them on real 3.6 and checks both the tables and
// each finding's message against what etcd does.
func TestRulesAgainstEtcd36(t *testing.T) {
	checkHop(t, rules.Upgrade{From: "3.5", To: "3.6"}, probes36)
}

// checkHop boots the probes of one hop on the real etcd of its target,
// two at a time, a subtest per group.
func checkHop(t *testing.T, up rules.Upgrade, probes func(*testing.T, *rules.Catalog) []probe36) {
	skipShort(t)
	t.Parallel()
	bin := etcdtest.Binary(t, up.To)
	eng, err := lint.New(lint.Options{Upgrade: up})
	if err != nil {
		t.Fatal(err)
	}
	baseline := baselineOf(t, bin)
	sem := make(chan struct{}, 2)
	for _, g := range groups36(probes(t, eng.Catalog())) {
		name := fmt.Sprintf("%s/%s", g.surface, g.probes[0].main.flag)
		if len(g.probes) > 1 {
			name = fmt.Sprintf("%s/%d-settings", g.surface, len(g.probes))
		} else if len(g.probes[0].extra) > 0 {
			name += "+" + g.probes[0].extra[0].flag
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sem <- struct{}{}
			defer func() { <-sem }()
			checkGroupOn(t, eng, bin, baseline, g, up.To)
		})
	}
}

var (
	exitsParen = regexp.MustCompile(`exits at start \("([^"]+)"\)`)
	unrecBare  = regexp.MustCompile(`logs "unrecognized environment variable"`)
)

// checkGroupOn boots a group of probes on the etcd of version ver and checks
// the tables and each finding's message against it.
func checkGroupOn(t *testing.T, eng *lint.Engine, bin string, baseline []string, g group36, ver string) {
	var ss []setting36
	for _, p := range g.probes {
		ss = append(ss, p.main)
		ss = append(ss, p.extra...)
	}
	doc := document36(g.surface, ss)
	f, errs := eng.Lint(doc)
	if f == nil || len(errs) > 0 {
		t.Fatalf("%s is not linted as expected: %v\n%s", doc.Path, errs, doc.Src)
	}
	facts, _ := eng.Facts(doc)
	if facts == nil || len(facts.Processes) != 1 {
		t.Fatalf("%s: want one etcd process\n%s", doc.Path, doc.Src)
	}
	proc := facts.Processes[0]
	inv, err := sandbox.FromProcess(proc, doc.Src, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sandbox.Boot(context.Background(), bin, inv, sandbox.Options{Baseline: baseline})
	if err != nil {
		t.Fatal(err)
	}
	all := string(joinRaw(r.Lines))
	log := func() string { return fmt.Sprintf("(exit %d)\n%s", r.ExitCode, excerpt(r)) }
	started := r.Outcome != sandbox.Failed
	for _, p := range g.probes {
		s := settingOf36(proc, p)
		if s == nil {
			t.Errorf("%s: the %s kind found no setting %s in\n%s", p.row, f.Kind, p.main.flag, doc.Src)
			continue
		}
		// The table against the binary.
		ok := true
		switch p.want {
		case exits36:
			ok = !started && strings.Contains(all, p.quote) && (p.exitCode == 0 || r.ExitCode == p.exitCode)
		case warnsQuote36:
			ok = started && slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, p.quote) })
		case warnsUnrecognized36:
			ok = started && warnedUnrecognized(r, s.Raw)
		case silent36:
			ok = started && !mentionsName(r, s)
		case silentDeprecated36:
			ok = started && !mentionsName(r, s)
		}
		if !ok {
			t.Errorf("%s: the table says etcd %s %s on the %s %s (%q, exit %d), but real %s %s %s\nfile:\n%s", p.row, ver, p.want, p.surface.Noun(), s.Raw, p.quote, p.exitCode, ver, r.Outcome, log(), doc.Src)
		}
		// Each finding's message against the binary.
		var found []lint.Finding
		for _, fd := range f.Findings {
			if s.Span.Contains(fd.Span) || fd.Span.Contains(s.Span) {
				found = append(found, fd)
			}
		}
		if !slices.ContainsFunc(found, func(fd lint.Finding) bool { return slices.Contains(p.rules, fd.Rule) }) {
			t.Errorf("%s: real %s %s on the %s %s, but none of %v reports it (found %v)", p.row, ver, r.Outcome, p.surface.Noun(), s.Raw, p.rules, found)
		}
		for _, fd := range found {
			what := fmt.Sprintf("%s (rule %s: %q)", p.row, fd.Rule, fd.Message)
			err := checkMessage(fd.Message, ver, s, r, len(p.extra) > 0)
			known := disagreements36[fmt.Sprintf("%s %s %s", fd.Rule, p.surface, s.Raw)]
			switch {
			case err != "" && known != "":
				t.Logf("KNOWN DISAGREEMENT %s: %s; real %s %s (%s)", what, err, ver, r.Outcome, known)
			case err != "":
				t.Errorf("%s: %s; real %s %s %s", what, err, ver, r.Outcome, log())
			case known != "":
				t.Errorf("%s: agrees with real %s now; remove it from disagreements36", what, ver)
			}
		}
	}
}

// checkMessage checks the claims a finding's message makes about what
// etcd does against the boot r; it returns what does not hold.
// conflict says the file also sets the setting's successor or gate.
func checkMessage(msg, ver string, s *fact.Setting, r *sandbox.Report, conflict bool) string {
	all := string(joinRaw(r.Lines))
	started := r.Outcome != sandbox.Failed
	for _, re := range []*regexp.Regexp{exitsQuote, exitsParen} {
		for _, m := range re.FindAllStringSubmatch(msg, -1) {
			if started || !strings.Contains(all, m[1]) {
				return fmt.Sprintf("real %s does not exit with %q", ver, m[1])
			}
		}
	}
	if (strings.Contains(msg, "etcd "+ver+" exits at start") || strings.Contains(msg, "refused by etcd "+ver+": etcd exits at start")) && started {
		return fmt.Sprintf("real %s does not exit at start", ver)
	}
	for _, m := range unrecQuote.FindAllStringSubmatch(msg, -1) {
		if !started || !warnedUnrecognized(r, m[1]) {
			return fmt.Sprintf("real %s does not start and log \"unrecognized environment variable %s\"", ver, m[1])
		}
	}
	if unrecBare.MatchString(msg) && (!started || !warnedUnrecognized(r, s.Raw)) {
		return fmt.Sprintf("real %s does not start and log \"unrecognized environment variable %s\"", ver, s.Raw)
	}
	if strings.Contains(msg, "silently ignore") && (!started || mentionsName(r, s)) {
		return fmt.Sprintf("real %s does not silently ignore %s", ver, s.Raw)
	}
	if strings.Contains(msg, "logs a deprecation warning") && !conflict {
		if !started || !slices.ContainsFunc(r.Warnings, func(w string) bool {
			return strings.Contains(w, "deprecated") && strings.Contains(w, "-"+s.Name+" ")
		}) {
			return fmt.Sprintf("real %s does not start and log a deprecation warning naming --%s", ver, s.Name)
		}
	}
	if strings.Contains(msg, "accepts it without a warning") && !conflict && (!started || mentionsName(r, s)) {
		return fmt.Sprintf("real %s does not accept %s without a warning", ver, s.Raw)
	}
	if strings.Contains(msg, "etcd exits when a gate is set both ways") && conflict &&
		(started || !strings.Contains(all, "cannot specify both flags")) {
		return fmt.Sprintf("real %s does not exit with \"cannot specify both flags\"", ver)
	}
	return ""
}

// mentionsName reports whether a warning beyond the baseline names the
// setting, as written or as its flag.
func mentionsName(r *sandbox.Report, s *fact.Setting) bool {
	return slices.ContainsFunc(r.Warnings, func(w string) bool {
		return strings.Contains(w, s.Raw) || strings.Contains(w, "-"+s.Name+" ") || strings.Contains(w, "-"+s.Name+"=")
	})
}

func settingOf36(proc *fact.Process, p probe36) *fact.Setting {
	for _, s := range proc.Settings {
		if s.Surface != p.surface {
			continue
		}
		if s.Name == p.main.flag || s.Surface == fact.ConfigKey && s.Raw == p.main.flag {
			return s
		}
	}
	return nil
}
