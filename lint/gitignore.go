package lint

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// ignoreRule is one line of a .gitignore file.
type ignoreRule struct {
	base     string // directory of the .gitignore, slash-separated, relative to the walk root
	pattern  string
	negate   bool
	dirOnly  bool
	anchored bool // contains a slash: matched against the path from base
}

// ignorer answers whether a path is excluded by the .gitignore files seen
// on the way down from the walk root. Later rules win, as in git. Rules
// are kept by directory, so that a path meets only the rules of its own
// ancestors, however many .gitignore files a monorepo has.
type ignorer struct{ byDir map[string][]ignoreRule }

// load reads dir/.gitignore; rel is dir relative to the walk root.
func (ig *ignorer) load(dir, rel string) {
	data, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if err != nil {
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if !strings.HasSuffix(line, `\ `) {
			line = strings.TrimRight(line, " ")
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := ignoreRule{base: rel}
		if strings.HasPrefix(line, "!") {
			r.negate, line = true, line[1:]
		}
		line = strings.TrimPrefix(line, `\`)
		if strings.HasSuffix(line, "/") {
			r.dirOnly, line = true, strings.TrimSuffix(line, "/")
		}
		r.anchored = strings.Contains(line, "/")
		r.pattern = strings.TrimPrefix(line, "/")
		if r.pattern != "" {
			if ig.byDir == nil {
				ig.byDir = map[string][]ignoreRule{}
			}
			ig.byDir[rel] = append(ig.byDir[rel], r)
		}
	}
}

// ignored reports whether rel (slash-separated, relative to the walk root)
// is excluded.
func (ig *ignorer) ignored(rel string, isDir bool) bool {
	out := ig.apply(".", rel, isDir, false)
	for i := range len(rel) {
		if rel[i] == '/' {
			out = ig.apply(rel[:i], rel, isDir, out)
		}
	}
	return out
}

// apply applies the rules of the .gitignore in base to rel, given what the
// rules of the directories above decided.
func (ig *ignorer) apply(base, rel string, isDir, out bool) bool {
	sub := rel
	if base != "." {
		sub = rel[len(base)+1:]
	}
	for _, r := range ig.byDir[base] {
		if r.dirOnly && !isDir {
			continue
		}
		target := sub
		if !r.anchored {
			target = path.Base(sub)
		}
		if ok, _ := doublestar.Match(r.pattern, target); ok {
			out = !r.negate
		}
	}
	return out
}
