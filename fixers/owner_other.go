//go:build !unix

package fixers

import "io/fs"

// keepOwner has nothing to keep where files have no Unix owner.
func keepOwner(string, fs.FileInfo) error { return nil }

// links is 1 where the system does not say: no hard link is known.
func links(fs.FileInfo) uint64 { return 1 }
