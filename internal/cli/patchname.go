package cli

import (
	"os"
	"path/filepath"
)

// patchName is the name --diff gives path: relative to the root of the git
// work tree that holds it, else to the current directory, so the patch
// applies from the repository root wherever etcdlint ran and whichever
// form (relative, absolute, "../") the path was given in. A file outside
// both keeps its absolute path ("patch -p1 -d /" takes it).
func patchName(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if root := workTree(filepath.Dir(abs)); root != "" {
		if rel, ok := under(root, abs); ok {
			return rel
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, ok := under(wd, abs); ok {
			return rel
		}
	}
	return abs
}

// workTree is the nearest directory at or above dir holding a .git entry
// (a directory, or the file of a linked work tree or submodule), or "".
func workTree(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// under is path relative to root when path lies inside root.
func under(root, path string) (string, bool) {
	rel, err := filepath.Rel(root, path)
	return rel, err == nil && filepath.IsLocal(rel)
}
