package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/cases")

// casesDir holds the golden cases: each case is a directory with
//
//	input/     the files to lint (a small project tree)
//	args       optional extra command-line arguments, whitespace separated
//	want.txt   the exact text report (stdout) followed by "exit: N"
//	fix-args   optional: extra arguments of the --fix run (--cutover, --unsafe-fixes)
//	fixed/     the files --fix changes, as it must leave them; a case with
//	           fix-args or fixed/ also has want-fix.txt, the report of --fix
//
// Run "go test ./internal/cli -run TestGolden -update" to rewrite want.txt
// after a deliberate change, and review the diff.
const casesDir = "../../testdata/cases"

func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(casesDir, "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases in %s: %v", casesDir, err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Chdir(dir)
			stdout, _, code := runCLI(t, append(caseArgs(t), "input")...)
			got := fmt.Sprintf("%sexit: %d\n", stdout, code)
			compareGolden(t, "want.txt", got)
			checkFixed(t)
		})
	}
}

// caseArgs reads the optional args file of the current case.
func caseArgs(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("args")
	if os.IsNotExist(err) {
		return []string{"--no-color"}
	} else if err != nil {
		t.Fatal(err)
	}
	return append([]string{"--no-color"}, strings.Fields(string(data))...)
}

// runCLI runs etcdlint in-process.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &Command{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}
	code = c.Main(args)
	return out.String(), errb.String(), code
}

// compareGolden compares got with the golden file, or rewrites it with -update.
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}
