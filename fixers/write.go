package fixers

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FS is what Writer needs from the file system. OS is the real one; tests
// wrap it to inject failures (a full disk, a file edited under us).
type FS interface {
	Lstat(name string) (fs.FileInfo, error)
	ReadFile(name string) ([]byte, error)
	// OpenFile is used only to check that a file may be written.
	OpenFile(name string, flag int, perm fs.FileMode) (File, error)
	CreateTemp(dir, pattern string) (File, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	// SyncDir makes a rename in dir durable.
	SyncDir(dir string) error
}

// File is an open file of FS.
type File interface {
	Name() string
	Write(p []byte) (int, error)
	Chmod(mode fs.FileMode) error
	Sync() error
	Close() error
}

// OS is the real file system.
var OS FS = osFS{}

type osFS struct{}

func (osFS) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }
func (osFS) ReadFile(name string) ([]byte, error)   { return os.ReadFile(name) }
func (osFS) OpenFile(name string, flag int, perm fs.FileMode) (File, error) {
	return os.OpenFile(name, flag, perm)
}
func (osFS) CreateTemp(dir, pattern string) (File, error) { return os.CreateTemp(dir, pattern) }
func (osFS) Rename(oldpath, newpath string) error         { return os.Rename(oldpath, newpath) }
func (osFS) Remove(name string) error                     { return os.Remove(name) }
func (osFS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// ErrChanged means the file on disk is no longer what was linted.
var ErrChanged = errors.New("the file changed on disk since etcdlint read it; it was not overwritten: run etcdlint again")

// Writer writes fixed files in place.
type Writer struct {
	FS FS
}

// Replace replaces the content of path with data, provided the file still
// holds old. It writes a temporary file in the same directory, syncs it,
// gives it the original's mode (and owner, where the system allows), checks
// once more that the original is unchanged, and renames it over the
// original. On any error the original is left as it was.
func (w Writer) Replace(path string, old, data []byte) (err error) {
	fsys := w.FS
	if fsys == nil {
		fsys = OS
	}
	info, err := fsys.Lstat(path)
	if err != nil {
		return err
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return errors.New("is a symbolic link: etcdlint does not write through links; fix the file it points to, or use --fix-dir")
	case !info.Mode().IsRegular():
		return errors.New("is not a regular file")
	case info.Mode().Perm()&0o222 == 0:
		return fmt.Errorf("is read-only (mode %04o): etcdlint does not change permissions; make it writable or use --fix-dir", info.Mode().Perm())
	case links(info) > 1:
		// the new file is renamed over this name: the other names would
		// keep the old text
		return fmt.Errorf("has %d hard links, which replacing it would break (the other names would keep the old text); fix it by hand or use --fix-dir", links(info))
	}
	probe, err := fsys.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("cannot be written: %w", err)
	}
	probe.Close()
	if err := unchanged(fsys, path, info, old); err != nil {
		return err
	}

	dir := filepath.Dir(path)
	tmp, err := fsys.CreateTemp(dir, "."+filepath.Base(path)+".etcdlint-*")
	if err != nil {
		return fmt.Errorf("cannot create a temporary file beside it: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			fsys.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing the temporary file %s: %w", tmp.Name(), err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("syncing the temporary file %s: %w", tmp.Name(), err)
	}
	if err = tmp.Chmod(info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		return fmt.Errorf("setting the mode of %s: %w", tmp.Name(), err)
	}
	if err = keepOwner(tmp.Name(), info); err != nil {
		return fmt.Errorf("setting the owner of %s: %w", tmp.Name(), err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("closing the temporary file %s: %w", tmp.Name(), err)
	}
	if err = unchanged(fsys, path, info, old); err != nil {
		return err
	}
	if err = fsys.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The new content is in place; a failed directory sync only weakens
	// durability across a crash, so it is not an error of the fix.
	_ = fsys.SyncDir(dir)
	return nil
}

// unchanged checks that path still holds old and has not been touched since
// info was taken.
func unchanged(fsys FS, path string, info fs.FileInfo, old []byte) error {
	now, err := fsys.Lstat(path)
	if err != nil {
		return err
	}
	if now.Size() != info.Size() || !now.ModTime().Equal(info.ModTime()) || now.Mode() != info.Mode() {
		return ErrChanged
	}
	cur, err := fsys.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, old) {
		return ErrChanged
	}
	return nil
}

// WriteUnder writes data to rel inside dir, creating dir and the parents
// of rel as needed. rel must be a local path (no "..", not absolute), and
// nothing is written outside dir, even through symbolic links inside it.
func WriteUnder(dir, rel string, data []byte, perm fs.FileMode) (err error) {
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("%s is not a relative path inside the current directory, so it has no place under %s", rel, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(rel), "."+filepath.Base(rel)+".etcdlint-tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			root.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return root.Rename(tmp, rel)
}
