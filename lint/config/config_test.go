package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/etcdlint/etcdlint/rules"
)

func write(t *testing.T, path, src string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const full = `to = "3.6"
from = "3.5"
fail-on = "error"
include = ["deploy"]
exclude = ["deploy/old", "*.bak"]

[rules]
disable = ["unknown-flag"]
severity = { "enable-v2" = "error" }

[[overrides]]
paths = ["deploy/*.conf"]
kind = "env"
enable = ["unknown-flag"]
severity = { "enable-v2" = "info" }

[[overrides]]
paths = ["deploy/lab/**"]
disable = ["enable-v2"]
`

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(write(t, filepath.Join(dir, FileName), full))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path: filepath.Join(dir, FileName), Dir: dir, From: "3.5", To: "3.6", FailOn: "error",
		Include: []string{"deploy"}, Exclude: []string{"deploy/old", "*.bak"},
		Rules: RuleSet{Disable: []string{"unknown-flag"}, Severity: map[string]rules.Severity{"enable-v2": rules.Error}},
		Overrides: []Override{
			{Paths: []string{"deploy/*.conf"}, Kind: "env", Rules: RuleSet{Enable: []string{"unknown-flag"}, Severity: map[string]rules.Severity{"enable-v2": rules.Info}}},
			{Paths: []string{"deploy/lab/**"}, Rules: RuleSet{Disable: []string{"enable-v2"}}},
		},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Fatalf("Load mismatch (-want +got):\n%s", diff)
	}

	in := func(p string) string { return filepath.Join(dir, p) }
	for p, skip := range map[string]bool{
		"deploy/etcd.env": false, "deploy/a/b/etcd.env": false, "other/etcd.env": true,
		"deploy/old/etcd.env": true, "deploy/etcd.env.bak": true, "deploy/x.bak/etcd.env": true,
	} {
		if got := c.Skip(in(p)); got != skip {
			t.Errorf("Skip(%s) = %v, want %v", p, got, skip)
		}
	}
	if k := c.KindFor(in("deploy/etcd.conf")); k == nil || k.Name() != "env" {
		t.Errorf("KindFor(deploy/etcd.conf) = %v, want env", k)
	}
	if k := c.KindFor(in("deploy/sub/etcd.conf")); k != nil {
		t.Errorf("KindFor(deploy/sub/etcd.conf) = %v, want nil: * does not cross /", k)
	}

	for _, tc := range []struct {
		path, rule string
		sev        rules.Severity
		on         bool
	}{
		{"deploy/etcd.env", "debug-flag", rules.Warning, true},    // untouched
		{"deploy/etcd.env", "enable-v2", rules.Error, true},       // [rules] severity
		{"deploy/etcd.env", "unknown-flag", rules.Warning, false}, // [rules] disable
		{"deploy/etcd.conf", "unknown-flag", rules.Warning, true}, // override enables
		{"deploy/etcd.conf", "enable-v2", rules.Info, true},       // override severity wins
		{"deploy/lab/x/etcd.env", "enable-v2", rules.Error, false},
	} {
		sev, on := c.Tune(in(tc.path), tc.rule, rules.Warning)
		if sev != tc.sev || on != tc.on {
			t.Errorf("Tune(%s, %s) = %v, %v; want %v, %v", tc.path, tc.rule, sev, on, tc.sev, tc.on)
		}
	}
}

func TestLoadEnableOnly(t *testing.T) {
	c, err := Load(write(t, filepath.Join(t.TempDir(), FileName), "[rules]\nenable = [\"debug-flag\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, on := c.Tune("x", "debug-flag", rules.Error); !on {
		t.Error("debug-flag is off")
	}
	if _, on := c.Tune("x", "enable-v2", rules.Error); on {
		t.Error("enable-v2 is on with enable = [debug-flag]")
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"to = \"3.5\"\nfail_on = \"error\"\n", `:2: unknown key "fail_on"`},
		{"[rules]\ndisabled = []\n", `:2: unknown key "rules.disabled"`},
		{"[[overrides]]\npaths = [\"x\"]\nkinds = \"env\"\n", `:3: unknown key "overrides.kinds"`},
		{"\n\nfail-on = \"fatal\"\n", `:3:12: unknown severity "fatal"`},
		{"to = \"3.8\"\n", `:1:7: unsupported version "3.8"`},
		{"\n[rules]\ndisable = [\"debug\"]\n", `:3:12: unknown rule "debug"`},
		{"[rules]\n\nseverity = { \"debug\" = \"error\" }\n", `:3: unknown rule "debug"`},
		{"[[overrides]]\npaths = [\"x\"]\nkind = \"yaml-ish\"\n", `:3:9: unknown file kind "yaml-ish"`},
		{"exclude = [\"a[\"]\n", `:1:12: bad glob "a["`},
		{"[[overrides]]\nkind = \"env\"\n", `:1: an [[overrides]] table needs paths`},
		{"to = 3.5\n", `:1:6: `},
		{"to = \"3.5\"\nto = \"3.6\"\n", `:2:`},
		{"include = \"deploy\"\n", `line 1`},
	} {
		path := write(t, filepath.Join(t.TempDir(), FileName), tc.src)
		_, err := Load(path)
		if err == nil {
			t.Errorf("Load(%q) succeeded, want an error with %q", tc.src, tc.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), path) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q) = %v, want %s%s...", tc.src, err, path, tc.want)
		}
	}
}

func TestTemplateIsTheDefaults(t *testing.T) {
	c, err := Load(write(t, filepath.Join(t.TempDir(), FileName), Template))
	if err != nil {
		t.Fatal(err)
	}
	if c.From != "" || c.To != "" || c.FailOn != "" || len(c.Include)+len(c.Exclude)+len(c.Overrides) != 0 ||
		len(c.Rules.Enable)+len(c.Rules.Disable)+len(c.Rules.Severity) != 0 {
		t.Errorf("template sets something: %+v", c)
	}
	// Every commented setting, uncommented, is valid.
	var lines []string
	for _, l := range strings.Split(Template, "\n") {
		if strings.HasPrefix(l, "# ") && strings.Contains(l, " = ") || strings.HasPrefix(l, "# [[") {
			l = strings.TrimPrefix(l, "# ")
		}
		lines = append(lines, l)
	}
	if _, err := Load(write(t, filepath.Join(t.TempDir(), FileName), strings.Join(lines, "\n"))); err != nil {
		t.Errorf("the template's examples do not load: %v", err)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	top := write(t, filepath.Join(root, FileName), "")
	nested := write(t, filepath.Join(root, "team", FileName), "")
	write(t, filepath.Join(root, "team", "deploy", "etcd.env"), "")
	write(t, filepath.Join(root, "other", "etcd.env"), "")
	for p, want := range map[string]string{
		"team/deploy/etcd.env": nested,
		"team/deploy":          nested,
		"team":                 nested,
		"other/etcd.env":       top,
		"other/missing.env":    top,
	} {
		got, err := Find(filepath.Join(root, p))
		if err != nil || got != want {
			t.Errorf("Find(%s) = %q, %v; want %q", p, got, err, want)
		}
	}
}
