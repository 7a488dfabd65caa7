package fixers

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func edit(start, end int, text string) fact.Edit {
	return fact.Edit{Span: fact.Span{Start: start, End: end}, NewText: text}
}

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		edits     []fact.Edit
		want      string
	}{
		{"two edits out of order", "A=1\nB=2\n", []fact.Edit{edit(6, 7, "3"), edit(0, 1, "C")}, "C=1\nB=3\n"},
		{"adjacent", "abc\n", []fact.Edit{edit(0, 1, "x"), edit(1, 2, "y")}, "xyc\n"},
		{"insertions keep order", "ab", []fact.Edit{edit(1, 1, "1"), edit(1, 1, "2")}, "a12b"},
		{"CRLF inserted lines", "A=1\r\nB=2\r\n", []fact.Edit{edit(5, 5, "C=3\n")}, "A=1\r\nC=3\r\nB=2\r\n"},
		{"BOM kept", "\ufeffA=1\nB=2\n", []fact.Edit{edit(0, 7, "")}, "\ufeffB=2\n"},
		{"no final newline kept", "A=1\nB=2", []fact.Edit{edit(7, 7, "\nC=3\n")}, "A=1\nB=2\nC=3"},
		{"final newline kept", "A=1\nB=2\n", []fact.Edit{edit(4, 8, "B")}, "A=1\nB\n"},
		{"CRLF final newline kept", "A=1\r\nB=2\r\n", []fact.Edit{edit(5, 10, "B")}, "A=1\r\nB\r\n"},
		{"everything removed", "A=1\n", []fact.Edit{edit(0, 4, "")}, ""},
	} {
		got, err := Apply([]byte(tc.src), tc.edits)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: Apply = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	if _, err := Apply([]byte("abcdef"), []fact.Edit{edit(0, 3, ""), edit(2, 4, "")}); err == nil {
		t.Error("overlapping edits applied")
	}
	if _, err := Apply([]byte("ab"), []fact.Edit{edit(1, 5, "")}); err == nil {
		t.Error("edit past the end applied")
	}
}

func TestOverlap(t *testing.T) {
	a := []fact.Edit{edit(4, 8, "")}
	for _, tc := range []struct {
		b    fact.Edit
		want bool
	}{
		{edit(0, 4, "x"), false}, // ends where a starts
		{edit(8, 9, "x"), false}, // starts where a ends
		{edit(7, 9, "x"), true},
		{edit(4, 4, "x"), true}, // insertion where a starts: order unknown
		{edit(5, 5, "x"), true}, // insertion inside a
	} {
		if got := Overlap(a, []fact.Edit{tc.b}); got != tc.want {
			t.Errorf("Overlap(%v, %v) = %v", a, tc.b, got)
		}
	}
	if !SelfOverlap([]fact.Edit{edit(0, 3, ""), edit(2, 5, "")}) || SelfOverlap([]fact.Edit{edit(0, 3, ""), edit(3, 5, "")}) {
		t.Error("SelfOverlap")
	}
}

func TestDiffText(t *testing.T) {
	old := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16"
	new := "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\nsixteen"
	want := `diff --git a/dir/f.env b/dir/f.env
--- a/dir/f.env
+++ b/dir/f.env
@@ -1,6 +1,6 @@
 1
 2
-3
+three
 4
 5
 6
@@ -13,4 +13,4 @@
 13
 14
 15
-16
\ No newline at end of file
+sixteen
\ No newline at end of file
`
	if got := Diff("dir/f.env", []byte(old), []byte(new)); got != want {
		t.Errorf("Diff =\n%s\nwant\n%s", got, want)
	}
	if got := Diff("f", []byte("a\n"), []byte("a\n")); got != "" {
		t.Errorf("Diff of equal files = %q", got)
	}
	if got, want := Diff("f", []byte(""), []byte("x\n")), "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n"; got != want {
		t.Errorf("Diff from empty = %q, want %q", got, want)
	}
}

// TestDiffApplies feeds diffs of tricky pairs to git apply and patch -p1.
func TestDiffApplies(t *testing.T) {
	lines := func(n int, sep string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("ETCD_V" + string(rune('A'+i%26)) + "=x" + sep)
		}
		return b.String()
	}
	long := lines(30, "\n")
	for _, tc := range []struct{ name, old, new string }{
		{"change in the middle", long, strings.Replace(long, "ETCD_VK=x", "ETCD_VK=y", 1)},
		{"changes far apart", long, strings.Replace(strings.Replace(long, "ETCD_VB=x", "B", 1), "ETCD_VZ=x", "Z", 1)},
		{"delete first and last", long, long[len("ETCD_VA=x\n") : len(long)-len("ETCD_VD=x\n")]},
		{"add final newline", "A=1\nB=2", "A=1\nB=2\n"},
		{"remove final newline", "A=1\nB=2\n", "A=1\nB=3"},
		{"last line without newline removed", "A=1\nB=2\nC=3", "A=1\nB=2"},
		{"CRLF", lines(8, "\r\n"), strings.Replace(lines(8, "\r\n"), "ETCD_VC=x\r\n", "", 1)},
		{"insert at start", "A=1\n", "Z=0\nA=1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			patch := Diff("conf/f.env", []byte(tc.old), []byte(tc.new))
			for _, cmd := range [][]string{{"git", "apply", "-"}, {"patch", "-p1", "--quiet", "--batch"}} {
				dir := t.TempDir()
				os.MkdirAll(filepath.Join(dir, "conf"), 0o755)
				os.WriteFile(filepath.Join(dir, "conf/f.env"), []byte(tc.old), 0o644)
				c := exec.Command(cmd[0], cmd[1:]...)
				c.Dir = dir
				c.Stdin = strings.NewReader(patch)
				if out, err := c.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s\n%s", cmd[0], err, out, patch)
				}
				got, _ := os.ReadFile(filepath.Join(dir, "conf/f.env"))
				if string(got) != tc.new {
					t.Errorf("%s gave %q, want %q\n%s", cmd[0], got, tc.new, patch)
				}
			}
		})
	}
}

