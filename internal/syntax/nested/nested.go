// Package nested hands content embedded in another file (a Markdown code
// block, a cloud-init write_files entry, a runcmd item) to the file kind
// that understands it: every byte outside the content is blanked with its
// line breaks kept, and the inner kind's spans and edits are mapped back to
// the outer file.
package nested

import (
	"bytes"

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
// path, and adds its facts to into. The inner kind reads only the lines
// from the first kept byte to the last (the rest blanked), so that a file
// of many blocks costs its size once, not once per block; spans and edits
// are mapped back to src. Images are left to the engine's scan of the
// whole outer file.
func Parse(into *fact.Facts, k fact.Kind, path string, src []byte, schema fact.Schema, keep ...fact.Span) []*fact.ParseError {
	if len(keep) == 0 {
		return nil
	}
	start, end := keep[0].Start, keep[0].End
	for _, sp := range keep {
		start, end = min(start, sp.Start), max(end, sp.End)
	}
	start = bytes.LastIndexByte(src[:start], '\n') + 1
	inner := make([]fact.Span, len(keep))
	for i, sp := range keep {
		inner[i] = fact.Span{Start: sp.Start - start, End: sp.End - start}
	}
	window := Blank(src[start:end], inner...)
	offsets := make([]int, len(window)+1)
	for i := range offsets {
		offsets[i] = start + i
	}
	return ParseMapped(into, k, path, window, offsets, Verbatim, schema)
}

// Verbatim writes text as it is, for content the host holds without
// escapes.
func Verbatim(text string, _ []byte, span fact.Span) (fact.Edit, error) {
	return fact.Edit{Span: span, NewText: text}, nil
}
