package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean.env", "ETCD_NAME=n1\nETCD_LOG_LEVEL=info\n")
	warn := writeFile(t, dir, "warn.env", "ETCD_LOG_OUTPUT=stderr\n")
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{clean}, ExitOK},
		{"warning fails by default", []string{warn}, ExitFindings},
		{"fail-on error lets warnings pass", []string{"--fail-on", "error", warn}, ExitOK},
		{"missing file", []string{filepath.Join(dir, "nope.env")}, ExitError},
		{"no paths", nil, ExitError},
		{"bad version", []string{"--to", "3.9", clean}, ExitError},
		{"a chain of hops", []string{"--from", "3.4", "--to", "3.6", clean}, ExitOK},
		{"fixing a chain", []string{"--from", "3.4", "--to", "3.6", "--diff", clean}, ExitError},
		{"downgrade", []string{"--from", "3.6", "--to", "3.5", clean}, ExitError},
		{"bad fail-on", []string{"--fail-on", "fatal", clean}, ExitError},
		{"bad format", []string{"--format", "yaml", clean}, ExitError},
		{"unknown rule", []string{"--disable", "no-such-rule", clean}, ExitError},
		{"unknown flag", []string{"--frobnicate", clean}, ExitError},
		{"help", []string{"--help"}, ExitOK},
		{"disable the rule that fires", []string{"--disable", "log-output-flag", warn}, ExitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, tc.args...)
			if code != tc.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.want, stderr)
			}
			if code == ExitError && tc.name != "missing file" && !strings.Contains(stderr, "etcdlint: ") {
				t.Errorf("usage error without a message: %q", stderr)
			}
		})
	}
}

func TestStdin(t *testing.T) {
	var out strings.Builder
	c := &Command{Stdin: strings.NewReader("ETCD_DEBUG=1\n"), Stdout: &out, Stderr: &strings.Builder{}}
	code := c.Main([]string{"--no-color", "--stdin-filename", "/etc/default/etcd.env", "-"})
	if code != ExitFindings || !strings.HasPrefix(out.String(), "/etc/default/etcd.env:1:1: warning: ") {
		t.Errorf("exit %d, output:\n%s", code, out.String())
	}
	if _, stderr, code := runCLI(t, "-"); code != ExitError || !strings.Contains(stderr, "--stdin-filename") {
		t.Errorf("stdin without a name: exit %d, %q", code, stderr)
	}
}

func TestJSONReport(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "etcd.env", "ETCD_NAME=n1\nETCD_LOG_OUTPUT=stderr\n")
	stdout, _, code := runCLI(t, "--format", "json", p)
	if code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	var rep struct {
		Findings []struct {
			Rule, Severity, Path, Message string
			Line                          int `json:"line"`
			EndColumn                     int `json:"end_column"`
			Fix                           *struct {
				Phase, Safety string
				Edits         []struct {
					Line    int    `json:"line"`
					NewText string `json:"new_text"`
				}
			}
		}
		Errors       []any
		FilesScanned int `json:"files_scanned"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v in:\n%s", err, stdout)
	}
	if len(rep.Findings) != 1 || rep.FilesScanned != 1 || rep.Errors == nil {
		t.Fatalf("report = %+v", rep)
	}
	f := rep.Findings[0]
	if f.Rule != "log-output-flag" || f.Severity != "warning" || f.Path != p || f.Line != 2 || f.EndColumn != 23 {
		t.Errorf("finding = %+v", f)
	}
	if f.Fix == nil || f.Fix.Phase != "pre" || f.Fix.Safety != "safe" || len(f.Fix.Edits) != 1 || f.Fix.Edits[0].NewText != "ETCD_LOG_OUTPUTS" {
		t.Errorf("fix = %+v", f.Fix)
	}
}

func TestRulesAndExplain(t *testing.T) {
	stdout, _, code := runCLI(t, "rules")
	if code != ExitOK || !strings.Contains(stdout, "log-output-flag") || !strings.Contains(stdout, "SEVERITY") {
		t.Errorf("rules: exit %d\n%s", code, stdout)
	}
	stdout, _, code = runCLI(t, "rules", "--format", "json")
	var list []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(stdout), &list) != nil || len(list) == 0 {
		t.Errorf("rules --format json: exit %d\n%s", code, stdout)
	}
	stdout, _, code = runCLI(t, "explain", "debug-flag")
	if code != ExitOK || !strings.Contains(stdout, "before:") || !strings.Contains(stdout, "--log-level=debug") {
		t.Errorf("explain: exit %d\n%s", code, stdout)
	}
	if _, stderr, code := runCLI(t, "explain", "nope"); code != ExitError || !strings.Contains(stderr, "unknown rule") {
		t.Errorf("explain nope: exit %d %q", code, stderr)
	}
}

func TestRelativePathsStayRelative(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "etcd.env", "ETCD_DEBUG=true\n")
	t.Chdir(dir)
	stdout, _, _ := runCLI(t, "--no-color", ".")
	if !strings.HasPrefix(stdout, "etcd.env:1:1:") {
		t.Errorf("path not as named:\n%s", stdout)
	}
}
