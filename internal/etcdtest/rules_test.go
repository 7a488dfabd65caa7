package etcdtest_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// claim is what the flag table says etcd does with one setting.
type claim int

const (
	exits claim = iota
	warnsUnrecognized
	silent
)

// probe is one setting under test on one surface.
type probe struct {
	row     string // the table row, for failure messages
	flag    string // canonical name
	value   string // "" for a bare boolean flag
	surface fact.Surface
	want    claim
	quote   string // for exits: the line etcd prints
}

// probes35 derives, from the rule tables, every setting etcd 3.4 accepts
// and 3.5 does not honour, with what 3.5 is recorded to do on each surface.
func probes35(t *testing.T, cat *rules.Catalog) []probe {
	t.Helper()
	var out []probe
	names := map[string]bool{}
	for _, f := range flagRows(t) {
		if strings.Contains(f, "=") {
			continue
		}
		info := cat.Flag(f)
		if info == nil || !info.Defined("3.4") || info.Defined("3.5") && !info.Ignored("3.5") {
			continue
		}
		names[f] = true
		row := fmt.Sprintf("etcd-flags.tsv row %q (v3.5: %s)", f, info.Status["3.5"])
		value := probeValue(cat, f)
		if info.Ignored("3.5") {
			out = append(out, probe{row: row, flag: f, value: value, surface: fact.Flag, want: silent})
		} else {
			out = append(out, probe{row: row, flag: f, value: value, surface: fact.Flag, want: exits, quote: "flag provided but not defined: -" + f})
		}
		if !strings.Contains(f, ".") { // ETCD_TEST.COVERPROFILE cannot be set from a shell
			want := warnsUnrecognized
			if info.Ignored("3.5") {
				want = silent
			}
			out = append(out, probe{row: row, flag: f, value: orTrue(value), surface: fact.Env, want: want})
		}
		if k := cat.Key(f); k != nil && k.Decoded("3.4") && k.Status["3.4"] != rules.Absent && !k.Decoded("3.5") {
			out = append(out, probe{row: fmt.Sprintf("etcd-config-keys.tsv row %q (v3.5: %s)", f, k.Status["3.5"]), flag: f, value: orTrue(value), surface: fact.ConfigKey, want: silent})
		}
	}
	// A value-level row: logger=capnslog is refused on every surface.
	capn := "logger=capnslog"
	row := fmt.Sprintf("etcd-flags.tsv row %q", capn)
	for _, sf := range []fact.Surface{fact.Flag, fact.Env, fact.ConfigKey} {
		out = append(out, probe{row: row, flag: "logger", value: "capnslog", surface: sf, want: exits, quote: "--logger=capnslog is removed in v3.5"})
	}
	// A name no table knows: what unknown-flag claims.
	row = "unknown-flag (no table row: no-such-flag)"
	out = append(out,
		probe{row: row, flag: "no-such-flag", value: "1", surface: fact.Flag, want: exits, quote: "flag provided but not defined: -no-such-flag"},
		probe{row: row, flag: "no-such-flag", value: "1", surface: fact.Env, want: warnsUnrecognized},
		probe{row: row, flag: "no-such-flag", value: "1", surface: fact.ConfigKey, want: silent},
	)
	if !names["debug"] || !names["log-output"] || !names["log-package-levels"] || !names["experimental-backend-bbolt-freelist-type"] {
		t.Fatalf("the flag table lost rows this test relies on: %v", names)
	}
	return out
}

func orTrue(v string) string {
	if v == "" {
		return "true"
	}
	return v
}

// probeValue is a value etcd 3.4 accepts for the flag.
func probeValue(cat *rules.Catalog, flag string) string {
	switch flag {
	case "log-output":
		return "stderr"
	case "log-package-levels":
		return "etcdserver=DEBUG"
	case "experimental-backend-bbolt-freelist-type":
		return "array"
	}
	if cat.IsBool(flag) {
		return ""
	}
	return "1"
}

func flagRows(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../rules/data/etcd-flags.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, line := range strings.Split(string(b), "\n") {
		if name, _, _ := strings.Cut(line, "\t"); i > 0 && name != "" {
			out = append(out, name)
		}
	}
	return out
}

