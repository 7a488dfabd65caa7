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
// on the way down from the walk root. Later rules win, as in git.
type ignorer struct{ rules []ignoreRule }

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
			ig.rules = append(ig.rules, r)
		}
	}
}

// ignored reports whether rel (slash-separated, relative to the walk root)
// is excluded.
func (ig *ignorer) ignored(rel string, isDir bool) bool {
	out := false
	for _, r := range ig.rules {
		if r.dirOnly && !isDir {
			continue
		}
		sub := rel
		if r.base != "." && r.base != "" {
			var ok bool
			if sub, ok = strings.CutPrefix(rel, r.base+"/"); !ok {
				continue
			}
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
