// Command benchtree writes a deterministic synthetic monorepo for
// scripts/bench-rg: many files no rule can fire on (services, docs, code,
// binaries) and a few hundred etcd files copied from the golden cases.
//
//	go run ./tools/benchtree -files 100000 -out /tmp/tree
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	files := flag.Int("files", 100000, "number of unrelated files")
	cases := flag.String("cases", "testdata/cases", "golden cases whose inputs are the etcd files")
	copies := flag.Int("copies", 2, "copies of the golden inputs")
	out := flag.String("out", "", "directory to write (must not exist)")
	flag.Parse()
	if err := write(*out, *cases, *files, *copies); err != nil {
		fmt.Fprintln(os.Stderr, "benchtree:", err)
		os.Exit(1)
	}
}

// unrelated are the shapes of files that mention nothing of etcd's.
var unrelated = []struct{ ext, text string }{
	{".yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-%d\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        args: [\"-g\", \"daemon off;\"]\n"},
	{".go", "package svc%d\n\nimport \"net/http\"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tw.WriteHeader(http.StatusOK)\n}\n"},
	{".md", "# Service %d\n\nRun `make test` before you push. Logs go to stderr; metrics are on :9090.\n"},
	{".sh", "#!/bin/sh\nset -eu\n# build %d\ngo build -o bin/app ./cmd/app\n"},
	{".json", "{\"name\": \"pkg-%d\", \"version\": \"1.0.0\", \"scripts\": {\"test\": \"jest\"}}\n"},
	{".py", "def handler_%d(event, context):\n    return {\"statusCode\": 200}\n"},
}

func write(root, cases string, n, copies int) error {
	if root == "" {
		return fmt.Errorf("-out is required")
	}
	if _, err := os.Stat(root); err == nil {
		return fmt.Errorf("%s exists", root)
	}
	rng := rand.New(rand.NewPCG(1, 2)) // the same tree every time
	for i := range n {
		dir := filepath.Join(root, "services", fmt.Sprint(i%97), fmt.Sprint(i%13))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		shape := unrelated[rng.IntN(len(unrelated))]
		text := strings.Repeat(fmt.Sprintf(shape.text, i), 1+rng.IntN(8))
		if i%500 == 0 { // an image now and then
			text = "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00\x01", 2000)
			shape.ext = ".png"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d%s", i, shape.ext)), []byte(text), 0o644); err != nil {
			return err
		}
	}
	for c := range copies {
		err := filepath.WalkDir(cases, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(p), "/input/") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(cases, p)
			dst := filepath.Join(root, "deploy", fmt.Sprint(c), rel)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			return os.WriteFile(dst, src, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
