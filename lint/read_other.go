//go:build !unix

package lint

import (
	"errors"
	"io"
	"os"
)

// readRegular reads a regular file of at most limit bytes; scratch is not
// used here.
func readRegular(p string, limit int64, _ []byte) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, errors.New(cleanErr(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file (a FIFO, device or socket)")
	}
	if err == nil && st.Size() > limit {
		return nil, errTooBig{st.Size(), limit}
	}
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, errors.New(cleanErr(err))
	}
	if int64(len(src)) > limit {
		return nil, errTooBig{-1, limit}
	}
	return src, nil
}