// faultFS injects failures into the real file system.
type faultFS struct {
	FS
	createErr, writeErr error
	beforeTemp          func()
}

func (f faultFS) CreateTemp(dir, pattern string) (File, error) {
	if f.beforeTemp != nil {
		f.beforeTemp()
	}
	if f.createErr != nil {
		return nil, f.createErr
	}
	tmp, err := f.FS.CreateTemp(dir, pattern)
	if err != nil || f.writeErr == nil {
		return tmp, err
	}
	return failingFile{tmp, f.writeErr}, nil
}

type failingFile struct {
	File
	err error
}

func (f failingFile) Write([]byte) (int, error) { return 0, f.err }

func TestReplace(t *testing.T) {
	old, fixed := []byte("ETCD_LOGGER=capnslog\n"), []byte("ETCD_LOGGER=zap\n")
	for _, tc := range []struct {
		name    string
		setup   func(path string) FS
		wantErr string
		want    []byte // the file afterwards
	}{
		{"ok", func(string) FS { return OS }, "", fixed},
		{"read-only", func(p string) FS { os.Chmod(p, 0o444); return OS }, "is read-only", old},
		{"changed before", func(p string) FS { os.WriteFile(p, []byte("other\n"), 0o644); return OS }, "changed on disk", []byte("other\n")},
		{"changed while writing", func(p string) FS {
			return faultFS{FS: OS, beforeTemp: func() { os.WriteFile(p, []byte("ETCD_LOGGER=capnslog \n"), 0o644) }}
		}, "changed on disk", []byte("ETCD_LOGGER=capnslog \n")},
		{"directory not writable", func(string) FS { return faultFS{FS: OS, createErr: fs.ErrPermission} }, "cannot create a temporary file", old},
		{"disk full", func(string) FS { return faultFS{FS: OS, writeErr: syscall.ENOSPC} }, "no space left", old},
		{"hard link", func(p string) FS { os.Link(p, p+".other"); return OS }, "has 2 hard links", old},
		{"symlink", func(p string) FS {
			os.Rename(p, p+".real")
			os.Symlink(filepath.Base(p)+".real", p)
			return OS
		}, "symbolic link", old},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "etcd.env")
			os.WriteFile(p, old, 0o640)
			err := Writer{FS: tc.setup(p)}.Replace(p, old, fixed)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Replace: %v, want %q", err, tc.wantErr)
			}
			if got, _ := os.ReadFile(p); string(got) != string(tc.want) {
				t.Errorf("file = %q, want %q", got, tc.want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), "etcdlint") {
					t.Errorf("temporary file left: %s", e.Name())
				}
			}
			if tc.wantErr == "" {
				if info, _ := os.Stat(p); info.Mode().Perm() != 0o640 {
					t.Errorf("mode %v, want 0640", info.Mode())
				}
			}
		})
	}
}

func TestReplaceUnwritableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into any directory; the injected permission error covers this")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "etcd.env")
	os.WriteFile(p, []byte("A=1\n"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	err := Writer{}.Replace(p, []byte("A=1\n"), []byte("A=2\n"))
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Replace in a read-only directory: %v", err)
	}
}

func TestWriteUnder(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"../x", "/etc/x", ""} {
		if err := WriteUnder(dir, rel, []byte("x"), 0o644); err == nil {
			t.Errorf("WriteUnder(%q) wrote", rel)
		}
	}
	if err := WriteUnder(dir, "a/b/c.env", []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(filepath.Join(dir, "a/b/c.env")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("stat: %v %v", info, err)
	}
	outside := t.TempDir()
	os.Symlink(outside, filepath.Join(dir, "link"))
	if err := WriteUnder(dir, "link/c.env", []byte("x\n"), 0o644); err == nil {
		t.Error("wrote through a link out of the directory")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("files outside: %v", entries)
	}
}

// Under a writer racing the fix, the file ends as one whole text (the
// racer's, the old or the fixed one), never a mix, with no temporary file
// left; when Replace succeeds, the old text was what it replaced.
func TestReplaceRacingWriter(t *testing.T) {
	old, fixed, other := []byte("ETCD_LOGGER=capnslog\n"), []byte("ETCD_LOGGER=zap\n"), []byte("ETCD_LOGGER=capnslog # edited\n")
	dir := t.TempDir()
	p := filepath.Join(dir, "etcd.env")
	for range 200 {
		os.WriteFile(p, old, 0o644)
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				default:
					// the racer writes whole files by rename, as editors do
					tmp := p + ".racer"
					os.WriteFile(tmp, other, 0o644)
					os.Rename(tmp, p)
				}
			}
		}()
		err := Writer{}.Replace(p, old, fixed)
		close(stop)
		<-done
		got, _ := os.ReadFile(p)
		if !bytes.Equal(got, old) && !bytes.Equal(got, fixed) && !bytes.Equal(got, other) {
			t.Fatalf("file is %q (Replace: %v)", got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "changed on disk") {
			t.Fatalf("Replace: %v", err)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), "etcdlint") {
				t.Fatalf("temporary file left: %s", e.Name())
			}
		}
	}
}
