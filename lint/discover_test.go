package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func rel(t *testing.T, root string, paths []string) []string {
	var out []string
	for _, p := range paths {
		r, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	slices.Sort(out)
	return out
}

func TestDiscoverGitignore(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		".gitignore":           "*.log\n/build/\n!keep.log\nsecrets/\n# comment\n",
		"a.env":                "x",
		"debug.log":            "x",
		"keep.log":             "x",
		"build/etcd.service":   "x",
		"sub/build/etcd.env":   "x", // /build/ is anchored to the root
		"sub/secrets/etcd.env": "x",
		"sub/.gitignore":       "local.env\n",
		"sub/local.env":        "x",
		"other/local.env":      "x", // sub/.gitignore does not apply here
		".git/config":          "x",
		"deep/a/b/c/etcd.yaml": "x",
		"deep/a/b/c/notes.log": "x",
		"deep/.gitignore":      "a/**/c/etcd.yaml\n",
		"logs/.gitignore":      "!wanted.log\n", // a deeper file wins over the root's *.log
		"logs/wanted.log":      "x",
		"logs/other.log":       "x",
	})
	got := Discover([]string{root}, DiscoverOptions{})
	want := []string{".gitignore", "a.env", "deep/.gitignore", "keep.log", "logs/.gitignore", "logs/wanted.log", "other/local.env", "sub/.gitignore", "sub/build/etcd.env"}
	if diff := cmp.Diff(want, rel(t, root, got.Files)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	all := Discover([]string{root}, DiscoverOptions{NoIgnore: true})
	if len(all.Files) != 16 {
		t.Errorf("--no-ignore found %d files, want 16 (everything but .git): %v", len(all.Files), rel(t, root, all.Files))
	}
}

func TestDiscoverSkipsAndErrors(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	writeTree(t, root, map[string]string{"big.env": "ETCD_NAME=0123456789", "small.env": "x"})
	writeTree(t, outside, map[string]string{"secret.env": "x"})
	if err := os.Symlink(filepath.Join(outside, "secret.env"), filepath.Join(root, "escape.env")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "small.env"), filepath.Join(root, "inside.env")); err != nil {
		t.Fatal(err)
	}
	got := Discover([]string{root, filepath.Join(root, "missing.env")}, DiscoverOptions{MaxFileSize: 10})
	// a file's size is checked when it is read: the walk stats nothing
	if diff := cmp.Diff([]string{"big.env", "inside.env", "small.env"}, rel(t, root, got.Files)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	var notices []string
	for _, n := range got.Notices {
		notices = append(notices, filepath.Base(n.Path)+": "+n.Msg)
	}
	slices.Sort(notices)
	wantNotices := []string{"escape.env: skipped: symlink points outside " + root}
	if diff := cmp.Diff(wantNotices, notices); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	res, err := Run(Options{Upgrade: upgrade35, MaxFileSize: 10}, []string{root})
	if err != nil || !slices.ContainsFunc(res.Notices, func(n Notice) bool {
		return filepath.Base(n.Path) == "big.env" && n.Msg == "skipped: 20 bytes is over --max-file-size (10)"
	}) {
		t.Errorf("Run: %v, notices %+v", err, res.Notices)
	}
	if len(got.Errors) != 1 || filepath.Base(got.Errors[0].Path) != "missing.env" {
		t.Errorf("errors = %v, want one for missing.env", got.Errors)
	}
}

func TestRunReportsBinaryAndUnreadable(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"bin.env":  "ETCD_DEBUG=1\x00\x01",
		"ok.env":   "ETCD_DEBUG=true\n",
		"logo.png": "\x89PNG\r\n\x1a\n\x00\x00", // binary, never mentions etcd: no notice
	})
	// A dangling symlink named on the command line cannot be read (CI runs
	// as root, so a chmod 000 file would be readable).
	dangling := filepath.Join(t.TempDir(), "gone.env")
	if err := os.Symlink(filepath.Join(root, "nowhere.env"), dangling); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Upgrade: upgrade35}, []string{root, dangling})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || filepath.Base(res.Files[0].Path) != "ok.env" || len(res.Files[0].Findings) != 1 {
		t.Fatalf("files = %+v, want only ok.env with one finding", res.Files)
	}
	if len(res.Notices) != 1 || res.Notices[0].Msg != "skipped: binary file" {
		t.Errorf("notices = %v, want the binary file", res.Notices)
	}
	if len(res.Errors) != 1 {
		t.Errorf("errors = %v, want one for gone.env; notices %v", res.Errors, res.Notices)
	}
}

