package fact

import "testing"

// TestOffsetInverse checks that Offset and UTF16Offset undo Position and
// UTF16Column at every offset that is a character boundary, over
// multi-byte characters, a surrogate pair, CRLF and invalid UTF-8.
func TestOffsetInverse(t *testing.T) {
	src := []byte("a=é\r\n# 𝄞 ü --x\n\xffb\nlast")
	l := NewLines(src)
	for off := 0; off <= len(src); off++ {
		if off < len(src) && src[off]&0xC0 == 0x80 {
			continue // inside a character
		}
		if off > 0 && src[off-1] == '\r' {
			continue // between \r and \n: not a column a client can name
		}
		line, col := l.Position(off)
		if got := l.Offset(line, col); got != off {
			t.Errorf("Offset(%d,%d) = %d, want %d", line, col, got, off)
		}
		if got := l.UTF16Offset(line, l.UTF16Column(off)); got != off {
			t.Errorf("UTF16Offset(%d,%d) = %d, want %d", line, l.UTF16Column(off), got, off)
		}
	}
	cases := []struct {
		line, col16, want int
	}{
		{2, 3, 8},  // before 𝄞 ("# " is 2 units), its 4 bytes start at 8
		{2, 4, 8},  // inside its surrogate pair: the start of the character
		{2, 5, 12}, // after it
		{1, 99, 4}, // past the end of "a=é": before the \r\n
		{9, 1, 27}, // past the last line: end of file
		{0, 5, 0},  // before the first line
		{4, 3, 25}, // "la|st"
		{3, 2, 21}, // after the invalid byte, which counts one unit
	}
	for _, c := range cases {
		if got := l.UTF16Offset(c.line, c.col16); got != c.want {
			t.Errorf("UTF16Offset(%d,%d) = %d, want %d", c.line, c.col16, got, c.want)
		}
	}
	if got := l.Offset(1, 99); got != 4 {
		t.Errorf("Offset(1,99) = %d, want 4 (before the \\r\\n)", got)
	}
}
