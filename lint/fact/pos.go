package fact

import (
	"sort"
	"unicode/utf8"
)

// Lines converts byte offsets of one file into line/column positions. It is
// the one place where offsets become positions; columns are 1-based UTF-8
// byte columns unless a caller asks for UTF-16 (LSP, SARIF).
type Lines struct {
	src    []byte
	starts []int // byte offset of each line start
}

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{src: src, starts: starts}
}

// Position returns the 1-based line and byte column of offset.
func (l *Lines) Position(offset int) (line, col int) {
	offset = min(max(offset, 0), len(l.src))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	return i + 1, offset - l.starts[i] + 1
}

// UTF16Column returns the 1-based column of offset counted in UTF-16 code
// units, as LSP and SARIF (by default) count.
func (l *Lines) UTF16Column(offset int) int {
	line, _ := l.Position(offset)
	col := 1
	for _, r := range string(l.src[l.starts[line-1]:min(max(offset, 0), len(l.src))]) {
		if r >= 0x10000 {
			col += 2
		} else {
			col++
		}
	}
	return col
}

// Line returns the text of 1-based line n without its line ending.
func (l *Lines) Line(n int) string {
	if n < 1 || n > len(l.starts) {
		return ""
	}
	end := len(l.src)
	if n < len(l.starts) {
		end = l.starts[n] - 1
	}
	text := l.src[l.starts[n-1]:end]
	if len(text) > 0 && text[len(text)-1] == '\r' {
		text = text[:len(text)-1]
	}
	if !utf8.Valid(text) {
		return string([]rune(string(text)))
	}
	return string(text)
}

// Count is the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

// lineEnd is the byte offset where 1-based line n ends, before its "\n"
// (and a "\r" before that).
func (l *Lines) lineEnd(n int) int {
	end := len(l.src)
	if n < len(l.starts) {
		end = l.starts[n] - 1
		if end > l.starts[n-1] && l.src[end-1] == '\r' {
			end--
		}
	}
	return end
}

// Offset is the inverse of Position: the byte offset of 1-based line and
// byte column col. A line past the last is the end of the file; a column
// past the end of its line is the end of the line.
func (l *Lines) Offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.src)
	}
	start := l.starts[line-1]
	return start + min(max(col-1, 0), l.lineEnd(line)-start)
}

// UTF16Offset is the inverse of UTF16Column: the byte offset of 1-based line
// and 1-based column col counted in UTF-16 code units. A column inside a
// surrogate pair is the start of its character; lines and columns past the
// end clamp as in Offset.
func (l *Lines) UTF16Offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.src)
	}
	off, end := l.starts[line-1], l.lineEnd(line)
	for units := col - 1; off < end; {
		r, size := utf8.DecodeRune(l.src[off:end])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units < n {
			break
		}
		units -= n
		off += size
	}
	return off
}
