package settings

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/config"
	"github.com/etcdlint/etcdlint/rules"
)

// loadConfig writes a .etcdlint.toml and loads it.
func loadConfig(t *testing.T, text string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), config.FileName)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// An explicit choice wins over the configuration, which wins over the
// default; --to alone derives its --from rather than pairing with the
// configuration's.
func TestPrecedence(t *testing.T) {
	none := &config.Config{}
	cfg := loadConfig(t, "from = \"3.5\"\nto = \"3.6\"\nfail-on = \"error\"\n")
	onlyTo := loadConfig(t, "to = \"3.7\"\n")
	for _, tc := range []struct {
		name   string
		c      Choices
		cfg    *config.Config
		up     rules.Upgrade
		failOn rules.Severity
	}{
		{"defaults", Choices{}, none, rules.DefaultUpgrade, DefaultFailOn},
		{"config", Choices{}, cfg, rules.Upgrade{From: "3.5", To: "3.6"}, rules.Error},
		{"explicit over config", Choices{From: Chose("3.4"), To: Chose("3.5"), FailOn: Chose("info")}, cfg, rules.Upgrade{From: "3.4", To: "3.5"}, rules.Info},
		{"explicit from, configured to", Choices{From: Chose("3.4")}, cfg, rules.Upgrade{From: "3.4", To: "3.6"}, rules.Error},
		{"explicit to derives from", Choices{To: Chose("3.7")}, cfg, rules.Upgrade{From: "3.6", To: "3.7"}, rules.Error},
		{"configured to derives from", Choices{}, onlyTo, rules.Upgrade{From: "3.6", To: "3.7"}, DefaultFailOn},
		{"explicit from alone", Choices{From: Chose("3.5")}, none, rules.Upgrade{From: "3.5", To: "3.6"}, DefaultFailOn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(tc.c, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if r.Options.Upgrade != tc.up || r.FailOn != tc.failOn {
				t.Errorf("upgrade %s, fail-on %s; want %s, %s", r.Options.Upgrade, r.FailOn, tc.up, tc.failOn)
			}
		})
	}
}

// Chosen rule lists replace the configuration's top-level ones; its
// severities still apply, and the configuration itself is left as loaded
// (the language server reuses it).
func TestRuleChoices(t *testing.T) {
	cfg := loadConfig(t, "[rules]\ndisable = [\"enable-v2\"]\nseverity = { \"debug-flag\" = \"info\" }\n")
	tune := func(r Resolved, rule string) (rules.Severity, bool) {
		return r.Options.Tune("etcd.env", rule, rules.Warning)
	}
	r, err := Build(Choices{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, on := tune(r, "enable-v2"); on || r.Options.Enabled != nil {
		t.Errorf("configured disable: enable-v2 on=%v, Enabled set=%v", on, r.Options.Enabled != nil)
	}
	r, err = Build(Choices{Disable: Chose([]string{"debug-flag"})}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, on := tune(r, "enable-v2"); !on {
		t.Error("--disable did not replace the configuration's disable list")
	}
	if r.Options.Enabled(rules.ByID("debug-flag")) || !r.Options.Enabled(rules.ByID("enable-v2")) {
		t.Error("--disable debug-flag: wrong filter")
	}
	if sev, _ := tune(r, "debug-flag"); sev != rules.Info {
		t.Errorf("severity override lost: %s", sev)
	}
	if len(cfg.Rules.Disable) != 1 {
		t.Errorf("Build changed the configuration: %+v", cfg.Rules)
	}
	r, err = Build(Choices{Enable: Chose([]string{"debug-flag"})}, &config.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Options.Enabled(rules.ByID("debug-flag")) || r.Options.Enabled(rules.ByID("enable-v2")) {
		t.Error("--enable debug-flag: wrong filter")
	}
}

// A mistake in a choice is a ChoiceError (the command line's usage error);
// one in the configuration names the file; one in a file a choice names
// is neither.
func TestErrors(t *testing.T) {
	backwards := loadConfig(t, "from = \"3.6\"\nto = \"3.5\"\n")
	for _, tc := range []struct {
		name   string
		c      Choices
		cfg    *config.Config
		choice bool
		want   string
	}{
		{"bad to", Choices{To: Chose("3.9")}, &config.Config{}, true, `unsupported --to "3.9"`},
		{"bad fail-on", Choices{FailOn: Chose("fatal")}, &config.Config{}, true, `--fail-on: unknown severity "fatal"`},
		{"unknown rule", Choices{Disable: Chose([]string{"no-such-rule"})}, &config.Config{}, true, `unknown rule "no-such-rule"`},
		{"configured upgrade", Choices{}, backwards, false, backwards.Path + ": --from 3.6 --to 3.5 is not an upgrade"},
		{"explicit from, configured to", Choices{From: Chose("3.6")}, backwards, true, "--from 3.6 --to 3.5 is not an upgrade"},
		{"bad to, configured upgrade", Choices{To: Chose("3.9")}, backwards, true, `unsupported --to "3.9"`},
		{"metrics file", Choices{MetricsFrom: Chose(filepath.Join(t.TempDir(), "missing"))}, &config.Config{}, false, "--metrics-from: open "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(tc.c, tc.cfg)
			var ce ChoiceError
			if err == nil || errors.As(err, &ce) != tc.choice || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v (choice: %v), want %q (choice: %v)", err, errors.As(err, &ce), tc.want, tc.choice)
			}
		})
	}
}

// The size limit is concrete whatever was chosen, so that the front ends'
// own checks (stdin, editor buffers) agree with the engine's.
func TestMaxFileSize(t *testing.T) {
	for _, tc := range []struct {
		c    Choice[int64]
		want int64
	}{
		{Choice[int64]{}, lint.DefaultMaxFileSize},
		{Chose[int64](0), lint.DefaultMaxFileSize},
		{Chose[int64](100), 100},
	} {
		r, err := Build(Choices{MaxFileSize: tc.c}, &config.Config{})
		if err != nil || r.Options.MaxFileSize != tc.want {
			t.Errorf("%+v: %d, %v; want %d", tc.c, r.Options.MaxFileSize, err, tc.want)
		}
	}
}
