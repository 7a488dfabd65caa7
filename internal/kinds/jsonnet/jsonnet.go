// Package jsonnet is the file kind for jsonnet mixins and libraries
// (*.jsonnet, *.libsonnet). Their PromQL is assembled by code, so it is not
// parsed: the string literals are token-scanned for metric names, on
// identifier boundaries, and each name is tied to the alert or record
// field before it.
package jsonnet

import (
	"bytes"
	"path"
	"regexp"

	"github.com/etcdlint/etcdlint/internal/syntax/promexpr"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the jsonnet kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "jsonnet" }

func (kind) Match(p string, _ []byte) bool {
	ext := path.Ext(p)
	return ext == ".jsonnet" || ext == ".libsonnet"
}

// field is an alert:/record: field with its string value.
var field = regexp.MustCompile(`\b(alert|record)\s*:+\s*(?:'([^'\n]*)'|"([^"\n]*)")`)

func (kind) Parse(_ string, src []byte, _ fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts := &fact.Facts{}
	fields := field.FindAllSubmatchIndex(src, -1)
	strs, objects, err := scan(src)
	// owner is the innermost object holding off.
	owner := func(off int) int {
		best := -1
		for i, o := range objects {
			if o.Start < off && off < o.End && (best < 0 || o.Start > objects[best].Start) {
				best = i
			}
		}
		return best
	}
	fieldsOf := map[int][]int{} // object → its own alert/record fields
	for i, m := range fields {
		o := owner(m[0])
		fieldsOf[o] = append(fieldsOf[o], i)
	}
	// contextAt is the alert/record field of the innermost object around
	// off that has one, so a dashboard target after the alerts of the same
	// file is not named after the last alert.
	contextAt := func(off int) (context string, recordValue fact.Span) {
		for o := owner(off); o >= 0; o = owner(objects[o].Start) {
			if fs := fieldsOf[o]; len(fs) > 0 {
				m := fields[fs[0]]
				vs, ve := m[4], m[5]
				if vs < 0 {
					vs, ve = m[6], m[7]
				}
				return string(src[m[2]:m[3]]) + ": " + string(src[vs:ve]), fact.Span{Start: vs, End: ve}
			}
		}
		return "", fact.Span{}
	}
	for _, s := range strs {
		context, rec := contextAt(s.Start)
		if rec == s && bytes.HasPrefix([]byte(context), []byte("record: ")) {
			facts.Metrics = append(facts.Metrics, &fact.MetricRef{Name: string(src[s.Start:s.End]), Span: s, Use: fact.RecordedName, Context: context})
			continue
		}
		facts.Metrics = append(facts.Metrics, promexpr.Scan(promexpr.Literal(string(src[s.Start:s.End]), s.Start), context)...)
	}
	var errs []*fact.ParseError
	if err != nil {
		errs = append(errs, err)
	}
	return facts, errs
}

// scan returns the contents of the string literals of a jsonnet file ('x',
// "x", @'x', @"x" and ||| text blocks) and the spans of its objects ({…}
// outside strings and comments).
func scan(src []byte) (out, objects []fact.Span, perr *fact.ParseError) {
	var open []int
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '{':
			open = append(open, i)
		case c == '}' && len(open) > 0:
			objects = append(objects, fact.Span{Start: open[len(open)-1], End: i})
			open = open[:len(open)-1]
		case c == '#' || c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return out, objects, &fact.ParseError{Offset: i, Msg: "unterminated jsonnet comment"}
			}
			i += end + 3
		case bytes.HasPrefix(src[i:], []byte("|||")):
			end := bytes.Index(src[i+3:], []byte("|||"))
			if end < 0 {
				return out, objects, &fact.ParseError{Offset: i, Msg: "unterminated jsonnet text block"}
			}
			out = append(out, fact.Span{Start: i + 3, End: i + 3 + end})
			i += end + 5
		case c == '\'' || c == '"':
			verbatim := i > 0 && src[i-1] == '@'
			j := i + 1
			for ; j < len(src) && src[j] != c; j++ {
				if src[j] == '\\' && !verbatim {
					j++
				}
			}
			if j >= len(src) {
				return out, objects, &fact.ParseError{Offset: i, Msg: "unterminated jsonnet string"}
			}
			out = append(out, fact.Span{Start: i + 1, End: j})
			i = j
		}
	}
	return out, objects, nil
}
