package dockerfile

import (
	"strconv"
	"unicode/utf8"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// jsonArray reads text[start:end] as the exec form, a JSON array of
// strings, with every decoded byte mapped to its offset in the file (an
// escape maps to where it starts). ok is false when it is not one: Docker
// then runs the text with the shell.
func (p *parser) jsonArray(start, end int) (words []cmdline.Word, ok bool) {
	t := p.text
	i := p.space(start, end)
	if i >= end || t[i] != '[' {
		return nil, false
	}
	i = p.space(i+1, end)
	if i < end && t[i] == ']' {
		return nil, p.space(i+1, end) == end
	}
	for {
		if i >= end || t[i] != '"' {
			return nil, false
		}
		w, next, ok := p.jsonString(i, end)
		if !ok {
			return nil, false
		}
		words = append(words, w)
		i = p.space(next, end)
		switch {
		case i < end && t[i] == ',':
			i = p.space(i+1, end)
		case i < end && t[i] == ']':
			return words, p.space(i+1, end) == end
		default:
			return nil, false
		}
	}
}

// space skips JSON whitespace and escaped line breaks.
func (p *parser) space(i, end int) int {
	t := p.text
	for i < end {
		switch {
		case t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n':
			i++
		case t[i] == p.esc && i+1 < end && (t[i+1] == '\n' || t[i+1] == '\r'):
			i += 2
		default:
			return i
		}
	}
	return i
}

// jsonString decodes the string literal at i.
func (p *parser) jsonString(i, end int) (cmdline.Word, int, bool) {
	t := p.text
	w := cmdline.Word{Span: fact.Span{Start: i}}
	var val []byte
	for j := i + 1; j < end; {
		c := t[j]
		switch {
		case c == '"':
			w.Value = string(val)
			w.Offsets = append(w.Offsets, j)
			w.Span.End = j + 1
			w.Dynamic = p.masked.Templated(w.Span)
			return w, j + 1, true
		case c == '\\' && j+1 < end:
			var r rune
			n := 2
			switch t[j+1] {
			case '"', '\\', '/':
				r = rune(t[j+1])
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			case 'u':
				if j+6 > end {
					return w, 0, false
				}
				u, err := strconv.ParseUint(string(t[j+2:j+6]), 16, 32)
				if err != nil {
					return w, 0, false
				}
				r, n = rune(u), 6
			default:
				return w, 0, false
			}
			for _, b := range utf8.AppendRune(nil, r) {
				val = append(val, b)
				w.Offsets = append(w.Offsets, j)
			}
			j += n
		case c == '\n' || c < 0x20 && c != '\t':
			return w, 0, false
		default:
			val = append(val, c)
			w.Offsets = append(w.Offsets, j)
			j++
		}
	}
	return w, 0, false
}
