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
	"strings"
	"syscall"
	"testing"

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

// forEachCase runs fn on a fresh copy of every golden case at every fix
// level, with the working directory set to the copy.
func forEachCase(t *testing.T, fn func(t *testing.T, args []string, work string)) {
	dirs, err := filepath.Glob(filepath.Join(casesDir, "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases in %s: %v", casesDir, err)
	}
	for _, dir := range dirs {
		for _, level := range fixLevels {
			t.Run(filepath.Base(dir)+"/"+strings.Join(append([]string{"safe"}, level...), ""), func(t *testing.T) {
				t.Chdir(dir)
				args := append(caseArgs(t), level...)
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
// patch -p1, gives exactly what --fix writes.
func TestFixDiffApplies(t *testing.T) {
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
	writeTree(t, "input", map[string][]byte{"etcd.env": []byte("ETCD_LOGGER=capnslog\n")})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--fix", "--diff", "input"}, "alternatives"},
		{[]string{"--cutover", "input"}, "add one of those"},
		{[]string{"--fix", "--fix-only", "nope", "input"}, `unknown rule "nope"`},
		{[]string{"--diff", "--format", "json", "input"}, "does not combine"},
		{[]string{"--fix", "--stdin-filename", "x.env", "-"}, "cannot write back to stdin"},
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
	orig := []byte("ETCD_NAME=n1\nETCD_LOGGER=capnslog\n")
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
	if err != nil || string(got) != "ETCD_NAME=n1\nETCD_LOGGER=zap\n" {
		t.Errorf("out/conf/sub/etcd.env = %q, %v", got, err)
	}
	if info, err := os.Stat("out/conf/sub/etcd.env"); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode of the copy: %v, %v", info.Mode(), err)
	}
	if !strings.Contains(stdout, "fixed conf/sub/etcd.env:2:1: set logger to zap [logger-capnslog]") {
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
	writeTree(t, "input", map[string][]byte{"etcd.env": []byte("ETCD_LOGGER=capnslog\nETCD_LISTEN_CLIENT_URL=http://x:2379\nETCD_EXPERIMENTAL_BACKEND_BBOLT_FREELIST_TYPE=map\n")})
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
	if len(rep.Fixed) != 1 || rep.Fixed[0].Rule != "logger-capnslog" || rep.Fixed[0].Line != 1 || rep.Fixed[0].Round != 1 || rep.Fixed[0].Phase != "pre" {
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
	os.WriteFile(f.path, []byte("ETCD_LOGGER=capnslog # edited by someone else\n"), 0o644)
	return f.FS.CreateTemp(dir, pattern)
}

func TestFixWriteFaults(t *testing.T) {
	orig := []byte("ETCD_LOGGER=capnslog\n")
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
				want = []byte("ETCD_LOGGER=capnslog # edited by someone else\n")
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
