package cli

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/etcdlint/etcdlint/"

// The packages form layers (README, Architecture): fact at the bottom,
// syntax helpers above it, file kinds as leaves that import helpers but
// never each other, the kind registry, rules, then the engine. A package
// that reaches sideways or up fails here, naming the import.
func TestLayers(t *testing.T) {
	imports := moduleImports(t, "../..")
	kind := func(p string) bool { return strings.HasPrefix(p, "internal/kinds/") && p != "internal/kinds/kindtest" }
	syntax := func(p string) bool { return strings.HasPrefix(p, "internal/syntax/") }
	checked := 0
	for pkg, deps := range imports {
		for _, dep := range deps {
			var why string
			switch {
			case pkg == "lint/fact":
				why = "the shared vocabulary imports nothing of the module"
			case kind(pkg) && (kind(dep) || dep == "internal/kinds"):
				why = "a kind never imports another kind: nested content goes back through the classifier"
			case (kind(pkg) || syntax(pkg)) && (dep == "lint" || dep == "rules"):
				why = "kinds and helpers know etcd's grammar only through fact.Schema"
			case syntax(pkg) && (kind(dep) || dep == "internal/kinds"):
				why = "a syntax helper never imports a kind"
			case pkg == "rules" && (kind(dep) || dep == "internal/kinds" || dep == "lint"):
				why = "rules judge facts; they read no syntax and drive no engine"
			case pkg == "lint/config" && dep == "lint":
				why = "settings do not import the engine"
			}
			if why != "" {
				t.Errorf("%s imports %s: %s", pkg, dep, why)
			}
		}
		if kind(pkg) || syntax(pkg) {
			checked++
		}
	}
	if checked < 30 {
		t.Fatalf("checked %d kind and helper packages: the walk missed the tree", checked)
	}
}

// moduleImports maps each package of the module (path relative to the
// module) to the module packages its non-test files import.
func moduleImports(t *testing.T, root string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != root && (name == "testdata" || name == "tools" || name == "editors" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := filepath.ToSlash(rel)
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if dep, ok := strings.CutPrefix(path, module); ok {
				out[pkg] = append(out[pkg], dep)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
