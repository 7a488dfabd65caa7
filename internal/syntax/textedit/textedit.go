// Package textedit has the line-level editing helpers that file kinds share
// when they render intents: whole-line removal, insertion with the file's
// own line ending, quoting that keeps a value's original style.
package textedit

import (
	"bytes"
	"iter"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Newline is the file's line ending: "\r\n" if its first line ends so.
func Newline(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// LineStart is the offset of the start of the line holding off.
func LineStart(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// LineEnd is the offset just past the newline of the line holding off (or
// the end of the file).
func LineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// RemoveLines deletes the whole lines that span touches. When they are the
// last lines of a file without a final newline, the newline before them goes
// too, so the file keeps having no final newline.
func RemoveLines(src []byte, span fact.Span) fact.Edit {
	start, end := LineStart(src, span.Start), LineEnd(src, max(span.End-1, span.Start))
	if end == len(src) && start > 0 && (end == start || src[end-1] != '\n') {
		start--
		if start > 0 && src[start-1] == '\r' {
			start--
		}
	}
	return fact.Edit{Span: fact.Span{Start: start, End: end}}
}

// RemoveListItems deletes span, one or more items of a comma-separated
// list, with one comma that joins them to the rest: the comma after them
// and the blanks after it, or, for the last items, the blanks and comma
// before them. Only blanks on the same line count. ok is false when no
// comma joins them; the edit then deletes span alone.
func RemoveListItems(src []byte, span fact.Span) (e fact.Edit, ok bool) {
	j := span.End
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j < len(src) && src[j] == ',' {
		j++
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		return fact.Edit{Span: fact.Span{Start: span.Start, End: j}}, true
	}
	i := span.Start
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] == ',' {
		return fact.Edit{Span: fact.Span{Start: i - 1, End: span.End}}, true
	}
	return fact.Edit{Span: span}, false
}

// InsertLineAfter inserts text as a new line after the line holding off.
func InsertLineAfter(src []byte, off int, text string) fact.Edit {
	nl := Newline(src)
	end := LineEnd(src, off)
	if end == len(src) && (end == 0 || src[end-1] != '\n') {
		return fact.Edit{Span: fact.Span{Start: end, End: end}, NewText: nl + text}
	}
	return fact.Edit{Span: fact.Span{Start: end, End: end}, NewText: text + nl}
}

// Requote writes value in the quoting style of old ("x", 'x' or bare),
// quoting a bare value with double quotes when it needs them.
func Requote(old, value string) string {
	if len(old) >= 2 && (old[0] == '"' || old[0] == '\'') && old[len(old)-1] == old[0] {
		return string(old[0]) + value + string(old[0])
	}
	if value == "" || strings.ContainsAny(value, " \t\"'\\$`#;&|<>(){}*?[]~") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "`", "\\`").Replace(value) + `"`
	}
	return value
}

// Line is one line of a file: Text is src[Start:End] without its line
// ending, Next is where the following line starts.
type Line struct {
	Start, End, Next int
	Text             []byte
}

// Lines yields the lines of src in order, for kinds that read a file line
// by line.
func Lines(src []byte) iter.Seq[Line] {
	return func(yield func(Line) bool) {
		for off := 0; off < len(src); {
			end, next := len(src), len(src)
			if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
				end, next = off+i, off+i+1
			}
			if !yield(Line{Start: off, End: end, Next: next, Text: bytes.TrimRight(src[off:end], "\r")}) {
				return
			}
			off = next
		}
	}
}

// LowerASCII is src with A-Z in lower case and every other byte as it is:
// unlike bytes.ToLower, which writes U+FFFD for invalid UTF-8 and changes
// the length of some letters (K, İ), an offset into it is an offset into
// src.
func LowerASCII(src []byte) []byte {
	out := make([]byte, len(src))
	for i, c := range src {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}
