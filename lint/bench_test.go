package lint

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

// benchTree writes a tree like a real deploy repo: many files no rule can
// fire on (the prefilter's job) and a set of etcd files of every kind, taken
// from the golden cases. It returns the root and the number of etcd files.
func benchTree(b *testing.B, unrelated, copies int) (string, int) {
	b.Helper()
	root := b.TempDir()
	for i := range unrelated {
		dir := filepath.Join(root, "svc", fmt.Sprint(i%50))
		os.MkdirAll(dir, 0o755)
		src := fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-%d\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        args: [\"-g\", \"daemon off;\"]\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("web-%d.yaml", i)), []byte(strings.Repeat(src, 4)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	etcdFiles := 0
	for c := range copies {
		err := filepath.WalkDir("../testdata/cases", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.Contains(p, "/input/") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../testdata/cases", p)
			dst := filepath.Join(root, "etcd", fmt.Sprint(c), rel)
			os.MkdirAll(filepath.Dir(dst), 0o755)
			etcdFiles++
			return os.WriteFile(dst, src, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return root, etcdFiles
}

// BenchmarkRunTree lints a 2,000-file tree of which a few hundred files are
// etcd files of every kind. scripts/bench checks files/s and allocations
// against the targets there.
func BenchmarkRunTree(b *testing.B) {
	root, etcdFiles := benchTree(b, 2000, 3)
	e, err := New(Options{Upgrade: upgrade35})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var scanned int
	for b.Loop() {
		res := e.Run([]string{root})
		scanned = res.FilesScanned
	}
	b.ReportMetric(float64(scanned)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(etcdFiles), "etcd-files")
}

// BenchmarkPrefilter is the cost of keeping an unrelated file out.
func BenchmarkPrefilter(b *testing.B) {
	src := []byte(strings.Repeat("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n", 200))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if Prefilter(src) {
			b.Fatal("unrelated file passed the prefilter")
		}
	}
}

// BenchmarkManySettings is one env file of many settings: the rules that
// look a setting's name up must stay linear in the file: scripts/bench
// checks that 4x the lines costs at most 5x the time.
func BenchmarkManySettings(b *testing.B) {
	for _, n := range []int{10000, 40000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := []byte(strings.Repeat("ETCD_DEBUG=true\nETCD_NAME=a\n", n/2))
			e, err := New(Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				e.Lint(Document{Path: "etcd.env", Src: src})
			}
		})
	}
}

// BenchmarkManyParts is one file of many embedded parts (Markdown code
// blocks, YAML documents): each part must be parsed on its own, not over
// the whole file; scripts/bench checks that 4x the parts costs at most 5x.
func BenchmarkManyParts(b *testing.B) {
	parts := map[string]string{
		"runbook.md": "Step\n\n```sh\netcd --name n1 --debug\n```\n\n",
		"pods.yaml":  "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.4.27\n    command: [etcd, --debug]\n",
	}
	for _, name := range []string{"runbook.md", "pods.yaml"} {
		for _, n := range []int{1000, 4000} {
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				src := []byte(strings.Repeat(parts[name], n))
				e, err := New(Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}})
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					e.Lint(Document{Path: name, Src: src})
				}
			})
		}
	}
}

// BenchmarkIgnorer matches a path against the .gitignore files of a
// monorepo with a thousand services: only its ancestors' rules apply.
func BenchmarkIgnorer(b *testing.B) {
	ig := &ignorer{}
	dir := b.TempDir()
	rules := []byte("*.log\n/build/\n!keep.log\ntmp/\n*.bak\nnode_modules/\n")
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), rules, 0o644); err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		ig.load(dir, fmt.Sprintf("services/s%d", i))
	}
	b.ResetTimer()
	for b.Loop() {
		ig.ignored("services/s500/deploy/etcd/etcd.env", false)
	}
}
