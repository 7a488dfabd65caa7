package promrules

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/kinds/promexpr"
)

// offsetOf converts a yaml.v3 node position (1-based line, column counted
// in characters) into a byte offset of src.
func offsetOf(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line && off < len(src); l++ {
		i := strings.IndexByte(string(src[off:]), '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(src) && src[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(src[off:])
		off += n
	}
	return off
}

// scalarText maps the value of a scalar node back to the bytes of src it
// was read from, through the quoting, escapes, folding and indentation of
// its style. When the mapping fails (a style this reader does not follow),
// every byte points at the scalar's start and none counts as literal.
func scalarText(src []byte, n *yaml.Node) promexpr.Text {
	start := offsetOf(src, n.Line, n.Column)
	t, ok := alignScalar(src, start, n.Style, n.Value)
	if !ok {
		offs := make([]int, len(n.Value))
		for i := range offs {
			offs[i] = -start - 1
		}
		return promexpr.Text{S: n.Value, Offs: offs}
	}
	return t
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// alignScalar walks the scalar's source from off and its decoded value
// together. Value bytes copied from the source map to their offset; bytes
// made by an escape map to the escape (negated); whitespace made by
// folding or lost to indentation is skipped on either side. Non-space
// value bytes must match the source exactly, so names land on their bytes.
func alignScalar(src []byte, off int, style yaml.Style, v string) (promexpr.Text, bool) {
	i := off
	switch {
	case style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// Content starts on the line after the |/> header.
		nl := strings.IndexByte(string(src[i:]), '\n')
		if nl < 0 {
			return promexpr.Text{}, false
		}
		i += nl + 1
	case style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		i++
	}
	double := style&yaml.DoubleQuotedStyle != 0
	single := style&yaml.SingleQuotedStyle != 0
	offs := make([]int, len(v))
	for j := 0; j < len(v); {
		if i >= len(src) {
			if strings.TrimSpace(v[j:]) != "" {
				return promexpr.Text{}, false
			}
			for ; j < len(v); j++ {
				offs[j] = -i - 1
			}
			break
		}
		c := src[i]
		switch {
		case double && c == '\\':
			made, n, ok := yamlEscape(src[i:])
			if !ok || !strings.HasPrefix(v[j:], made) {
				return promexpr.Text{}, false
			}
			for k := range len(made) {
				offs[j+k] = -i - 1
			}
			j += len(made)
			i += n
		case single && c == '\'':
			if i+1 >= len(src) || src[i+1] != '\'' || v[j] != '\'' {
				return promexpr.Text{}, false
			}
			offs[j] = -i - 1
			i += 2
			j++
		case c == v[j]:
			offs[j] = i
			i++
			j++
		case isSpace(c):
			for i < len(src) && isSpace(src[i]) {
				i++
			}
			for j < len(v) && isSpace(v[j]) {
				offs[j] = -i - 1
				j++
			}
		case isSpace(v[j]):
			offs[j] = -i - 1
			j++
		default:
			return promexpr.Text{}, false
		}
	}
	return promexpr.Text{S: v, Offs: offs}, true
}

// yamlEscape decodes the escape sequence at the start of s (s[0] is the
// backslash): what it makes and how many source bytes it takes. An escaped
// line break makes nothing.
func yamlEscape(s []byte) (string, int, bool) {
	if len(s) < 2 {
		return "", 0, false
	}
	simple := map[byte]string{
		'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
		'r': "\r", 'e': "\x1b", ' ': " ", '"': `"`, '/': "/", '\\': `\`,
		'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
	}
	if m, ok := simple[s[1]]; ok {
		return m, 2, true
	}
	switch s[1] {
	case '\n':
		return "", 2, true
	case '\r':
		if len(s) > 2 && s[2] == '\n' {
			return "", 3, true
		}
		return "", 2, true
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[1]]
	if width == 0 || len(s) < 2+width {
		return "", 0, false
	}
	r, err := strconv.ParseUint(string(s[2:2+width]), 16, 32)
	if err != nil {
		return "", 0, false
	}
	return string(rune(r)), 2 + width, true
}
