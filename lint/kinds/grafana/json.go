package grafana

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/etcdlint/etcdlint/lint/kinds/promexpr"
)

// value is a JSON value with its byte span, as far as a dashboard needs:
// objects keep their key order, strings keep their raw span for offsets.
type value struct {
	kind       byte // '{', '[', '"', or 0 for numbers, booleans and null
	start, end int
	keys       []string
	vals       []*value // object values (by keys) or array items
}

// get returns the value of key in an object, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != '{' {
		return nil
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

type jsonError struct {
	off int
	msg string
}

func (e *jsonError) Error() string { return e.msg }

type jsonParser struct{ src []byte }

func (p *jsonParser) ws(i int) int {
	for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t' || p.src[i] == '\n' || p.src[i] == '\r') {
		i++
	}
	return i
}

func (p *jsonParser) fail(i int, format string, args ...any) error {
	return &jsonError{i, fmt.Sprintf(format, args...)}
}

// parse reads the value at i (after whitespace), up to a nesting depth.
func (p *jsonParser) parse(i, depth int) (*value, int, error) {
	i = p.ws(i)
	if i >= len(p.src) {
		return nil, i, p.fail(i, "unexpected end of JSON")
	}
	if depth > 200 {
		return nil, i, p.fail(i, "JSON nested too deeply")
	}
	switch c := p.src[i]; c {
	case '{', '[':
		v := &value{kind: c, start: i}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		i = p.ws(i + 1)
		if i < len(p.src) && p.src[i] == closer {
			v.end = i + 1
			return v, i + 1, nil
		}
		for {
			if c == '{' {
				i = p.ws(i)
				if i >= len(p.src) || p.src[i] != '"' {
					return nil, i, p.fail(i, "expected a string key in JSON object")
				}
				k, next, err := p.parse(i, depth+1)
				if err != nil {
					return nil, next, err
				}
				key, _ := jsonText(p.src, k)
				v.keys = append(v.keys, key.S)
				i = p.ws(next)
				if i >= len(p.src) || p.src[i] != ':' {
					return nil, i, p.fail(i, "expected ':' after JSON object key")
				}
				i++
			}
			item, next, err := p.parse(i, depth+1)
			if err != nil {
				return nil, next, err
			}
			v.vals = append(v.vals, item)
			i = p.ws(next)
			if i < len(p.src) && p.src[i] == ',' {
				i++
				continue
			}
			if i < len(p.src) && p.src[i] == closer {
				v.end = i + 1
				return v, i + 1, nil
			}
			return nil, i, p.fail(i, "expected ',' or '%c' in JSON", closer)
		}
	case '"':
		for j := i + 1; j < len(p.src); j++ {
			switch p.src[j] {
			case '\\':
				j++
			case '"':
				return &value{kind: '"', start: i, end: j + 1}, j + 1, nil
			case '\n':
				return nil, j, p.fail(j, "newline in JSON string")
			}
		}
		return nil, len(p.src), p.fail(i, "unterminated JSON string")
	default:
		j := i
		for j < len(p.src) && (p.src[j] == '-' || p.src[j] == '+' || p.src[j] == '.' || 'a' <= p.src[j] && p.src[j] <= 'z' || 'A' <= p.src[j] && p.src[j] <= 'Z' || '0' <= p.src[j] && p.src[j] <= '9') {
			j++
		}
		if j == i {
			return nil, i, p.fail(i, "unexpected %q in JSON", p.src[i])
		}
		return &value{start: i, end: j}, j, nil
	}
}

// jsonText decodes a string value with the file offset of each decoded
// byte; bytes an escape made (\" \u0022) point at the escape, negated.
func jsonText(src []byte, v *value) (promexpr.Text, bool) {
	if v == nil || v.kind != '"' {
		return promexpr.Text{}, false
	}
	var b []byte
	var offs []int
	for i := v.start + 1; i < v.end-1; {
		c := src[i]
		if c != '\\' {
			b = append(b, c)
			offs = append(offs, i)
			i++
			continue
		}
		if i+1 >= v.end-1 {
			return promexpr.Text{}, false
		}
		esc := map[byte]string{'"': `"`, '\\': `\`, '/': "/", 'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t"}
		if s, ok := esc[src[i+1]]; ok {
			for k := range len(s) {
				b = append(b, s[k])
				offs = append(offs, -i-1)
			}
			i += 2
			continue
		}
		if src[i+1] != 'u' || i+6 > v.end-1 {
			return promexpr.Text{}, false
		}
		r1, err := strconv.ParseUint(string(src[i+2:i+6]), 16, 32)
		if err != nil {
			return promexpr.Text{}, false
		}
		n := 6
		r := rune(r1)
		if utf16.IsSurrogate(r) && i+12 <= v.end-1 && src[i+6] == '\\' && src[i+7] == 'u' {
			if r2, err := strconv.ParseUint(string(src[i+8:i+12]), 16, 32); err == nil {
				r, n = utf16.DecodeRune(r, rune(r2)), 12
			}
		}
		enc := utf8.AppendRune(nil, r)
		for range enc {
			offs = append(offs, -i-1)
		}
		b = append(b, enc...)
		i += n
	}
	return promexpr.Text{S: string(b), Offs: offs}, true
}
