package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/etcdlint/etcdlint/rules"

	"github.com/google/go-cmp/cmp"

	"github.com/etcdlint/etcdlint/fixers"
)

// checkFixed runs the fix half of a golden case (see casesDir): --fix on a
// copy of input/ must leave every file as fixed/ has it, or unchanged when
// fixed/ has no such file, and print want-fix.txt.
func checkFixed(t *testing.T) {
	t.Helper()
	fixArgs, err := os.ReadFile("fix-args")
	_, statErr := os.Stat("fixed")
	if os.IsNotExist(err) && os.IsNotExist(statErr) {
		return
	}
	caseDir, _ := os.Getwd()
	work := t.TempDir()
	copyTree(t, ".", work) // args may name files beside input/ (--metrics-from)
	args := append(caseArgs(t), strings.Fields(string(fixArgs))...)
	t.Chdir(work)
	stdout, _, code := runCLI(t, append(args, "--fix", "input")...)
	t.Chdir(caseDir)
	compareGolden(t, "want-fix.txt", fmt.Sprintf("%sexit: %d\n", stdout, code))

	got := treeFiles(t, filepath.Join(work, "input"))
	for rel, data := range got {
		orig, err := os.ReadFile(filepath.Join("input", rel))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("fixed", rel)
		if *update {
			if bytes.Equal(data, orig) {
				os.Remove(golden)
				continue
			}
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if os.IsNotExist(err) {
			want = orig
		} else if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(data)); diff != "" {
			t.Errorf("fixed %s mismatch (-want +got):\n%s", rel, diff)
		}
	}
	for rel := range treeFiles(t, "fixed") {
		if _, ok := got[rel]; !ok {
			t.Errorf("fixed/%s has no input/%s", rel, rel)
		}
	}
}

// fixLevels are the fix selections the corpus-wide tests try.
var fixLevels = [][]string{{}, {"--cutover"}, {"--cutover", "--unsafe-fixes"}}

// forEachCase runs fn on a fresh copy of every golden case and rule case
// at every fix level (once for a case whose report offers no fix), with
// the working directory set to the copy. A case
// that audits a chain of hops is left out: chains are not fixed
// (TestChainIsNotFixed).
func forEachCase(t *testing.T, fn func(t *testing.T, args []string, work string)) {
	cases := goldenCases(t, casesDir, "*")
	for _, c := range goldenCases(t, ruleCasesDir, "*/*") {
		cases = append(cases, goldenCase{"rules/" + c.name, c.dir})
	}
	for _, c := range cases {
		levels := fixLevels
		if want, err := os.ReadFile(filepath.Join(c.dir, "want.txt")); err == nil && !bytes.Contains(want, []byte("\n  = fix (")) {
			levels = levels[:1] // no fix at any level: once is enough
		}
		for _, level := range levels {
			t.Run(c.name+"/"+strings.Join(append([]string{"safe"}, level...), ""), func(t *testing.T) {
				t.Chdir(c.dir)
				args := append(caseArgs(t), level...)
				if chain(args) {
					t.Skip("a chain of hops is fixed hop by hop")
				}
				work := t.TempDir()
				copyTree(t, ".", work)
				t.Chdir(work)
				fn(t, args, work)
			})
		}
	}
}