// document writes probes as the file a user would have: a systemd unit for
// flags, an env file for variables, an etcd config file for keys.
func document(sf fact.Surface, ps []probe) lint.Document {
	var b strings.Builder
	switch sf {
	case fact.Flag:
		b.WriteString("[Unit]\nDescription=etcd\n\n[Service]\nType=notify\nExecStart=/usr/local/bin/etcd --name n1")
		for _, p := range ps {
			if p.value == "" {
				fmt.Fprintf(&b, " \\\n  --%s", p.flag)
			} else {
				fmt.Fprintf(&b, " \\\n  --%s=%s", p.flag, p.value)
			}
		}
		b.WriteString("\n\n[Install]\nWantedBy=multi-user.target\n")
		return lint.Document{Path: "etc/systemd/system/etcd.service", Src: []byte(b.String())}
	case fact.Env:
		b.WriteString("ETCD_NAME=n1\n")
		for _, p := range ps {
			fmt.Fprintf(&b, "%s=%s\n", fact.EnvName(p.flag), p.value)
		}
		return lint.Document{Path: "etc/etcd/etcd.env", Src: []byte(b.String())}
	}
	b.WriteString("name: n1\ndata-dir: /var/lib/etcd\nlisten-client-urls: http://10.0.0.1:2379\n")
	for _, p := range ps {
		v := fmt.Sprintf("%q", p.value)
		if p.value == "true" {
			v = "true"
		}
		if p.flag == "log-output" {
			v = "[" + v + "]"
		}
		fmt.Fprintf(&b, "%s: %s\n", p.flag, v)
	}
	return lint.Document{Path: "etc/etcd/etcd.conf.yml", Src: []byte(b.String())}
}

// boots runs a boot per group of probes: every probe that should exit
// alone, the ones that should start together per surface.
type group struct {
	surface fact.Surface
	probes  []probe
}

func groups(ps []probe) []group {
	var out []group
	together := map[fact.Surface]int{}
	for _, p := range ps {
		if p.want == exits {
			out = append(out, group{surface: p.surface, probes: []probe{p}})
			continue
		}
		i, ok := together[p.surface]
		if !ok {
			i = len(out)
			together[p.surface] = i
			out = append(out, group{surface: p.surface})
		}
		out[i].probes = append(out[i].probes, p)
	}
	return out
}

var (
	exitsQuote = regexp.MustCompile(`exits at start with "([^"]+)"`)
	unrecQuote = regexp.MustCompile(`"unrecognized environment variable (ETCD_[A-Z0-9_.]+)`)
)

// TestRulesAgainstEtcd35 lints files holding every setting 3.5 no longer
// honours, boots them on real 3.5 and checks both the tables and each
// finding's message against what etcd does.
func TestRulesAgainstEtcd35(t *testing.T) {
	skipShort(t)
	t.Parallel()
	bin := etcdtest.Binary(t, "3.5")
	eng, err := lint.New(lint.Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}})
	if err != nil {
		t.Fatal(err)
	}
	baseline := baselineOf(t, bin)
	sem := make(chan struct{}, 2) // two cores
	for _, g := range groups(probes35(t, eng.Catalog())) {
		name := fmt.Sprintf("%s/%s", g.surface, g.probes[0].flag)
		if len(g.probes) > 1 {
			name = fmt.Sprintf("%s/%d-settings", g.surface, len(g.probes))
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sem <- struct{}{}
			defer func() { <-sem }()
			checkGroup(t, eng, bin, baseline, g)
		})
	}
}

