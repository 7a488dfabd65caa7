//go:build unix

package lint

import (
	"errors"
	"syscall"
)

// readRegular reads a regular file of at most limit bytes with plain system
// calls: an *os.File would register each of a tree's files with the
// network poller and a finalizer, which costs more than reading a small
// file. O_NONBLOCK keeps the open of a FIFO from waiting for a writer. A
// file that fits in scratch is read into it (most of a tree's files are
// looked at once and dropped); the caller copies what it keeps.
func readRegular(p string, limit int64, scratch []byte) ([]byte, error) {
	fd, err := retry(func() (int, error) { return syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0) })
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, errors.New("not a regular file (a FIFO, device or socket)")
	}
	if st.Size > limit {
		return nil, errTooBig{st.Size, limit}
	}
	// One more byte than the size says, so that a file of size 0 that has
	// content (/proc) is read to its end.
	buf := scratch[:0]
	if int64(cap(scratch)) < st.Size+1 {
		buf = make([]byte, 0, st.Size+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		want := cap(buf) - len(buf)
		n, err := retry(func() (int, error) { return syscall.Read(fd, buf[len(buf):cap(buf)]) })
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, errTooBig{-1, limit} // it grew, or has no size
		}
		if n < want && int64(len(buf)) == st.Size {
			// a regular file read short at its size is at its end: no
			// second read to hear that (a quarter of the system calls)
			return buf, nil
		}
	}
}

// retry repeats a system call interrupted by a signal.
func retry(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if !errors.Is(err, syscall.EINTR) {
			return n, err
		}
	}
}
