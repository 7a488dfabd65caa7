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

var update = flag.Bool("update", false, "rewrite the golden files in testdata/cases and testdata/rules")

// casesDir holds the golden cases: each case is a directory with
//
//	input/     the files to lint (a small project tree)
//	args       optional extra command-line arguments, whitespace separated
//	want.txt   the exact text report (stdout) followed by "exit: N"
//	fix-args   optional: extra arguments of the --fix run (--cutover, --unsafe-fixes)
//	fixed/     the files --fix changes, as it must leave them; a case with
//	           fix-args or fixed/ also has want-fix.txt, the report of --fix
//
// Run "go test ./internal/cli -run 'TestGolden|TestRuleCases' -update" to
// rewrite want.txt after a deliberate change, and review the diff.
const casesDir = "../../testdata/cases"

// ruleCasesDir holds the cases of each rule, RULE/CASE, in the same shape:
// a CASE named fire-… is one where RULE reports, quiet-… one of look-alikes
// it must leave alone (TestEveryRuleHasCases).
const ruleCasesDir = "../../testdata/rules"

func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t, casesDir, "*") {
		t.Run(c.name, func(t *testing.T) { runGolden(t, c.dir) })
	}
}

func TestRuleCases(t *testing.T) {
	for _, c := range goldenCases(t, ruleCasesDir, "*/*") {
		t.Run(c.name, func(t *testing.T) { runGolden(t, c.dir) })
	}
}

// goldenCase is a case directory and its test name, relative to its root.
type goldenCase struct{ name, dir string }

// goldenCases lists the case directories matching pattern under root.
func goldenCases(t *testing.T, root, pattern string) []goldenCase {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(root, pattern))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases in %s: %v", root, err)
	}
	var out []goldenCase
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		name, _ := filepath.Rel(root, dir)
		out = append(out, goldenCase{filepath.ToSlash(name), dir})
	}
	return out
}

// runGolden lints a case's input/ and compares the report with want.txt,
// then runs its fix half (checkFixed).
func runGolden(t *testing.T, dir string) {
	t.Chdir(dir)
	stdout, _, code := runCLI(t, append(caseArgs(t), "input")...)
	got := fmt.Sprintf("%sexit: %d\n", stdout, code)
	compareGolden(t, "want.txt", got)
	checkFixed(t)
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