// TestFixIdempotent: fixing fixed files changes nothing, and no finding
// left after fixing has a fix the same flags would apply.
func TestFixIdempotent(t *testing.T) {
	forEachCase(t, func(t *testing.T, args []string, work string) {
		runCLI(t, append(args, "--fix", "input")...)
		once := treeFiles(t, "input")
		stdout, stderr, _ := runCLI(t, append(args, "--fix", "--format", "json", "input")...)
		if diff := cmp.Diff(once, treeFiles(t, "input")); diff != "" {
			t.Errorf("second --fix changed files (-first +second):\n%s", diff)
		}
		var rep struct {
			Findings []struct {
				Rule string
				Line int
				Fix  *struct{ Phase, Safety string }
			}
			Fixed    []json.RawMessage
			NotFixed []struct{ Rule, Reason string } `json:"not_fixed"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("%v\n%s%s", err, stdout, stderr)
		}
		if len(rep.Fixed) > 0 {
			t.Errorf("second --fix fixed %d more findings", len(rep.Fixed))
		}
		applies := func(phase, safety string) bool {
			return (phase == "pre" || phase == "cutover" && contains(args, "--cutover")) &&
				(safety == "safe" || contains(args, "--unsafe-fixes"))
		}
		for _, fd := range rep.Findings {
			if fd.Fix != nil && applies(fd.Fix.Phase, fd.Fix.Safety) {
				t.Errorf("line %d: %s still has a %s %s fix after --fix", fd.Line, fd.Rule, fd.Fix.Phase, fd.Fix.Safety)
			}
		}
		for _, nf := range rep.NotFixed {
			if nf.Reason == "conflict" || nf.Reason == "reverted" {
				t.Errorf("%s left as %s", nf.Rule, nf.Reason)
			}
		}
	})
}

// TestFixDiffApplies: the --diff output, applied with git apply and with
// patch -p1, gives exactly what --fix writes. With -short the round trips
// through the two programs (most of its time) are left to the full run.
func TestFixDiffApplies(t *testing.T) {
	if testing.Short() {
		t.Skip("applies each golden case's patch with git and patch")
	}
	for _, tool := range []string{"git", "patch"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to check that --diff applies: %v", tool, err)
		}
	}
	forEachCase(t, func(t *testing.T, args []string, work string) {
		before := treeFiles(t, "input")
		patch, stderr, _ := runCLI(t, append(args, "--diff", "input")...)
		if diff := cmp.Diff(before, treeFiles(t, "input")); diff != "" {
			t.Fatalf("--diff changed files:\n%s", diff)
		}
		runCLI(t, append(args, "--fix", "input")...)
		want := treeFiles(t, "input")
		if patch == "" {
			if diff := cmp.Diff(before, want); diff != "" {
				t.Errorf("--diff printed nothing but --fix changed files:\n%s\n%s", diff, stderr)
			}
			return
		}
		for _, apply := range [][]string{{"git", "apply", "-"}, {"patch", "-p1", "--quiet", "--batch"}} {
			dir := filepath.Join(t.TempDir(), apply[0])
			writeTree(t, filepath.Join(dir, "input"), before)
			cmd := exec.Command(apply[0], apply[1:]...)
			cmd.Dir = dir
			cmd.Stdin = strings.NewReader(patch)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s\npatch:\n%s", strings.Join(apply, " "), err, out, patch)
			}
			if diff := cmp.Diff(want, treeFiles(t, filepath.Join(dir, "input"))); diff != "" {
				t.Errorf("%s of --diff differs from --fix (-fix +applied):\n%s", apply[0], diff)
			}
		}
	})
}

func TestFixFlagErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeTree(t, "input", map[string][]byte{"etcd.env": []byte("ETCD_LOG_OUTPUT=stderr\n")})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--fix", "--diff", "input"}, "alternatives"},
		{[]string{"--cutover", "input"}, "add one of those"},
		{[]string{"--fix", "--fix-only", "nope", "input"}, `unknown rule "nope"`},
		{[]string{"--diff", "--format", "json", "input"}, "--format json does not combine with it there: write it to a file with json=FILE"},
		{[]string{"--diff", "--format", "text,sarif", "input"}, "both write to stdout"},
		{[]string{"--diff", "--write-baseline", "b.json", "input"}, "so it needs --fix"},
		{[]string{"--fix-dir", "out", "--write-baseline", "b.json", "input"}, "so it needs --fix"},
		{[]string{"--fix", "--write-baseline", "b.json", "--baseline", "b.json", "input"}, "alternatives"},
		{[]string{"--fix", "--baseline", "missing.json", "input"}, "--baseline: open missing.json"},
		{[]string{"--write-baseline", "no/dir/b.json", "input"}, "--write-baseline=no/dir/b.json: no directory no/dir"},
		{[]string{"--fix", "--stdin-filename", "x.env", "-", "input"}, "fix - alone"},
		{[]string{"--fix", "--format", "sarif", "--stdin-filename", "x.env", "-"}, "--fix of stdin prints the fixed text on stdout, so --format sarif"},
		{[]string{"--fix-dir", "out", "../x"}, "mirrors relative paths"},
		{[]string{"--fix-dir", "out", filepath.Join(dir, "input")}, "mirrors relative paths"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if code != ExitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestFixDir(t *testing.T) {
	t.Chdir(t.TempDir())
	orig := []byte("ETCD_NAME=n1\nETCD_LOG_OUTPUT=stderr\n")
	writeTree(t, "conf", map[string][]byte{"sub/etcd.env": orig})
	if err := os.Chmod("conf/sub/etcd.env", 0o640); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, "--no-color", "--fix-dir", "out", "conf")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if got, _ := os.ReadFile("conf/sub/etcd.env"); !bytes.Equal(got, orig) {
		t.Errorf("original changed: %q", got)
	}
	got, err := os.ReadFile("out/conf/sub/etcd.env")
	if err != nil || string(got) != "ETCD_NAME=n1\nETCD_LOG_OUTPUTS=stderr\n" {
		t.Errorf("out/conf/sub/etcd.env = %q, %v", got, err)
	}
	if info, err := os.Stat("out/conf/sub/etcd.env"); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode of the copy: %v, %v", info.Mode(), err)
	}
	if !strings.Contains(stdout, "fixed conf/sub/etcd.env:2:1: rename log-output to log-outputs [log-output-flag]") {
		t.Errorf("stdout:\n%s", stdout)
	}

	// A link inside DIR that points out of it is not written through.
	outside := t.TempDir()
	os.RemoveAll("out")
	os.MkdirAll("out", 0o755)
	if err := os.Symlink(outside, "out/conf"); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = runCLI(t, "--no-color", "--fix-dir", "out", "conf")
	if code != ExitError || !strings.Contains(stdout, "cannot write out/conf/sub/etcd.env") {
		t.Errorf("exit %d, want 2\n%s", code, stdout)
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("wrote outside --fix-dir: %v", entries)
	}
}

func TestFixJSON(t *testing.T) {
	t.Chdir(t.TempDir())
	writeTree(t, "input", map[string][]byte{"etcd.env": []byte("ETCD_LOG_OUTPUT=stderr\nETCD_LISTEN_CLIENT_URL=http://x:2379\nETCD_EXPERIMENTAL_BACKEND_BBOLT_FREELIST_TYPE=map\n")})
	stdout, _, code := runCLI(t, "--fix", "--format", "json", "input")
	if code != ExitFindings {
		t.Errorf("exit %d, want 1: findings remain", code)
	}
	var rep struct {
		Findings []struct{ Rule string }
		Fixed    []struct {
			Rule, Path, Phase, Safety string
			Line, Round               int
		}
		NotFixed []struct{ Rule, Reason string } `json:"not_fixed"`
		Reverted []any
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Fixed) != 1 || rep.Fixed[0].Rule != "log-output-flag" || rep.Fixed[0].Line != 1 || rep.Fixed[0].Round != 1 || rep.Fixed[0].Phase != "pre" {
		t.Errorf("fixed = %+v", rep.Fixed)
	}
	if len(rep.Findings) != 2 || len(rep.NotFixed) != 2 || rep.NotFixed[0].Reason != "unsafe" || rep.NotFixed[1].Reason != "cutover" {
		t.Errorf("findings = %+v, not_fixed = %+v", rep.Findings, rep.NotFixed)
	}
	if rep.Reverted == nil {
		t.Error("reverted must be an empty array, not absent")
	}
}

// faultFS injects a write error into the temporary file.
type faultFS struct {
	fixers.FS
	err error
}

func (f faultFS) CreateTemp(dir, pattern string) (fixers.File, error) {
	tmp, err := f.FS.CreateTemp(dir, pattern)
	return failingFile{tmp, f.err}, err
}

type failingFile struct {
	fixers.File
	err error
}

func (f failingFile) Write([]byte) (int, error) { return 0, f.err }

// touchFS edits the file while etcdlint writes its temporary copy.
type touchFS struct {
	fixers.FS
	path string
}

func (f touchFS) CreateTemp(dir, pattern string) (fixers.File, error) {
	os.WriteFile(f.path, []byte("ETCD_LOG_OUTPUT=stderr # edited by someone else\n"), 0o644)
	return f.FS.CreateTemp(dir, pattern)
}

func TestFixWriteFaults(t *testing.T) {
	orig := []byte("ETCD_LOG_OUTPUT=stderr\n")
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, c *Command)
		want  string
	}{
		{"changed on disk", func(t *testing.T, c *Command) {
			c.writeFS = touchFS{fixers.OS, "input/etcd.env"}
		}, "changed on disk"},
		{"read-only file", func(t *testing.T, c *Command) {
			os.Chmod("input/etcd.env", 0o444)
		}, "is read-only"},
		{"disk full", func(t *testing.T, c *Command) {
			c.writeFS = faultFS{fixers.OS, syscall.ENOSPC}
		}, "no space left on device"},
		{"symlink", func(t *testing.T, c *Command) {
			os.Rename("input/etcd.env", "real.env")
			os.Symlink("../real.env", "input/etcd.env")
		}, "is a symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeTree(t, "input", map[string][]byte{"etcd.env": orig})
			var out, errb bytes.Buffer
			c := &Command{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}
			tc.setup(t, c)
			want := orig
			if tc.name == "changed on disk" {
				want = []byte("ETCD_LOG_OUTPUT=stderr # edited by someone else\n")
			}
			code := c.Main([]string{"--no-color", "--fix", "input/etcd.env"})
			if code != ExitError || !strings.Contains(out.String(), tc.want) {
				t.Errorf("exit %d, want 2 with %q\n%s%s", code, tc.want, out.String(), errb.String())
			}
			if got, _ := os.ReadFile("input/etcd.env"); !bytes.Equal(got, want) {
				t.Errorf("file changed: %q", got)
			}
			if entries, _ := os.ReadDir("input"); len(entries) != 1 {
				t.Errorf("left files behind: %v", entries)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// copyTree copies the regular files under src to dst, keeping their modes.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	writeTree(t, dst, treeFiles(t, src))
}

// treeFiles reads every regular file under root, by slash path.
func treeFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == root {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeTree(t *testing.T, root string, files map[string][]byte) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// summaryOnly is stderr holding the summary line and nothing else.
var summaryOnly = regexp.MustCompile(`^\d+ errors?, \d+ warnings?, \d+ infos? in \d+ files? scanned\n$`)

// fixFormatsCase is the case every report format is checked on after
// fixing: safe fixes applied, unsafe, cutover and manual findings left.
const fixFormatsCase = "../../testdata/cases/fix-formats"

// TestFixReportFormats: after --fix, each format reports the findings that
// remain (want-fix.FORMAT); after --diff, written to a file, the same
// findings placed in the unchanged files (want-diff.FORMAT), with the diff
// alone on stdout (want-diff.patch).
func TestFixReportFormats(t *testing.T) {
	caseDir, err := filepath.Abs(fixFormatsCase)
	if err != nil {
		t.Fatal(err)
	}
	golden := func(name string) string { return filepath.Join(caseDir, name) }
	for _, format := range reportFormats {
		t.Run("fix/"+format, func(t *testing.T) {
			t.Chdir(t.TempDir())
			copyTree(t, filepath.Join(caseDir, "input"), "input")
			stdout, stderr, code := runCLI(t, "--no-color", "--fix", "--format", format, "input")
			if code != ExitFindings {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
			}
			if stderr != "" {
				t.Errorf("stderr = %q, want nothing besides the %s report", stderr, format)
			}
			compareGolden(t, golden("want-fix."+format), stdout)
			if strings.Contains(string(treeFiles(t, "input")["deploy/etcd.env"]), "ETCD_ENABLE_V2") {
				t.Error("--fix did not write the fixes")
			}
		})
		t.Run("diff/"+format, func(t *testing.T) {
			t.Chdir(t.TempDir())
			copyTree(t, filepath.Join(caseDir, "input"), "input")
			before := treeFiles(t, "input")
			os.Mkdir("reports", 0o755)
			stdout, stderr, code := runCLI(t, "--no-color", "--diff", "--format", format+"=reports/out", "input")
			if code != ExitFindings {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
			}
			if !summaryOnly.MatchString(stderr) {
				t.Errorf("stderr = %q, want the summary line alone: the %s report went to a file", stderr, format)
			}
			compareGolden(t, golden("want-diff.patch"), stdout)
			got, err := os.ReadFile("reports/out")
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, golden("want-diff."+format), string(got))
			if diff := cmp.Diff(before, treeFiles(t, "input")); diff != "" {
				t.Errorf("--diff changed files:\n%s", diff)
			}
		})
	}
}

// Several reports after --fix and --fix-dir: NAME=FILE outputs hold what
// the same format prints alone.
func TestFixSeveralFormats(t *testing.T) {
	caseDir, err := filepath.Abs(fixFormatsCase)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	copyTree(t, filepath.Join(caseDir, "input"), "input")
	os.Mkdir("r", 0o755)
	var spec []string
	for _, f := range reportFormats {
		spec = append(spec, f+"=r/"+f)
	}
	stdout, stderr, code := runCLI(t, "--no-color", "--fix", "--format", strings.Join(append(spec, "text"), ","), "input")
	if code != ExitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	compareFile(t, filepath.Join(caseDir, "want-fix.txt"), stdout+"exit: 1\n")
	if !strings.Contains(stderr, "in 2 files scanned") {
		t.Errorf("stderr has no summary: %q", stderr)
	}
	for _, f := range reportFormats {
		got, err := os.ReadFile(filepath.Join("r", f))
		if err != nil {
			t.Fatal(err)
		}
		compareFile(t, filepath.Join(caseDir, "want-fix."+f), string(got))
	}

	// --fix-dir reports the fixed copies where they were written.
	copyTree(t, filepath.Join(caseDir, "input"), "orig")
	stdout, stderr, _ = runCLI(t, "--fix-dir", "out", "--format", "github,sarif=r/dir.sarif", "orig")
	if !strings.Contains(stdout, "file=out/orig/deploy/etcd.service,line=7,") || strings.Contains(stdout, "file=orig/deploy/etcd.service") {
		t.Errorf("--fix-dir annotations do not point at the written files:\n%s%s", stdout, stderr)
	}
}

// The SARIF written after fixing and beside a diff is valid SARIF 2.1.0,
// with fixes for the remaining fixable findings.
func TestFixSARIFSchema(t *testing.T) {
	caseDir, err := filepath.Abs(fixFormatsCase)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"want-fix.sarif", "want-diff.sarif"} {
		data, err := os.ReadFile(filepath.Join(caseDir, name))
		if err != nil {
			t.Fatal(err)
		}
		validateSARIF(t, string(data))
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID string
					Fixes  []json.RawMessage
				}
			}
		}
		if err := json.Unmarshal(data, &log); err != nil {
			t.Fatal(err)
		}
		fixes := 0
		for _, r := range log.Runs[0].Results {
			if r.RuleID == "enable-v2" || r.RuleID == "log-output-flag" {
				t.Errorf("%s: %s was fixed but is still reported", name, r.RuleID)
			}
			fixes += len(r.Fixes)
		}
		if fixes != 5 {
			t.Errorf("%s: %d fixes, want the 5 remaining unsafe and cutover ones", name, fixes)
		}
	}
}

// --baseline with a fix mode: a baselined finding is accepted as it is,
// neither fixed nor reported as remaining; with --diff it is not in the
// diff either.
func TestFixBaseline(t *testing.T) {
	t.Chdir(t.TempDir())
	src := "ETCD_NAME=a\nETCD_ENABLE_V2=false\nETCD_LOG_OUTPUT=stderr\n"
	// the baseline of the file when it set only the logger
	writeTree(t, "input", map[string][]byte{"etcd.env": []byte("ETCD_LOG_OUTPUT=stderr\n")})
	if _, stderr, code := runCLI(t, "--write-baseline", "b.json", "input"); code != ExitOK {
		t.Fatalf("--write-baseline: exit %d: %s", code, stderr)
	}
	writeTree(t, "input", map[string][]byte{"etcd.env": []byte(src)})

	patch, stderr, code := runCLI(t, "--no-color", "--diff", "--baseline", "b.json", "input")
	// exit 1: the patch is not empty
	if code != ExitFindings || strings.Contains(patch, "-ETCD_LOGGER") || !strings.Contains(patch, "-ETCD_ENABLE_V2=false") {
		t.Errorf("--diff --baseline: exit %d, diff:\n%s%s", code, patch, stderr)
	}
	stdout, stderr, code := runCLI(t, "--no-color", "--fix", "--baseline", "b.json", "--format", "text,json=r.json", "input")
	if code != ExitOK {
		t.Errorf("exit %d, want 0: the only finding left is baselined\n%s%s", code, stdout, stderr)
	}
	if got, _ := os.ReadFile("input/etcd.env"); string(got) != "ETCD_NAME=a\nETCD_LOG_OUTPUT=stderr\n" {
		t.Errorf("fixed file = %q, want the baselined logger kept", got)
	}
	if strings.Contains(stdout, "logger") || !strings.Contains(stdout, "1 fixed, 0 not fixed") {
		t.Errorf("the baselined finding is reported:\n%s", stdout)
	}
	if !strings.Contains(stderr, "1 findings in the baseline b.json not fixed nor shown") {
		t.Errorf("stderr: %q", stderr)
	}
	rep, _ := os.ReadFile("r.json")
	if strings.Contains(string(rep), "logger") {
		t.Errorf("JSON reports the baselined finding:\n%s", rep)
	}
	// Without the baseline, the same run fixes it.
	runCLI(t, "--fix", "input")
	if got, _ := os.ReadFile("input/etcd.env"); string(got) != "ETCD_NAME=a\nETCD_LOG_OUTPUTS=stderr\n" {
		t.Errorf("without --baseline: %q", got)
	}
}

// --fix --write-baseline fixes what it can and records what is left: the
// next run with that baseline is clean.
func TestFixWriteBaseline(t *testing.T) {
	t.Chdir(t.TempDir())
	src := "ETCD_ENABLE_V2=false\nETCD_LOG_LEVEL=info\nETCD_DEBUG=true\nETCD_FROBNICATE=x\n"
	writeTree(t, "input", map[string][]byte{"etcd.env": []byte(src)})
	os.Mkdir("ci", 0o755)
	stdout, stderr, code := runCLI(t, "--no-color", "--fix", "--write-baseline", "ci/b.json", "input")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if got, _ := os.ReadFile("input/etcd.env"); string(got) != "ETCD_LOG_LEVEL=info\nETCD_DEBUG=true\nETCD_FROBNICATE=x\n" {
		t.Errorf("fixed file = %q", got)
	}
	if !strings.Contains(stderr, "wrote 2 findings to ci/b.json") || strings.Contains(stdout, "not fixed input") || !strings.Contains(stdout, "fixed input/etcd.env:1:1: delete enable-v2") {
		t.Errorf("report:\n%s%s", stdout, stderr)
	}
	var b struct{ Findings []struct{ Rule string } }
	data, _ := os.ReadFile("ci/b.json")
	if err := json.Unmarshal(data, &b); err != nil || len(b.Findings) != 2 || b.Findings[0].Rule != "debug-flag" || b.Findings[1].Rule != "unknown-flag" {
		t.Errorf("baseline %s: %v", data, err)
	}
	stdout, stderr, code = runCLI(t, "--no-color", "--baseline", "ci/b.json", "input")
	if code != ExitOK || stdout != "" {
		t.Errorf("lint with the new baseline: exit %d\n%s%s", code, stdout, stderr)
	}
}

// An inline ignore holds in fix mode: the suppressed --debug stays while
// the fix beside it on the same line is applied.
func TestFixKeepsSuppressed(t *testing.T) {
	t.Chdir(t.TempDir())
	unit := "[Service]\n# etcdlint:ignore debug-flag -- staging keeps debug logs until the cutover\nExecStart=/usr/bin/etcd --name=n1 --debug --log-output=stderr\n"
	writeTree(t, "input", map[string][]byte{"etcd.service": []byte(unit)})
	stdout, stderr, _ := runCLI(t, "--no-color", "--fix", "--unsafe-fixes", "--format", "json", "input")
	got, _ := os.ReadFile("input/etcd.service")
	if !strings.Contains(string(got), "--name=n1 --debug --log-outputs=stderr") {
		t.Errorf("fixed unit:\n%s\nwant --debug kept and --log-output renamed", got)
	}
	if strings.Contains(stdout, `"debug-flag"`) || strings.Contains(stdout, "unused-ignore") {
		t.Errorf("report mentions the suppressed finding:\n%s%s", stdout, stderr)
	}
	// The same unit without the directive loses its --debug.
	writeTree(t, "input", map[string][]byte{"etcd.service": []byte(strings.Replace(unit, "# etcdlint:ignore", "# was etcdlint-ignore", 1))})
	runCLI(t, "--fix", "--unsafe-fixes", "input")
	if got, _ := os.ReadFile("input/etcd.service"); strings.Contains(string(got), "--debug") {
		t.Errorf("without the directive --debug stays:\n%s", got)
	}
}

// chain reports whether CLI args audit more than one hop.
func chain(args []string) bool {
	var from, to string
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "--from":
			from = args[i+1]
		case "--to":
			to = args[i+1]
		}
	}
	up, err := rules.ParseUpgrade(from, to)
	return err == nil && up.Chain()
}
