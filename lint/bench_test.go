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

// sizeSamples are, per file kind, a file made of n repeated units, each
// with something the rules report: BenchmarkFileSize lints each at two
// sizes, and scripts/bench checks that 4x the size costs at most 5x the
// time, so that no kind is quadratic in one file's size.
//
// A unit without a line break makes a file of one growing line (a
// minified file, a generated command): what a kind does per line must not
// cost per unit.
var sizeSamples = []struct {
	kind, name string
	head, tail string
	unit       func(i int) string
}{
	{"env", "etcd.env", "", "", func(int) string { return "ETCD_DEBUG=true\nETCD_NAME=a\n" }},
	{"systemd", "etcd.service", "[Service]\nExecStart=/usr/bin/etcd --debug\n", "", func(int) string { return "Environment=ETCD_DEBUG=true\n" }},
	{"shell", "start.sh", "#!/bin/sh\n", "", func(int) string { return "etcd --debug --name=a &\n" }},
	{"dockerfile", "Dockerfile", "FROM quay.io/coreos/etcd:v3.4.27\n", "", func(int) string { return "ENV ETCD_DEBUG=true\n" }},
	{"procfile", "Procfile", "", "", func(i int) string { return fmt.Sprintf("etcd%d: etcd --debug --name=n%d\n", i, i) }},
	{"supervisord", "etcd.conf", "", "", func(i int) string { return fmt.Sprintf("[program:etcd%d]\ncommand=etcd --debug\n", i) }},
	{"markdown", "runbook.md", "", "", func(int) string { return "Step\n\n```sh\netcd --name n1 --debug\n```\n\n" }},
	{"text", "notes.txt", "", "", func(i int) string { return fmt.Sprintf("$ etcd --debug --name=n%d\n", i) }},
	{"source", "main.go", "package main\n\nimport \"os/exec\"\n\n", "", func(i int) string {
		return fmt.Sprintf("var c%d = exec.Command(\"etcd\", \"--debug\")\n", i)
	}},
	{"jsonnet", "etcd.libsonnet", "{ rules: [\n", "] }\n", func(i int) string {
		return fmt.Sprintf("  { record: 'r%d', expr: 'rate(etcd_debugging_mvcc_put_total[5m])' },\n", i)
	}},
	{"etcd-config", "etcd.conf.yml", "name: etcd\ndebug: true\nlog-output: stderr\nlog-package-levels: etcdserver=DEBUG\nlog-outputs:\n", "", func(int) string { return "- stderr\n" }},
	{"kubernetes", "pods.yaml", "", "", func(int) string {
		return "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.4.27\n    command: [etcd, --debug]\n"
	}},
	{"compose", "compose.yaml", "services:\n", "", func(i int) string {
		return fmt.Sprintf("  etcd%d:\n    image: quay.io/coreos/etcd:v3.4.27\n    command: etcd --debug\n", i)
	}},
	{"kubeadm", "kubeadm.yaml", "", "", func(int) string {
		return "---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n      debug: \"true\"\n"
	}},
	{"ansible", "playbook.yml", "- hosts: etcd\n  tasks:\n", "", func(i int) string {
		return fmt.Sprintf("  - name: step %d\n    shell: etcd --debug --name=n%d\n", i, i)
	}},
	{"cloud-init", "user-data", "#cloud-config\nwrite_files:\n", "", func(i int) string {
		return fmt.Sprintf("- path: /etc/etcd/etcd%d.env\n  content: |\n    ETCD_DEBUG=true\n", i)
	}},
	{"text", "one-line.txt", "etcd --debug ", "\n", func(int) string { return "{{end}} docker run quay.io/coreos/etcd:v3.4.27 etcd --debug; " }},
	{"kubernetes", "one-line.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.4.27\n    command: [etcd, --debug]\n    args: [",
		"x]\n", func(int) string { return "--log-output={{ .A }}, " }},
	{"prometheus-rules", "etcd.rules.yml", "groups:\n- name: etcd\n  rules:\n", "", func(i int) string {
		return fmt.Sprintf("  - alert: A%d\n    expr: etcd_debugging_mvcc_db_total_size_in_bytes > 1\n", i)
	}},
	{"grafana-dashboard", "etcd-dashboard.json", `{"title": "etcd", "panels": [`, `{"title": "last"}]}`, func(i int) string {
		return fmt.Sprintf(`{"title": "p%d", "targets": [{"expr": "etcd_debugging_mvcc_db_total_size_in_bytes"}]},`+"\n", i)
	}},
	{"ignition", "etcd.ign", `{"ignition": {"version": "3.0.0"}, "systemd": {"units": [`, `{"name": "last.service"}]}}`, func(i int) string {
		return fmt.Sprintf(`{"name": "etcd%d.service", "contents": "[Service]\nExecStart=/usr/bin/etcd --debug\n"},`+"\n", i)
	}},
}

func sizeSample(i, n int) Document {
	s := sizeSamples[i]
	var b strings.Builder
	b.WriteString(s.head)
	for k := range n {
		b.WriteString(s.unit(k))
	}
	b.WriteString(s.tail)
	return Document{Path: s.name, Src: []byte(b.String())}
}

// Each size sample is of its kind and has findings, so that the benchmark
// measures what it says.
func TestSizeSamples(t *testing.T) {
	e, err := New(Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sizeSamples {
		f, errs := e.Lint(sizeSample(i, 3))
		if f == nil || f.Kind != s.kind || len(f.Findings) < 3 || len(errs) > 0 {
			kind, n := "none", 0
			if f != nil {
				kind, n = f.Kind, len(f.Findings)
			}
			t.Errorf("%s sample: read as %s with %d findings, errors %v", s.kind, kind, n, errs)
		}
	}
}

func BenchmarkFileSize(b *testing.B) {
	e, err := New(Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}})
	if err != nil {
		b.Fatal(err)
	}
	for i, s := range sizeSamples {
		for _, n := range []int{1000, 4000} {
			name := s.kind
			if !strings.Contains(s.unit(0), "\n") {
				name += "-one-line"
			}
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				doc := sizeSample(i, n)
				b.SetBytes(int64(len(doc.Src)))
				for b.Loop() {
					e.Lint(doc)
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