func checkGroup(t *testing.T, eng *lint.Engine, bin string, baseline []string, g group) {
	doc := document(g.surface, g.probes)
	f, errs := eng.Lint(doc)
	if f == nil || len(errs) > 0 {
		t.Fatalf("%s is not linted as expected: %v\n%s", doc.Path, errs, doc.Src)
	}
	facts, _ := eng.Facts(doc)
	if len(facts.Processes) != 1 {
		t.Fatalf("%s: want one etcd process, got %d", doc.Path, len(facts.Processes))
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
	log := func() string { return excerpt(r) }
	for _, p := range g.probes {
		s := settingOf(proc, p)
		if s == nil {
			t.Errorf("%s: the %s kind found no setting %s in\n%s", p.row, f.Kind, p.flag, doc.Src)
			continue
		}
		// The table against the binary.
		switch p.want {
		case exits:
			if r.Outcome != sandbox.Failed || !strings.Contains(string(joinRaw(r.Lines)), p.quote) {
				t.Errorf("%s: the table says etcd 3.5 exits with %q on the %s, but real 3.5 %s (exit %d):\n%s", p.row, p.quote, p.surface.Noun(), r.Outcome, r.ExitCode, log())
			}
		case warnsUnrecognized:
			if r.Outcome == sandbox.Failed || !warnedUnrecognized(r, s.Raw) {
				t.Errorf("%s: the table says etcd 3.5 starts and logs \"unrecognized environment variable %s\", but real 3.5 %s:\n%s", p.row, s.Raw, r.Outcome, log())
			}
		case silent:
			if r.Outcome == sandbox.Failed || mentions(r, s.Raw) {
				t.Errorf("%s: the table says etcd 3.5 silently ignores the %s %s, but real 3.5 %s:\n%s", p.row, p.surface.Noun(), s.Raw, r.Outcome, log())
			}
		}
		// Each finding's message against the binary.
		var found []lint.Finding
		for _, fd := range f.Findings {
			if s.Span.Contains(fd.Span) || fd.Span.Contains(s.Span) {
				found = append(found, fd)
			}
		}
		if len(found) == 0 {
			t.Errorf("%s: real 3.5 does not honour the %s %s, but no rule reports it", p.row, p.surface.Noun(), s.Raw)
		}
		for _, fd := range found {
			what := fmt.Sprintf("%s (rule %s: %q)", p.row, fd.Rule, fd.Message)
			for _, m := range exitsQuote.FindAllStringSubmatch(fd.Message, -1) {
				if r.Outcome != sandbox.Failed || !strings.Contains(string(joinRaw(r.Lines)), m[1]) {
					t.Errorf("%s: real 3.5 does not exit with %q; it %s:\n%s", what, m[1], r.Outcome, log())
				}
			}
			for _, m := range unrecQuote.FindAllStringSubmatch(fd.Message, -1) {
				if r.Outcome == sandbox.Failed || !warnedUnrecognized(r, m[1]) {
					t.Errorf("%s: real 3.5 does not start and log \"unrecognized environment variable %s\"; it %s:\n%s", what, m[1], r.Outcome, log())
				}
			}
			if strings.Contains(fd.Message, "silently ignores") || strings.Contains(fd.Message, "silently ignored") {
				if r.Outcome == sandbox.Failed || mentions(r, s.Raw) {
					t.Errorf("%s: real 3.5 does not silently ignore %s; it %s:\n%s", what, s.Raw, r.Outcome, log())
				}
			}
		}
	}
}

// settingOf finds the probe's setting among the process's settings.
func settingOf(proc *fact.Process, p probe) *fact.Setting {
	for _, s := range proc.Settings {
		if s.Name == p.flag && s.Surface == p.surface {
			return s
		}
	}
	return nil
}

func joinRaw(lines []sandbox.Line) []byte {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Raw + "\n")
	}
	return []byte(b.String())
}

// warnedUnrecognized reports a warning "unrecognized environment variable"
// about env (zap: a field "ETCD_X=v"; capnslog: in the message).
func warnedUnrecognized(r *sandbox.Report, env string) bool {
	return slices.ContainsFunc(r.Lines, func(l sandbox.Line) bool {
		return l.Serious() && strings.Contains(l.Text, "unrecognized environment variable") && strings.Contains(l.Text, env+"=")
	})
}

// mentions reports whether a warning or error names the setting.
func mentions(r *sandbox.Report, raw string) bool {
	return slices.ContainsFunc(r.Lines, func(l sandbox.Line) bool {
		return l.Serious() && strings.Contains(l.Text, raw)
	})
}

var (
	baselineOnce sync.Map // binary path → *baselineResult
)

type baselineResult struct {
	once sync.Once
	msgs []string
	err  error
}

// baselineOf is what a start of bin warns about with no settings at all.
func baselineOf(t *testing.T, bin string) []string {
	t.Helper()
	v, _ := baselineOnce.LoadOrStore(bin, &baselineResult{})
	b := v.(*baselineResult)
	b.once.Do(func() { b.msgs, b.err = sandbox.Baseline(context.Background(), bin) })
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.msgs
}

// excerpt is the part of etcd's output a failure message shows: warnings,
// errors and the first plain lines (not the whole usage text).
func excerpt(r *sandbox.Report) string {
	var b strings.Builder
	plain := 0
	for _, l := range r.Lines {
		if l.Level == "" {
			if plain++; plain > 3 {
				continue
			}
		} else if !l.Serious() {
			continue
		}
		b.WriteString("    " + l.Text + "\n")
	}
	return b.String()
}
