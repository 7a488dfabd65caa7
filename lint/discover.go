package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DiscoverOptions configure Discover.
type DiscoverOptions struct {
	NoIgnore    bool
	MaxFileSize int64
}

// Discovered is what Discover found.
type Discovered struct {
	Files   []string
	Errors  []FileError
	Notices []Notice
}

// binaryProbe is how much of a file is searched for a NUL byte.
const binaryProbe = 8 << 10

// Discover lists the regular files under paths, leaving out what the
// .gitignore files inside each directory root exclude (unless NoIgnore) and
// .git itself. Files named explicitly are always linted. Symlinks are not followed
// out of the root they were found under; binary and oversized files are
// skipped with a notice; unreadable ones are reported as errors.
func Discover(paths []string, opts DiscoverOptions) Discovered {
	var d Discovered
	cwd, _ := os.Getwd()
	seen := &seenFiles{cwd: cwd, keys: map[string]bool{}}
	for _, root := range paths {
		info, err := os.Lstat(root)
		if err != nil {
			d.Errors = append(d.Errors, FileError{Path: root, Msg: cleanErr(err)})
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			// a path named on the command line is followed: what counts is
			// what it points at (its size, whether it is a file at all)
			if info, err = os.Stat(root); err != nil {
				d.Errors = append(d.Errors, FileError{Path: root, Msg: "broken symlink: " + cleanErr(err)})
				continue
			}
		}
		if !info.IsDir() {
			d.add(root, root, info, opts, seen)
			continue
		}
		absRoot, _ := filepath.Abs(root)
		ig := &ignorer{}
		filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				d.Errors = append(d.Errors, FileError{Path: p, Msg: cleanErr(err)})
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if de.IsDir() {
				if de.Name() == ".git" && p != root {
					return filepath.SkipDir
				}
				if !opts.NoIgnore {
					if p != root && ig.ignored(rel, true) {
						return filepath.SkipDir
					}
					ig.load(p, rel)
				}
				return nil
			}
			if !opts.NoIgnore && ig.ignored(rel, false) {
				return nil
			}
			if de.Type().IsRegular() {
				// no stat here: the read checks the size on the open file
				if seen.first(p) {
					d.Files = append(d.Files, p)
				}
				return nil
			}
			info, err := de.Info()
			if err != nil {
				d.Errors = append(d.Errors, FileError{Path: p, Msg: cleanErr(err)})
				return nil
			}
			if info.Mode()&fs.ModeSymlink != 0 {
				target, err := filepath.EvalSymlinks(p)
				if err != nil {
					d.Notices = append(d.Notices, Notice{Path: p, Msg: "skipped: broken symlink"})
					return nil
				}
				abs, _ := filepath.Abs(target)
				if rel, err := filepath.Rel(absRoot, abs); err != nil || strings.HasPrefix(rel, "..") {
					d.Notices = append(d.Notices, Notice{Path: p, Msg: "skipped: symlink points outside " + root})
					return nil
				}
				if info, err = os.Stat(p); err != nil || info.IsDir() {
					return nil // linked directories are reached through their real path
				}
			}
			d.add(p, root, info, opts, seen)
			return nil
		})
	}
	return d
}

// seenFiles knows the files already listed, however they were spelt:
// "./a.env", "a.env" from "." and its absolute path are one file.
type seenFiles struct {
	cwd  string
	keys map[string]bool
}

// first reports whether p is listed for the first time, and notes it.
func (s *seenFiles) first(p string) bool {
	key := filepath.Clean(p)
	if !filepath.IsAbs(key) {
		key = filepath.Join(s.cwd, key)
	}
	if s.keys[key] {
		return false
	}
	s.keys[key] = true
	return true
}

func (d *Discovered) add(p, root string, info fs.FileInfo, opts DiscoverOptions, seen *seenFiles) {
	if !info.Mode().IsRegular() {
		if p == root {
			// named on the command line: say why nothing was read
			d.Notices = append(d.Notices, Notice{Path: p, Msg: "skipped: not a regular file (a FIFO, device or socket)"})
		}
		return
	}
	if !seen.first(p) {
		return
	}
	if opts.MaxFileSize > 0 && info.Size() > opts.MaxFileSize {
		d.Notices = append(d.Notices, Notice{Path: p, Msg: fmt.Sprintf("skipped: %d bytes is over --max-file-size (%d)", info.Size(), opts.MaxFileSize)})
		return
	}
	d.Files = append(d.Files, p)
}

// errBinary marks files that are skipped because they hold a NUL byte.
var errBinary = errors.New("binary file")

// errTooBig is a file over --max-file-size, found when it is opened.
type errTooBig struct{ size, limit int64 }

func (e errTooBig) Error() string {
	if e.size < 0 { // found while reading: a file that grew, or /proc
		return fmt.Sprintf("more than --max-file-size (%d) bytes", e.limit)
	}
	return fmt.Sprintf("%d bytes is over --max-file-size (%d)", e.size, e.limit)
}

// errUTF16 marks UTF-16 text (a byte order mark first): Windows editors
// write env files so, and no kind reads them; the notice says why.
var errUTF16 = errors.New("UTF-16 text is not read: save it as UTF-8")

// readFile reads a file for linting; binary files give errBinary along
// with their bytes.
//
// It reads at most limit bytes: a file that grew past --max-file-size after
// discovery (or a device behind a path) is not read to the end.
func readFile(p string, limit int64, scratch []byte) ([]byte, error) {
	src, err := readRegular(p, limit, scratch)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return nil, errUTF16
	}
	if bytes.IndexByte(src[:min(len(src), binaryProbe)], 0) >= 0 {
		return src, errBinary
	}
	return src, nil
}

// cleanErr drops the path from an *fs.PathError: reports print it already.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
