package rules_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSyntheticHop proves that a hop is data: a copy of the module gets a
// made-up 3.7 → 3.8 hop in rules/data only (a hops.tsv row and a v3.8
// column in which --snapshot-count is removed and etcd_server_has_leader
// is gone), is built without touching any Go file, and audits it.
func TestSyntheticHop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcdlint")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	copyModule(t, root, work)
	data := filepath.Join(work, "rules", "data")

	appendLine(t, filepath.Join(data, "hops.tsv"), "3.7\t3.8\tv3.7.4\tv3.8.0\t3.7.2\ta synthetic hop")
	// Every table gets a v3.8 column: 3.7's value, but for the changes.
	changes := map[string]map[string]string{
		"etcd-flags.tsv":        {"snapshot-count": "removed"},
		"etcd-config-keys.tsv":  {"snapshot-count": "ignored-silent"},
		"etcd-metrics.tsv":      {"etcd_server_has_leader": "removed"},
		"config-key-types.tsv":  {},
		"etcdctl-flags.tsv":     {},
		"etcd-metrics-diff.tsv": nil, // rows, not a column
	}
	for name, changed := range changes {
		path := filepath.Join(data, name)
		if changed == nil {
			appendLine(t, path, "3.7\t3.8\tremoved\tetcd_server_has_leader\t\tsynthetic")
			continue
		}
		addColumn(t, path, changed)
	}

	bin := filepath.Join(work, "etcdlint")
	build := exec.Command("go", "build", "-o", bin, "./cmd/etcdlint")
	build.Dir = work
	build.Env = append(os.Environ(), "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	in := t.TempDir()
	write(t, filepath.Join(in, "etcd.service"), "[Service]\nExecStart=/usr/bin/etcd --name a --snapshot-count=10000 --max-learners=1\n")
	write(t, filepath.Join(in, "alerts.yml"), "groups:\n- name: etcd\n  rules:\n  - alert: NoLeader\n    expr: etcd_server_has_leader == 0\n  - alert: Slow\n    expr: etcd_disk_wal_fsync_duration_seconds_bucket > 1\n")
	write(t, filepath.Join(in, "Dockerfile"), "FROM registry.k8s.io/etcd:3.7.1-0\n")
	cmd := exec.Command(bin, "--to", "3.8", "--format", "concise", in)
	var out bytes.Buffer
	cmd.Stdout = &out
	_ = cmd.Run() // exit 1: there are findings
	got := out.String()
	for _, want := range []string{
		"etcd.service:2:34: error: flag --snapshot-count is not defined in etcd 3.8: etcd 3.8 exits at start",
		"alerts.yml:5:11: error: metric etcd_server_has_leader is gone in etcd 3.8",
		"Dockerfile:1:6: error: image registry.k8s.io/etcd:3.7.1-0 runs etcd 3.7.1: etcd 3.8 only upgrades from 3.7.2 or later (a synthetic hop)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the 3.7 → 3.8 audit lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "max-learners") || strings.Contains(got, "etcd_disk_wal") {
		t.Errorf("settings and metrics 3.8 keeps are reported:\n%s", got)
	}
}

// copyModule copies the Go module at root, without its test data and git
// directory.
func copyModule(t *testing.T, root, dst string) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			switch rel {
			case ".git", "testdata", "docs", "editors", filepath.Join("internal", "etcdbin"):
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// addColumn adds v3.8 after v3.7: 3.7's value, or the changed one.
func addColumn(t *testing.T, path string, changed map[string]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	col := -1
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(line, "#") || line == "" {
			out.WriteString(line + "\n")
			continue
		}
		f := strings.Split(line, "\t")
		if col < 0 {
			for i, h := range f {
				if h == "v3.7" {
					col = i
				}
			}
			if col < 0 {
				t.Fatalf("%s has no v3.7 column", path)
			}
			f = append(f[:col+1], append([]string{"v3.8"}, f[col+1:]...)...)
			out.WriteString(strings.Join(f, "\t") + "\n")
			continue
		}
		v := f[col]
		if c, ok := changed[f[0]]; ok {
			v = c
		}
		for i, cell := range f {
			if strings.Contains(cell, "|3.7:") { // a per-version config key
				f[i] = cell + "|3.8:" + cell[strings.LastIndex(cell, ":")+1:]
			}
		}
		f = append(f[:col+1], append([]string{v}, f[col+1:]...)...)
		out.WriteString(strings.Join(f, "\t") + "\n")
	}
	write(t, path, out.String())
}

func appendLine(t *testing.T, path, line string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, string(b)+line+"\n")
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
