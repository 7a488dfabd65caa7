// Package template masks template markup ({{ }}, {% %}, {# #}) in place so
// that the file underneath still parses with every offset unchanged.
package template

import (
	"bytes"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Masked is a copy of a file with its template markup blanked out.
type Masked struct {
	Src []byte
	// Expressions are the {{ }} spans; they were replaced by a run of 'x' so
	// that a templated value still reads as one word.
	Expressions []fact.Span
}

// Templated reports whether span overlaps a {{ }} expression.
func (m *Masked) Templated(span fact.Span) bool {
	for _, e := range m.Expressions {
		if e.Start < span.End && span.Start < e.End {
			return true
		}
	}
	return false
}

var pairs = []struct{ open, close string }{{"{{", "}}"}, {"{%", "%}"}, {"{#", "#}"}}

// Mask blanks Jinja/Go-template markup: {{ }} becomes x's, {% %} and {# #}
// become spaces. Newlines inside markup are kept so line numbers hold.
func Mask(src []byte) *Masked {
	m := &Masked{Src: bytes.Clone(src)}
	for i := 0; i+1 < len(src); i++ {
		for _, p := range pairs {
			if !bytes.HasPrefix(src[i:], []byte(p.open)) {
				continue
			}
			j := bytes.Index(src[i+2:], []byte(p.close))
			if j < 0 {
				continue
			}
			end := i + 2 + j + 2
			fill := byte(' ')
			if p.open == "{{" {
				fill = 'x'
				m.Expressions = append(m.Expressions, fact.Span{Start: i, End: end})
			}
			for k := i; k < end; k++ {
				if src[k] != '\n' && src[k] != '\r' {
					m.Src[k] = fill
				}
			}
			i = end - 1
			break
		}
	}
	return m
}

// Has reports whether src contains any template markup.
func Has(src []byte) bool {
	return bytes.Contains(src, []byte("{{")) || bytes.Contains(src, []byte("{%"))
}