// Paths named on the command line are followed before they are judged: a
// link to /dev/zero, a FIFO or a device is skipped with a notice instead
// of read forever, a link to a big file obeys --max-file-size.
func TestExplicitSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "z.env")
	fifo := filepath.Join(dir, "fifo.env")
	big := filepath.Join(dir, "big.env")
	link := filepath.Join(dir, "big-link.env")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	if err := os.WriteFile(big, bytes.Repeat([]byte("ETCD_DEBUG=1\n"), 100), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(big, link); err != nil {
		t.Fatal(err)
	}
	d := Discover([]string{zero, fifo, link, "/dev/null"}, DiscoverOptions{MaxFileSize: 100})
	if len(d.Files) != 0 || len(d.Notices) != 4 {
		t.Fatalf("files %v, notices %+v", d.Files, d.Notices)
	}
	for _, n := range d.Notices {
		if !strings.Contains(n.Msg, "not a regular file") && !strings.Contains(n.Msg, "over --max-file-size") {
			t.Errorf("notice %+v", n)
		}
	}
	if _, err := readFile(big, 100, nil); err == nil || !strings.Contains(err.Error(), "max-file-size") {
		t.Errorf("readFile past the limit: %v", err)
	}
}

// UTF-16 text is not read, and says so.
func TestUTF16Notice(t *testing.T) {
	p := filepath.Join(t.TempDir(), "etcd.env")
	if err := os.WriteFile(p, []byte("\xff\xfeE\x00T\x00C\x00D\x00_\x00D\x00E\x00B\x00U\x00G\x00=\x001\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Upgrade: upgrade35}, []string{p})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notices) != 1 || !strings.Contains(res.Notices[0].Msg, "UTF-16") {
		t.Errorf("notices %+v", res.Notices)
	}
}

// A file named on the command line is never passed over in silence: a
// binary one (an ELF named .service) or one the configuration excludes
// gets a notice. A file reached twice ("./a.env" and "." again) is linted
// once.
func TestNamedFilesAreMentioned(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"x.service":      "\x7fELF\x02\x01\x01\x00\x00",
		"skip/etcd.env":  "ETCD_DEBUG=true\n",
		"a.env":          "ETCD_DEBUG=true\n",
		"skip/other.env": "ETCD_DEBUG=true\n",
	})
	t.Chdir(root)
	skip := func(p string) bool { return strings.HasPrefix(filepath.ToSlash(filepath.Clean(p)), "skip/") }
	res, err := Run(Options{Upgrade: upgrade35, Skip: skip}, []string{"./x.service", "skip/etcd.env", "./a.env", ".", filepath.Join(root, "a.env")})
	if err != nil {
		t.Fatal(err)
	}
	var notices []string
	for _, n := range res.Notices {
		notices = append(notices, n.Path+": "+n.Msg)
	}
	want := []string{"./x.service: skipped: binary file", "skip/etcd.env: skipped: excluded by the configuration"}
	if diff := cmp.Diff(want, notices); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	if len(res.Files) != 1 || res.Files[0].Path != "./a.env" {
		for _, f := range res.Files {
			t.Logf("linted %s", f.Path)
		}
		t.Errorf("want a.env linted once")
	}
}

// A document is excluded by its name like the file it stands for, and
// said to be: stdin and editor buffers follow the configuration too.
func TestSkippedDocument(t *testing.T) {
	skip := func(p string) bool { return strings.HasPrefix(p, "skip/") }
	src := []byte("ETCD_DEBUG=true\n")
	res, err := Run(Options{Upgrade: upgrade35, Skip: skip}, nil, Document{Path: "skip/etcd.env", Src: src}, Document{Path: "etcd.env", Src: src})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || res.Files[0].Path != "etcd.env" || len(res.Notices) != 1 || res.Notices[0] != (Notice{Path: "skip/etcd.env", Msg: "skipped: excluded by the configuration"}) {
		t.Errorf("files %d, notices %+v", len(res.Files), res.Notices)
	}
}

// A file with more findings than the cap keeps the first ones, in file
// order, and a notice counts the rest; a negative cap keeps all.
func TestFindingsCap(t *testing.T) {
	src := []byte(strings.Repeat("ETCD_DEBUG=true\n", 12))
	for _, tc := range []struct{ max, want, omitted int }{{5, 5, 7}, {-1, 12, 0}, {12, 12, 0}} {
		res, err := Run(Options{Upgrade: upgrade35}, nil, Document{Path: "etcd.env", Src: src})
		if err != nil || len(res.Files) != 1 {
			t.Fatalf("max %d: %v %+v", tc.max, err, res)
		}
		n := CapFindings(res.Files[0], tc.max)
		fds := res.Files[0].Findings
		if len(fds) != tc.want || fds[len(fds)-1].Line != tc.want {
			t.Errorf("max %d: %d findings, the last on line %d; want %d", tc.max, len(fds), fds[len(fds)-1].Line, tc.want)
		}
		if got := n != nil && strings.HasPrefix(n.Msg, fmt.Sprintf("%d more findings not reported", tc.omitted)); got != (tc.omitted > 0) {
			t.Errorf("max %d: notice %+v", tc.max, n)
		}
	}
}
