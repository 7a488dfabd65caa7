//go:build unix

package fixers

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives name the owner and group of the file described by info
// when they differ (root fixing a file of the etcd user). Without the right
// to chown, a file of another owner is not replaced.
func keepOwner(name string, info fs.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	cur, err := os.Lstat(name)
	if err != nil {
		return err
	}
	if c, ok := cur.Sys().(*syscall.Stat_t); ok && c.Uid == st.Uid && c.Gid == st.Gid {
		return nil
	}
	return os.Lchown(name, int(st.Uid), int(st.Gid))
}

// links is the number of hard links to the file described by info.
func links(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
