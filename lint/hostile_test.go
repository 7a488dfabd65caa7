package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Hostile input: each case must end with findings, a notice or an error
// naming the file, never a panic, a hang or silence.

// A YAML alias bomb (each level doubles the last) is read without
// expanding it, in every YAML kind.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [\"--debug\", \"--debug\"]\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d]\n", i, i, i-1, i-1)
	}
	bomb := b.String()
	e := newTestEngine(t)
	for _, doc := range []Document{
		{Path: "etcd.conf.yml", Src: []byte("name: etcd\ndebug: true\n" + bomb)},
		{Path: "pod.yaml", Src: []byte("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    command: *a39\n" + bomb)},
		{Path: "values.yaml", Src: []byte("etcd:\n  extraArgs: *a39\n" + bomb)},
		{Path: "compose.yaml", Src: []byte("services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.4.0\n    command: *a39\n" + bomb)},
		{Path: "alerts.rules.yml", Src: []byte("groups:\n- name: etcd\n  rules: *a39\n" + bomb)},
	} {
		_, errs := e.Lint(doc)
		noPanic(t, errs)
	}
}

// 10,000 levels of nesting in YAML, JSON, shell and Markdown.
func TestDeepNesting(t *testing.T) {
	const n = 10000
	e := newTestEngine(t)
	for _, doc := range []Document{
		{Path: "etcd.conf.yml", Src: []byte("name: etcd\ndebug: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n")},
		{Path: "values.yaml", Src: []byte("etcd:\n  extraArgs: " + strings.Repeat("{a: ", n) + "--debug" + strings.Repeat("}", n) + "\n")},
		{Path: "dashboard.json", Src: []byte(`{"panels": ` + strings.Repeat(`[{"expr": "etcd_debugging_mvcc_db_total_size_in_bytes", "x": `, n) + "1" + strings.Repeat("}]", n) + "}")},
		{Path: "run.sh", Src: []byte("etcd --debug " + strings.Repeat("$(", n) + "x" + strings.Repeat(")", n) + "\n")},
		{Path: "run.sh", Src: []byte(strings.Repeat("if true; then\n", n) + "etcd --debug\n" + strings.Repeat("fi\n", n))},
		{Path: "README.md", Src: []byte(strings.Repeat("> ", n) + "```sh\netcd --debug\n```\n")},
		{Path: "alerts.rules.yml", Src: []byte("groups:\n- name: etcd\n  rules:\n  - alert: x\n    expr: " + strings.Repeat("(", n) + "etcd_debugging_mvcc_db_total_size_in_bytes" + strings.Repeat(")", n) + "\n")},
	} {
		_, errs := e.Lint(doc)
		noPanic(t, errs)
	}
}

// NUL bytes and invalid UTF-8 in a file of every kind leave the kind's
// findings in place: a stray byte never silences a file.
func TestStrayBytesInEveryKind(t *testing.T) {
	e := newTestEngine(t)
	seen := map[string]bool{}
	walkSeeds("../testdata/cases", "/input/", func(name string, src []byte) {
		file, errs := e.Lint(Document{Path: name, Src: src})
		if file == nil || len(errs) > 0 || len(file.Findings) == 0 || seen[file.Kind] {
			return
		}
		seen[file.Kind] = true
		// the stray bytes go at the end of the first line that has no finding
		line := 1
		for ; line <= file.Lines.Count(); line++ {
			if !hasFindingOn(file, line) {
				break
			}
		}
		at := file.Lines.Offset(line, 1) + len(file.Lines.Line(line))
		for _, stray := range []string{"\x00", "\xff\xfe", "\xc3"} {
			dirty := []byte(string(src[:at]) + stray + string(src[at:]))
			got, errs := e.Lint(Document{Path: name, Src: dirty})
			noPanic(t, errs)
			if got == nil || len(got.Findings) == 0 {
				t.Errorf("%s (%s): %q on line %d silences the file (errors %v)", name, file.Kind, stray, line, errs)
				continue
			}
			// where the stray bytes break no syntax (no error, and the file
			// is still of its kind: "services:\x00" no longer names a
			// compose file), the same findings at the same places: offsets
			// after them still meet the text they name
			if a, b := findingLines(file), findingLines(got); len(errs) == 0 && got.Kind == file.Kind && a != b {
				t.Errorf("%s (%s, then %s): %q on line %d moves findings:\n%s\nnow\n%s", name, file.Kind, got.Kind, stray, line, a, b)
			}
		}
	})
	if len(seen) < 15 {
		t.Errorf("only %d kinds have a golden input with findings: %v", len(seen), seen)
	}
}

