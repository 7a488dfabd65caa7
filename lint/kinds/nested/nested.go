// Package nested hands content embedded in another file (a Markdown code
// block, a cloud-init write_files entry, a runcmd item) to the file kind
// that understands it, in place: every byte outside the content is blanked
// with its line breaks kept, so the inner kind's offsets are offsets of the
// outer file and its renderers edit the outer file directly.
package nested

import (
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Blank is a copy of src with every byte outside keep turned into a space;
// line breaks stay so that lines and offsets do not move.
func Blank(src []byte, keep ...fact.Span) []byte {
	out := make([]byte, len(src))
	for i, b := range src {
		if b == '\n' || b == '\r' {
			out[i] = b
		} else {
			out[i] = ' '
		}
	}
	for _, sp := range keep {
		copy(out[sp.Start:sp.End], src[sp.Start:sp.End])
	}
	return out
}

// Parse runs kind k on the kept parts of src as if it were a file named
// path, and adds its facts to into. Images are left to the engine's scan of
// the whole outer file.
func Parse(into *fact.Facts, k fact.Kind, path string, src []byte, schema fact.Schema, keep ...fact.Span) []*fact.ParseError {
	f, errs := k.Parse(path, Blank(src, keep...), schema)
	if f != nil {
		f.Images = nil // the engine scans the whole outer file for them
		into.Merge(f)
	}
	return errs
}
