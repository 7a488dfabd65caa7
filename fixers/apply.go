// Package fixers turns rendered fixes into patched bytes, unified diffs and
// safe file writes. It knows nothing about rules or file kinds: it applies
// byte edits and keeps the file's BOM, line endings and final newline.
package fixers

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var bom = []byte("\ufeff")

// Apply returns src with edits applied. Edits may come in any order but
// must not overlap; insertions at the same offset keep their given order.
// Whatever the edits say, the result keeps src's byte order mark, its CRLF
// line endings and the presence or absence of a final newline.
func Apply(src []byte, edits []fact.Edit) ([]byte, error) {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b fact.Edit) int {
		return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End))
	})
	crlf := textedit.Newline(src) == "\r\n"
	var out bytes.Buffer
	out.Grow(len(src))
	prev := 0
	for _, e := range edits {
		if e.Span.Start < 0 || e.Span.End < e.Span.Start || e.Span.End > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) is outside the file (%d bytes)", e.Span.Start, e.Span.End, len(src))
		}
		if bytes.HasPrefix(src, bom) && e.Span.Start < len(bom) {
			// An edit of the first line must not take the BOM with it.
			e.Span.Start = len(bom)
			e.Span.End = max(e.Span.End, len(bom))
		}
		if e.Span.Start < prev {
			return nil, fmt.Errorf("edits overlap at byte %d", e.Span.Start)
		}
		out.Write(src[prev:e.Span.Start])
		text := e.NewText
		if crlf {
			text = toCRLF(text)
		}
		out.WriteString(text)
		prev = e.Span.End
	}
	out.Write(src[prev:])
	return keepFinalNewline(src, out.Bytes()), nil
}

// toCRLF turns every bare "\n" of s into "\r\n".
func toCRLF(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

// keepFinalNewline gives out a final newline exactly when src had one.
func keepFinalNewline(src, out []byte) []byte {
	if len(src) == 0 || len(out) == 0 || bytes.Equal(out, bom) {
		return out
	}
	had := src[len(src)-1] == '\n'
	has := out[len(out)-1] == '\n'
	switch {
	case had && !has:
		out = append(out, textedit.Newline(src)...)
	case !had && has:
		out = bytes.TrimSuffix(bytes.TrimSuffix(out, []byte("\n")), []byte("\r"))
	}
	return out
}

// Overlap reports whether an edit of a and an edit of b conflict: their
// spans intersect, or they start at the same offset, where the order in
// which to apply them would be a guess.
func Overlap(a, b []fact.Edit) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Span.Start == y.Span.Start || x.Span.Start < y.Span.End && y.Span.Start < x.Span.End {
				return true
			}
		}
	}
	return false
}

// SelfOverlap reports whether two edits of one fix overlap, which makes
// the fix impossible to apply.
func SelfOverlap(edits []fact.Edit) bool {
	for i := range edits {
		for j := i + 1; j < len(edits); j++ {
			if edits[i].Span.Overlaps(edits[j].Span) {
				return true
			}
		}
	}
	return false
}
