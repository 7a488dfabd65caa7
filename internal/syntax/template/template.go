// Package template masks template markup ({{ }}, {% %}, {# #}) in place so
// that the file underneath still parses with every offset unchanged.
package template

import (
	"bytes"
	"regexp"
	"sort"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Masked is a copy of a file with its template markup blanked out.
type Masked struct {
	Src []byte
	// Expressions are the spans replaced by a run of 'x' (a {{ }} that is
	// not a blanked action, a <%= %>) so that a templated value still reads
	// as one word; in file order, never overlapping.
	Expressions []fact.Span
}

// Templated reports whether span overlaps a {{ }} expression.
func (m *Masked) Templated(span fact.Span) bool {
	// the expressions are in file order and do not overlap: the first
	// that ends after span starts is the only one to look at
	i := sort.Search(len(m.Expressions), func(i int) bool { return m.Expressions[i].End > span.Start })
	return i < len(m.Expressions) && m.Expressions[i].Start < span.End
}

var pairs = []struct{ open, close string }{{"{{", "}}"}, {"{%", "%}"}, {"{#", "#}"}, {"<%", "%>"}}

// Mask blanks Jinja/Go-template markup and ERB/EPP markup (Puppet, Chef):
// expressions ({{ }}, <%= %>) become x's, statements and comments ({% %},
// {# #}, <% %>, <%# %>, and a Go action that prints nothing alone on its
// line: {{- if .X }}, {{ end }}) become spaces. Newlines inside markup are
// kept so line numbers hold.
func Mask(src []byte) *Masked {
	m := &Masked{Src: bytes.Clone(src)}
	for i := 0; i+1 < len(src); i++ {
		if c := src[i]; c != '{' && c != '<' {
			continue // every opener starts with one of these: most bytes cost one compare
		}
		for _, p := range pairs {
			if !bytes.HasPrefix(src[i:], []byte(p.open)) {
				continue
			}
			erb := p.open == "<%"
			j := closing(src, i+2, p.close, p.open == "{#" || erb && i+2 < len(src) && src[i+2] == '#')
			if j < 0 {
				continue
			}
			end := j + 2
			fill := byte(' ')
			if p.open == "{{" && !(goAction(src[i+2:j]) && aloneOnLine(src, i, end)) || erb && i+2 < len(src) && src[i+2] == '=' {
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

// goActions are the Go template actions that print nothing.
var goActions = regexp.MustCompile(`^-?\s*(?:(?:if|else|end|range|with|define|block|break|continue)\b|\$\w*\s*:?=[^=]|/\*)`)

// goAction reports whether the body of {{ }} is a Go template action that
// prints nothing ({{- if .X }}, {{ end }}, {{ $v := .Y }}): a statement,
// not an expression.
func goAction(body []byte) bool { return goActions.Match(body) }

// aloneOnLine reports whether src[i:end] is all its line holds but blanks.
// An action inside a word ({{if .A}}x{{else}}y{{end}}) stays x's, so that
// the word stays one.
// It looks at blanks only, so a line of many actions costs no more than
// its length.
func aloneOnLine(src []byte, i, end int) bool {
	blank := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }
	for i > 0 && blank(src[i-1]) {
		i--
	}
	for end < len(src) && blank(src[end]) {
		end++
	}
	return (i == 0 || src[i-1] == '\n') && (end == len(src) || src[end] == '\n')
}

// closing is the offset of the close that ends the markup whose body starts
// at from. Jinja and Go templates read string literals inside markup as
// tokens, so a close inside one ('{{ .Image }}' in {{ '{{ .Image }}' }})
// does not end it. A quote that the enclosing file escapes (\") opens no
// string, and one with no partner on its line is a plain byte
// (the apostrophe of {{/* don't */}}); comments ({# #}, {{/* */}}) are
// not scanned for strings. -1 when the markup is not closed.
func closing(src []byte, from int, close string, comment bool) int {
	body := bytes.TrimLeft(bytes.TrimPrefix(src[from:], []byte("-")), " \t")
	if comment || bytes.HasPrefix(body, []byte("/*")) {
		if j := bytes.Index(src[from:], []byte(close)); j >= 0 {
			return from + j
		}
		return -1
	}
	for i := from; i+1 < len(src); i++ {
		switch c := src[i]; c {
		case close[0]:
			if src[i+1] == close[1] {
				return i
			}
		case '\\':
			i++ // an escape of the enclosing file (\" in a YAML string) is no quote
		case '\'', '"', '`':
			if end := stringEnd(src, i+1, c); end >= 0 {
				i = end
			}
		}
	}
	return -1
}

// stringEnd is the offset of the quote that closes a string literal whose
// body starts at from, on the same line; -1 when there is none.
func stringEnd(src []byte, from int, quote byte) int {
	for i := from; i < len(src); i++ {
		switch src[i] {
		case quote:
			return i
		case '\n':
			return -1
		case '\\':
			if quote != '`' {
				i++
			}
		}
	}
	return -1
}

// Has reports whether src contains any template markup.
func Has(src []byte) bool {
	return bytes.Contains(src, []byte("{{")) || bytes.Contains(src, []byte("{%")) || bytes.Contains(src, []byte("<%"))
}
