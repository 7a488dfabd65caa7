package cli

import (
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