func findingLines(f *File) string {
	var out []string
	for _, fd := range f.Findings {
		out = append(out, fmt.Sprintf("%d:%d %s", fd.Line, fd.Column, fd.Rule))
	}
	return strings.Join(out, "\n")
}

func hasFindingOn(f *File, line int) bool {
	for _, fd := range f.Findings {
		if fd.Line <= line && line <= fd.EndLine {
			return true
		}
	}
	return false
}

// A 1 GiB file (sparse: no disk needed) is skipped by its size, named or
// in a tree, without being read.
func TestHugeFileSkipped(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "etcd.env")
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(1 << 30); err != nil {
		t.Skip(err)
	}
	fh.Close()
	for _, paths := range [][]string{{p}, {dir}} {
		res, err := Run(Options{Upgrade: upgrade35}, paths)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Notices) != 1 || !strings.Contains(res.Notices[0].Msg, "over --max-file-size") || len(res.Errors) != 0 {
			t.Errorf("%v: notices %+v, errors %+v", paths, res.Notices, res.Errors)
		}
	}
}

// A 50 MB file of one line is skipped by its size; under the limit, a
// long single line is linted.
func TestSingleLongLine(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.sh")
	if err := os.WriteFile(big, []byte("etcd --debug"+strings.Repeat(" --name=x", 50<<20/9)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Upgrade: upgrade35}, []string{big})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notices) != 1 || !strings.Contains(res.Notices[0].Msg, "over --max-file-size") {
		t.Errorf("notices %+v", res.Notices)
	}
	line := "etcd --debug" + strings.Repeat(" --name=x", 100<<10/9)
	file, errs := newTestEngine(t).Lint(Document{Path: "run.sh", Src: []byte(line)})
	noPanic(t, errs)
	if file == nil || len(file.Findings) == 0 {
		t.Errorf("a 100 KB line: no finding")
	}
}

// Symlink loops, to a file or to a directory above, end the walk with an
// error or nothing, not a loop.
func TestSymlinkLoops(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"sub/etcd.env": "ETCD_DEBUG=true\n"})
	if err := os.Symlink("b.env", filepath.Join(root, "a.env")); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("a.env", filepath.Join(root, "b.env")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(root, "sub", "up")); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Upgrade: upgrade35}, []string{root, filepath.Join(root, "a.env")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || len(res.Files[0].Findings) != 1 {
		t.Errorf("files %+v", res.Files)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Path, "a.env") {
		t.Errorf("errors %+v, want the named a.env", res.Errors)
	}
}

// A file deleted between the walk and its reading is an error naming it,
// and the run goes on.
func TestFileDeletedMidRun(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a.env": "ETCD_DEBUG=true\n", "b.env": "ETCD_DEBUG=true\n", "c.env": "ETCD_DEBUG=true\n"})
	// Skip is asked about each file after the walk, before any is read.
	gone := filepath.Join(root, "b.env")
	skip := func(p string) bool {
		if p == gone {
			os.Remove(p)
		}
		return false
	}
	res, err := Run(Options{Upgrade: upgrade35, Skip: skip}, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 || len(res.Errors) != 1 || res.Errors[0].Path != gone {
		t.Errorf("files %d, errors %+v", len(res.Files), res.Errors)
	}
}

// A directory that cannot be listed is an error naming it (as root every
// directory can be listed, so this runs only as another user).
func TestUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	root := t.TempDir()
	writeTree(t, root, map[string]string{"locked/etcd.env": "ETCD_DEBUG=true\n", "a.env": "ETCD_DEBUG=true\n"})
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	res, err := Run(Options{Upgrade: upgrade35}, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || len(res.Errors) != 1 || res.Errors[0].Path != locked {
		t.Errorf("files %d, errors %+v", len(res.Files), res.Errors)
	}
}

// 100,000 files in one directory are walked and linted.
func TestManyFilesInOneDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 files")
	}
	root := t.TempDir()
	for i := range 100000 {
		src := "x\n"
		if i%1000 == 0 {
			src = "ETCD_DEBUG=true\n"
		}
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("f%06d.env", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run(Options{Upgrade: upgrade35}, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if res.FilesScanned != 100000 || len(res.Files) != 100 || len(res.Errors) != 0 {
		t.Errorf("scanned %d, linted %d, errors %d", res.FilesScanned, len(res.Files), len(res.Errors))
	}
}

func newTestEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New(Options{Upgrade: upgrade35})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
