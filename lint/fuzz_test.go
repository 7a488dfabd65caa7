package lint

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// FuzzLintAndFix runs every file kind and the fix loop on any input named
// anyhow: nothing panics, every span is inside the file with its start
// before its end, every edit too, fixing the fixed file changes nothing
// (fixing twice equals fixing once), and a fixed file is still of its kind
// and parses as well as before. Seeds are the golden cases' inputs;
// `go test` runs the seeds, `scripts/fuzz` searches further.
func FuzzLintAndFix(f *testing.F) {
	walkSeeds("../testdata/cases", "/input/", func(name string, src []byte) { f.Add(name, src) })
	// NUL bytes, invalid UTF-8 and UTF-16 in names every kind claims
	for _, name := range []string{"etcd.yaml", "etcd.service", "etcd.env", "run.sh", "README.md", "pod.yaml", "app.go", "alerts.rules.yml"} {
		f.Add(name, []byte("etcd --debug \x00 --enable-v2\xff\xfe ETCD_DEBUG=true\n"))
		f.Add(name, []byte("\xff\xfeE\x00T\x00C\x00D\x00_\x00D\x00E\x00B\x00U\x00G\x00=\x001\x00\n\x00"))
	}
	f.Fuzz(fuzzEngine(f))
}

// One target per family of file kinds, seeded with the golden inputs and
// the real files of testdata/wild that the family reads, so that each
// family gets a fuzzing budget of its own.

func FuzzYAML(f *testing.F) {
	fuzzFamily(f, "etcd-config", "kubernetes", "compose", "kubeadm", "ansible", "cloud-init", "prometheus-rules")
}
func FuzzJSON(f *testing.F)   { fuzzFamily(f, "grafana-dashboard", "ignition", "jsonnet") }
func FuzzShell(f *testing.F)  { fuzzFamily(f, "shell", "dockerfile", "procfile") }
func FuzzUnits(f *testing.F)  { fuzzFamily(f, "systemd", "supervisord", "env") }
func FuzzDocs(f *testing.F)   { fuzzFamily(f, "markdown", "text", "log-pipeline") }
func FuzzSource(f *testing.F) { fuzzFamily(f, "source") }

func fuzzFamily(f *testing.F, kinds ...string) {
	for _, s := range classifiedSeeds() {
		if slices.Contains(kinds, s.kind) {
			f.Add(s.name, s.src)
		}
	}
	f.Fuzz(fuzzEngine(f))
}

type seed struct {
	name, kind string
	src        []byte
}

// classifiedSeeds are the golden inputs and the real files of
// testdata/wild with the kind each is linted as, found once for all
// targets; -short leaves the real files out.
var classifiedSeeds = sync.OnceValue(func() []seed {
	var out []seed
	e, err := New(Options{Upgrade: rules.Upgrade{From: "3.5", To: "3.6"}})
	if err != nil {
		panic(err)
	}
	add := func(name string, src []byte) {
		if file, _ := e.Lint(Document{Path: name, Src: src}); file != nil {
			out = append(out, seed{name, file.Kind, src})
		}
	}
	walkSeeds("../testdata/cases", "/input/", add)
	if !testing.Short() {
		walkSeeds("../testdata/wild", "/files/", add)
	}
	return out
})

// walkSeeds calls add with each file under root whose path holds mark,
// named by the rest of its path.
func walkSeeds(root, mark string, add func(name string, src []byte)) {
	const maxSeed = 16 << 10 // larger files slow every fuzzing step (testdata/wild is linted whole by TestWild)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(p), mark) {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil || len(src) > maxSeed {
			return err
		}
		_, rel, _ := strings.Cut(filepath.ToSlash(p), mark)
		add(rel, src)
		return nil
	})
	if err != nil {
		panic(err)
	}
}

func fuzzEngineOf(f *testing.F) *Engine {
	e, err := New(Options{Upgrade: rules.Upgrade{From: "3.5", To: "3.6"}})
	if err != nil {
		f.Fatal(err)
	}
	return e
}

// fuzzEngine is the property every fuzz target checks on a named file.
func fuzzEngine(f *testing.F) func(t *testing.T, name string, src []byte) {
	e := fuzzEngineOf(f)
	o := FixOptions{Cutover: true, Unsafe: true}
	return func(t *testing.T, name string, src []byte) {
		if name == "" || strings.ContainsAny(name, "\x00") {
			return
		}
		file, errs := e.Lint(Document{Path: name, Src: src})
		noPanic(t, errs)
		if file == nil {
			return
		}
		for _, fd := range file.Findings {
			inside(t, name+": "+fd.Rule, fd.Span, len(src))
			if fd.Fix != nil {
				for _, ed := range fd.Fix.Edits {
					inside(t, name+": "+fd.Rule+" edit", ed.Span, len(src))
				}
			}
		}
		once := e.Fix(Document{Path: name, Src: src}, o)
		noPanic(t, once.Errors)
		twice := e.Fix(Document{Path: name, Src: once.Fixed}, o)
		if !bytes.Equal(once.Fixed, twice.Fixed) {
			t.Fatalf("fixing the fixed %s changed it again:\n%q\n->\n%q", name, once.Fixed, twice.Fixed)
		}
		if bytes.Equal(once.Fixed, src) {
			return
		}
		fixed, fixedErrs := e.Lint(Document{Path: name, Src: once.Fixed})
		noPanic(t, fixedErrs)
		if fixed != nil && fixed.Kind != file.Kind {
			t.Fatalf("fixing the %s %s made it a %s:\n%q\n->\n%q", file.Kind, name, fixed.Kind, src, once.Fixed)
		}
		if len(errs) == 0 && len(fixedErrs) > 0 {
			t.Fatalf("fixing %s made it unreadable: %v\n%q\n->\n%q", name, fixedErrs[0], src, once.Fixed)
		}
	}
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
