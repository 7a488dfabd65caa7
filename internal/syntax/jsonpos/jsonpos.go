// Package jsonpos parses JSON keeping where every value is written, and
// decodes strings with the file offset of each decoded byte, through \"
// and \uXXXX escapes (surrogate pairs too). File kinds that read JSON
// (Grafana dashboards, Ignition configs) use it so that spans stay exact.
package jsonpos

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Value is a JSON value with its byte span: objects keep their key order,
// strings their raw span (quotes included).
type Value struct {
	// Kind is '{', '[', '"', or 0 for numbers, booleans and null.
	Kind       byte
	Start, End int
	Keys       []string
	// Vals are the object's values (by Keys) or the array's items.
	Vals []*Value
}

// Get returns the value of key in an object, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != '{' {
		return nil
	}
	for i, k := range v.Keys {
		if k == key {
			return v.Vals[i]
		}
	}
	return nil
}

// Items returns the items of an array, or nil.
func (v *Value) Items() []*Value {
	if v == nil || v.Kind != '[' {
		return nil
	}
	return v.Vals
}

// Error is bad JSON at Offset.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// Parse reads the one JSON value src holds.
func Parse(src []byte) (*Value, *Error) {
	p := &parser{src: src}
	root, end, err := p.parse(0, 0)
	if err == nil && p.ws(end) < len(src) {
		err = p.fail(p.ws(end), "unexpected data after the JSON value")
	}
	return root, err
}

type parser struct{ src []byte }

func (p *parser) ws(i int) int {
	for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t' || p.src[i] == '\n' || p.src[i] == '\r') {
		i++
	}
	return i
}

func (p *parser) fail(i int, format string, args ...any) *Error {
	return &Error{i, fmt.Sprintf(format, args...)}
}

// parse reads the value at i (after whitespace), up to a nesting depth.
func (p *parser) parse(i, depth int) (*Value, int, *Error) {
	i = p.ws(i)
	if i >= len(p.src) {
		return nil, i, p.fail(i, "unexpected end of JSON")
	}
	if depth > 200 {
		return nil, i, p.fail(i, "JSON nested too deeply")
	}
	switch c := p.src[i]; c {
	case '{', '[':
		v := &Value{Kind: c, Start: i}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		i = p.ws(i + 1)
		if i < len(p.src) && p.src[i] == closer {
			v.End = i + 1
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
				key, _ := String(p.src, k)
				v.Keys = append(v.Keys, key.Value)
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
			v.Vals = append(v.Vals, item)
			i = p.ws(next)
			if i < len(p.src) && p.src[i] == ',' {
				i++
				continue
			}
			if i < len(p.src) && p.src[i] == closer {
				v.End = i + 1
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
				return &Value{Kind: '"', Start: i, End: j + 1}, j + 1, nil
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
		return &Value{Start: i, End: j}, j, nil
	}
}

// Str is a decoded JSON string with the file offset of each of its bytes.
type Str struct {
	Value string
	// Offsets maps each byte of Value, and one past its end (the closing
	// quote), to a file offset. The bytes an escape makes all map to its
	// backslash.
	Offsets []int
	// Escaped[i] is true when byte i of Value was made by an escape.
	Escaped []bool
}

var simpleEscapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// String decodes the string value v of src; ok is false for another kind
// of value or a bad escape.
func String(src []byte, v *Value) (s *Str, ok bool) {
	if v == nil || v.Kind != '"' {
		return nil, false
	}
	var b []byte
	s = &Str{}
	add := func(enc []byte, at int, escaped bool) {
		for range enc {
			s.Offsets = append(s.Offsets, at)
			s.Escaped = append(s.Escaped, escaped)
		}
		b = append(b, enc...)
	}
	end := v.End - 1
	for i := v.Start + 1; i < end; {
		c := src[i]
		if c != '\\' {
			add(src[i:i+1], i, false)
			i++
			continue
		}
		if i+1 >= end {
			return nil, false
		}
		if m, ok := simpleEscapes[src[i+1]]; ok {
			add([]byte{m}, i, true)
			i += 2
			continue
		}
		if src[i+1] != 'u' || i+6 > end {
			return nil, false
		}
		r1, err := strconv.ParseUint(string(src[i+2:i+6]), 16, 32)
		if err != nil {
			return nil, false
		}
		n := 6
		r := rune(r1)
		if utf16.IsSurrogate(r) && i+12 <= end && src[i+6] == '\\' && src[i+7] == 'u' {
			if r2, err := strconv.ParseUint(string(src[i+8:i+12]), 16, 32); err == nil {
				r, n = utf16.DecodeRune(r, rune(r2)), 12
			}
		}
		add(utf8.AppendRune(nil, r), i, true)
		i += n
	}
	s.Value = string(b)
	s.Offsets = append(s.Offsets, end)
	return s, true
}

// Escape writes text as the inside of a JSON string.
func Escape(text string) string {
	var b []byte
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\r':
			b = append(b, `\r`...)
		case c == '\t':
			b = append(b, `\t`...)
		case c < 0x20 || c == 0x7f:
			b = append(b, fmt.Sprintf(`\u%04x`, c)...)
		default:
			b = append(b, c)
		}
	}
	return string(b)
}
