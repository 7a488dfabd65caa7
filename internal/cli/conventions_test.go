package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// --version and "etcdlint version" print the build and the releases the
// rule data was measured on; --help goes to stdout, a bad flag to stderr.
func TestVersionAndHelp(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, errOut, code := runCLI(t, args...)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "etcdlint ") || !strings.Contains(out, "rule data measured on etcd v3.4.45, v3.5.33, v3.6.14") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	out, errOut, code := runCLI(t, "--help")
	if code != 0 || errOut != "" || !strings.Contains(out, "Usage:") || !strings.Contains(out, "etcdlint version") {
		t.Errorf("--help: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, errOut, code = runCLI(t, "--bogus")
	if code != 2 || out != "" || !strings.Contains(errOut, "unknown flag: --bogus") {
		t.Errorf("--bogus: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// --format concise is one line per finding; -q leaves the report alone on
// stdout and nothing on stderr; reports that all go to files still get
// the summary line on stderr.
func TestConciseQuietSummary(t *testing.T) {
	out, errOut, code := runCLI(t, "--no-color", "--format", "concise", "../../testdata/example")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 1 || len(lines) != 15 || !strings.HasPrefix(lines[0], "../../testdata/example/etc/etcd.conf.yml:2:1: warning: ") || !strings.HasSuffix(lines[0], "[grpc-gateway-default]") {
		t.Errorf("concise: exit %d, %d lines:\n%s", code, len(lines), out)
	}
	if !summaryOnly.MatchString(errOut) {
		t.Errorf("concise: stderr %q", errOut)
	}
	_, errOut, _ = runCLI(t, "-q", "../../testdata/example")
	if errOut != "" {
		t.Errorf("-q: stderr %q", errOut)
	}
	_, errOut, _ = runCLI(t, "--format", "json="+t.TempDir()+"/r.json", "../../testdata/example")
	if !summaryOnly.MatchString(errOut) {
		t.Errorf("json to a file: stderr %q, want the summary line", errOut)
	}
}

func TestSubcommandConventions(t *testing.T) {
	_, errOut, code := runCLI(t, "rulez")
	if code != 2 || !strings.Contains(errOut, `did you mean "rules"`) {
		t.Errorf("rulez: exit %d, stderr %q", code, errOut)
	}
	out, errOut, code := runCLI(t, "explain", "-h")
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "Usage: etcdlint explain RULE") {
		t.Errorf("explain -h: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, code = runCLI(t, "rules", "--to", "3.6")
	if code != 0 || !strings.HasPrefix(out, "rules for etcd 3.5 → 3.6:") || strings.Contains(out, "grpc-gateway-default") || !strings.Contains(out, "etcdutl-backup") {
		t.Errorf("rules --to 3.6: exit %d\n%s", code, out)
	}
	out, _, _ = runCLI(t, "rules")
	if !strings.Contains(out, "grpc-gateway-default") {
		t.Errorf("rules lists no grpc-gateway-default:\n%s", out)
	}
}

// --diff writes nothing: no "fixed" lines, and the count says "in the patch".
func TestDiffSaysNothingWasFixed(t *testing.T) {
	_, errOut, code := runCLI(t, "--no-color", "--diff", "../../testdata/example")
	if code != 1 || strings.Contains(errOut, "\nfixed ") || strings.HasPrefix(errOut, "fixed ") || !strings.Contains(errOut, " in the patch, ") {
		t.Errorf("--diff: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestColorWanted(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	var buf strings.Builder
	for _, tc := range []struct {
		env  func(string) string
		want bool
	}{
		{env(), false}, // not a terminal
		{env("FORCE_COLOR", "1"), true},
		{env("FORCE_COLOR", "0"), false},
		{env("FORCE_COLOR", "1", "NO_COLOR", "1"), true},
		{env("NO_COLOR", "1"), false},
		{env("TERM", "dumb"), false},
	} {
		if got := colorWanted(&buf, tc.env); got != tc.want {
			t.Errorf("colorWanted = %v, want %v", got, tc.want)
		}
	}
}

// --diff names files from the root of their git work tree, however the path
// was given, so the patch applies there; outside a repository, from the
// current directory.
func TestDiffHeadersFromRepoRoot(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	unit := "[Service]\nExecStart=/usr/bin/etcd --name m1 --experimental-initial-corrupt-check=true\n"
	for _, dir := range []string{"systemd", "env"} {
		os.MkdirAll(filepath.Join(root, dir), 0o755)
	}
	writeFile(t, filepath.Join(root, "systemd"), "etcd.service", unit)
	if out, err := exec.Command("git", "init", "-q", root).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	const header = "diff --git a/systemd/etcd.service b/systemd/etcd.service\n--- a/systemd/etcd.service\n"
	t.Chdir(filepath.Join(root, "env"))
	var patch string
	for _, path := range []string{"../systemd", filepath.Join(root, "systemd")} {
		out, errOut, code := runCLI(t, "--diff", "--cutover", "--from", "3.5", path)
		if code != 1 || !strings.HasPrefix(out, header) {
			t.Fatalf("--diff %s: exit %d, stderr %q\n%s", path, code, errOut, out)
		}
		patch = out
	}
	apply := exec.Command("git", "apply", "-")
	apply.Dir = root
	apply.Stdin = strings.NewReader(patch)
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("git apply from the root: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "systemd", "etcd.service")); string(got) == unit {
		t.Errorf("git apply changed nothing")
	}

	plain := t.TempDir()
	os.MkdirAll(filepath.Join(plain, "systemd"), 0o755)
	writeFile(t, filepath.Join(plain, "systemd"), "etcd.service", unit)
	t.Chdir(plain)
	if out, _, _ := runCLI(t, "--diff", "--cutover", "--from", "3.5", filepath.Join(plain, "systemd")); !strings.HasPrefix(out, header) {
		t.Errorf("outside a repository: want headers from the current directory\n%s", out)
	}
}

// --fix of stdin prints the fixed text on stdout, and the text unchanged
// when there is nothing to fix (an editor replaces its buffer with it);
// what remains is reported on stderr.
func TestFixStdinToStdout(t *testing.T) {
	for _, tc := range []struct{ in, want, stderr string }{
		{"ETCD_NAME=a\nETCD_DEBUG=true\nETCD_ENABLE_V2=true\n", "ETCD_NAME=a\nETCD_LOG_LEVEL=debug\nETCD_ENABLE_V2=true\n", "[enable-v2]"},
		{"ETCD_NAME=a\n", "ETCD_NAME=a\n", "0 fixed"},
		{"\x00\x01binary", "\x00\x01binary", ""},
	} {
		var out, errOut strings.Builder
		c := &Command{Stdin: strings.NewReader(tc.in), Stdout: &out, Stderr: &errOut}
		code := c.Main([]string{"--no-color", "--fix", "--stdin-filename", "deploy/etcd.env", "-"})
		if out.String() != tc.want || !strings.Contains(errOut.String(), tc.stderr) || code == ExitError {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", tc.in, code, out.String(), errOut.String())
		}
	}
}

// TestPreCommitInstallsOnlyEtcdlint does what pre-commit's golang hooks do
// (go install ./... at the repository root) and checks that etcdlint is
// the one command installed, and that the hook runs it.
func TestPreCommitInstallsOnlyEtcdlint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every package")
	}
	hooks, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"language: golang", "entry: etcdlint\n"} {
		if !strings.Contains(string(hooks), want) {
			t.Errorf(".pre-commit-hooks.yaml does not say %q", want)
		}
	}
	bin := t.TempDir()
	cmd := exec.Command("go", "install", "./...")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOBIN="+bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install ./...: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(bin)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != "etcdlint" {
		t.Errorf("go install ./... installs %v, want only etcdlint", got)
	}
}
