package lint

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// FuzzLintAndFix runs every file kind and the fix loop on any input named
// anyhow: nothing panics, every span is inside the file with its start
// before its end, every edit too, and fixing the fixed file changes
// nothing (fixing twice equals fixing once). Seeds are the golden cases'
// inputs, so each kind family starts from files it reads; `go test` runs
// the seeds, `go test -fuzz FuzzLintAndFix ./lint` searches further.
func FuzzLintAndFix(f *testing.F) {
	err := filepath.WalkDir("../testdata/cases", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(p), "/input/") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, rel, _ := strings.Cut(filepath.ToSlash(p), "/input/")
		f.Add(rel, src)
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	// NUL bytes, invalid UTF-8 and UTF-16 in names every kind claims
	for _, name := range []string{"etcd.yaml", "etcd.service", "etcd.env", "run.sh", "README.md", "pod.yaml", "app.go", "alerts.rules.yml"} {
		f.Add(name, []byte("etcd --debug \x00 --enable-v2\xff\xfe ETCD_DEBUG=true\n"))
		f.Add(name, []byte("\xff\xfeE\x00T\x00C\x00D\x00_\x00D\x00E\x00B\x00U\x00G\x00=\x001\x00\n\x00"))
	}
	e, err := New(Options{Upgrade: rules.Upgrade{From: "3.5", To: "3.6"}})
	if err != nil {
		f.Fatal(err)
	}
	o := FixOptions{Cutover: true, Unsafe: true}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		if name == "" || strings.ContainsAny(name, "\x00") {
			return
		}
		file, errs := e.Lint(Document{Path: name, Src: src})
		noPanic(t, errs)
		if file == nil {
			return
		}
		for _, fd := range file.Findings {
			inside(t, fd.Rule, fd.Span, len(src))
			if fd.Fix != nil {
				for _, ed := range fd.Fix.Edits {
					inside(t, fd.Rule+" edit", ed.Span, len(src))
				}
			}
		}
		once := e.Fix(Document{Path: name, Src: src}, o)
		noPanic(t, once.Errors)
		twice := e.Fix(Document{Path: name, Src: once.Fixed}, o)
		if !bytes.Equal(once.Fixed, twice.Fixed) {
			t.Fatalf("fixing the fixed %s changed it again:\n%q\n->\n%q", name, once.Fixed, twice.Fixed)
		}
	})
}

func inside(t *testing.T, what string, sp fact.Span, n int) {
	t.Helper()
	if sp.Start < 0 || sp.End < sp.Start || sp.End > n {
		t.Fatalf("%s: span %v outside a file of %d bytes", what, sp, n)
	}
}

// noPanic fails on the error Lint makes of a panic (it recovers, so that a
// run goes on).
func noPanic(t *testing.T, errs []FileError) {
	t.Helper()
	for _, err := range errs {
		if strings.HasPrefix(err.Msg, "internal error") {
			t.Fatal(err.Msg)
		}
	}
}
