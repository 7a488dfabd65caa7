// Package podspec reads etcd processes from YAML that describes containers:
// command and args lists, env lists, shell code in a script scalar, and the
// Helm template markup around them. Kubernetes manifests, Compose files and
// kubeadm configurations share it.
package podspec

import (
	"bytes"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// File is a YAML file read for etcd processes: the source, its Helm-masked
// copy and the position index of the masked copy (same offsets). Compose
// and Helm values share it.
type File struct {
	Src    []byte
	Masked *template.Masked
	Doc    *yamlpos.Doc
	Schema fact.Schema
	// Templated is true when the file holds template markup: a document
	// that does not parse after masking is then skipped without an error
	// (what the template renders may well be valid YAML).
	Templated bool
	// lines are the template-only lines blanked before parsing, with
	// whether they only steer control flow ({{ if }}, {{ end }}).
	lines []maskedLine
	errs  []*fact.ParseError
}

type maskedLine struct {
	span    fact.Span
	control bool
}

var (
	// control is markup that prints nothing: control flow, a variable
	// assignment.
	control = regexp.MustCompile(`^\{\{-?\s*(?:(?:if|else|end|with|range|define|block|break|continue)\b|\$\w*\s*:?=)`)
	// comment is a Go template comment: {{/* */}}, {{- /* */ -}}.
	comment    = regexp.MustCompile(`^\{\{(?:- )?/\*`)
	commentEnd = regexp.MustCompile(`\*/(?: -)?\}\}`)
	// nindent ends a pipeline that prints a block on the lines below:
	// {{- include "x" . | nindent 4 }}, {{ toYaml .Values.x | nindent 8 }}.
	nindent = regexp.MustCompile(`\|\s*nindent\s+\d+\s*-?\}\}$`)
	// valueKey is a line up to a mapping key and its colon.
	valueKey = regexp.MustCompile(`^[ \t]*(?:-[ \t]+)*[^\s#-][^#]*:[ \t]*$`)
)

// NewFile masks Helm/Jinja template markup in src, keeping every offset, so
// that a template parses as the YAML it renders to:
//   - a comment ({{/* */}}) prints nothing and becomes blank;
//   - lines holding nothing but markup ({{- if }}, {{- end }},
//     {{- include … | nindent 8 }}, {{- $x := … }}, a comment spanning
//     lines) become blank;
//   - an expression after "key:" that ends the line and pipes to nindent
//     prints a block (a mapping, a list) below the key, and becomes blank
//     so that the key's own lines below still belong to it
//     (labels: {{- include … | nindent 4 }} followed by more labels);
//   - any other {{ }} becomes x's, so a templated value stays one word.
//
// Blanked markup that prints something is recorded: Hidden says where a
// template may add what the file does not show.
func NewFile(src []byte, schema fact.Schema) *File {
	m := template.Mask(src)
	f := &File{Src: src, Masked: m, Schema: schema, Templated: template.Has(src)}
	exprs := m.Expressions[:0:0]
	for i := 0; i < len(m.Expressions); i++ {
		e := m.Expressions[i]
		if !comment.Match(src[e.Start:e.End]) {
			exprs = append(exprs, e)
			continue
		}
		// a comment ends at "*/}}" even when its text holds "}}"
		if end := commentEnd.FindIndex(src[e.Start:]); end != nil && e.Start+end[1] > e.End {
			e.End = e.Start + end[1]
			for i+1 < len(m.Expressions) && m.Expressions[i+1].Start < e.End {
				i++
			}
		}
		blankMarkup(m.Src, e)
	}
	m.Expressions = exprs
	for i := 0; i < len(exprs); {
		// the expressions sharing lines, with the lines they span
		start := bytes.LastIndexByte(m.Src[:exprs[i].Start], '\n') + 1
		end := lineEnd(m.Src, exprs[i].End)
		j := i + 1
		for ; j < len(exprs) && exprs[j].Start < end; j++ {
			end = max(end, lineEnd(m.Src, exprs[j].End))
		}
		group := exprs[i:j]
		i = j
		if onlyMarkup(m.Src, start, end, group) {
			ctl := true
			for _, e := range group {
				ctl = ctl && control.Match(src[e.Start:e.End])
				blankMarkup(m.Src, e)
			}
			f.lines = append(f.lines, maskedLine{span: fact.Span{Start: start, End: end}, control: ctl})
			continue
		}
		for _, e := range group {
			if !nindent.Match(src[e.Start:e.End]) {
				continue // before looking along the line: a line may hold thousands
			}
			ls := bytes.LastIndexByte(m.Src[:e.Start], '\n') + 1
			if valueKey.Match(m.Src[ls:e.Start]) && len(bytes.TrimSpace(m.Src[e.End:lineEnd(m.Src, e.End)])) == 0 {
				blankMarkup(m.Src, e)
				f.lines = append(f.lines, maskedLine{span: e})
			}
		}
	}
	f.Doc = yamlpos.New(m.Src)
	return f
}

// lineEnd is the offset of the line break at or after off (or the end).
func lineEnd(b []byte, off int) int {
	if i := bytes.IndexByte(b[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(b)
}

// onlyMarkup reports whether masked[start:end] holds nothing but the
// expressions of group and blanks.
func onlyMarkup(masked []byte, start, end int, group []fact.Span) bool {
	k := start
	for _, e := range group {
		if len(bytes.TrimSpace(masked[k:e.Start])) != 0 {
			return false
		}
		k = e.End
	}
	return len(bytes.TrimSpace(masked[k:end])) == 0
}

// blankMarkup turns the markup at e into spaces, keeping line breaks.
func blankMarkup(masked []byte, e fact.Span) {
	for i := e.Start; i < e.End; i++ {
		if masked[i] != '\n' && masked[i] != '\r' {
			masked[i] = ' '
		}
	}
}

// hidden reports whether markup that prints something was blanked inside
// span (a container, a service): a template that may add arguments or
// variables the file does not show. A blanked line just after span that
// is indented deeper than span's first line, with nothing shallower
// between, is inside it too (Helm's {{- include … | nindent 12 }} at the
// end of a container's env list).
func (f *File) hidden(span fact.Span) bool {
	col := span.Start - (bytes.LastIndexByte(f.Src[:span.Start], '\n') + 1)
	for _, l := range f.lines {
		if l.control || l.span.Start < span.Start {
			continue
		}
		if l.span.Start < span.End {
			return true
		}
		if f.below(span.End, l.span.Start, col) {
			return true
		}
	}
	return false
}

// below reports whether the masked text from end to off holds only lines
// indented deeper than col, and the line at off is too.
func (f *File) below(end, off, col int) bool {
	text := f.Masked.Src
	for ls := lineEnd(text, end) + 1; ls <= off && ls < len(text); ls = lineEnd(text, ls) + 1 {
		le := lineEnd(text, ls)
		line := text[ls:le]
		if ls <= off && off <= le {
			// the blanked line itself: its markup's indentation
			line = f.Src[ls:le]
		}
		trimmed := bytes.TrimLeft(line, " \t")
		if len(bytes.TrimSpace(trimmed)) == 0 || trimmed[0] == '#' {
			continue
		}
		if len(line)-len(trimmed) <= col {
			return false
		}
	}
	return true
}

var docMarker = fastre.MustCompile(`(?m)^(?:---|\.\.\.)(?:[ \t].*)?\r?$`)

// Documents parses each YAML document of the file on its own, so that one
// bad document does not hide the others: each is parsed from a copy of the
// masked source up to its end with everything before it blanked, so
// offsets hold.
func (f *File) Documents() []*yaml.Node {
	text := f.Masked.Src
	bounds := []int{0}
	for _, m := range docMarker.FindAllIndex(text, -1) {
		bounds = append(bounds, m[0], m[1])
	}
	bounds = append(bounds, len(text))
	var out []*yaml.Node
	lines, counted := 0, 0 // line breaks before counted
	for i := 0; i+1 < len(bounds); i += 2 {
		start, end := bounds[i], bounds[i+1]
		if len(bytes.TrimSpace(text[start:end])) == 0 {
			continue
		}
		// each document alone from the start of its line, so that a
		// stream costs its size once; cut after the document rather than
		// blank it: lines of blanks after a block scalar that ends the
		// document would be its content
		from := bytes.LastIndexByte(text[:start], '\n') + 1
		lines += bytes.Count(text[counted:from], []byte("\n"))
		counted = from
		buf := nested.Blank(text[from:end], fact.Span{Start: start - from, End: end - from})
		var root yaml.Node
		if err := yamlpos.Unmarshal(buf, &root); err != nil {
			if !f.Templated {
				f.errs = append(f.errs, f.Doc.SyntaxErrorAfter(err, lines))
			}
			if root.Kind == 0 {
				continue
			}
		}
		shiftLines(&root, lines)
		if len(root.Content) > 0 {
			out = append(out, root.Content[0])
		}
	}
	return out
}

// shiftLines moves the nodes of a document parsed on its own down by n
// lines, to where it is in the file.
func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

// Errors are the parse errors found so far.
func (f *File) Errors() []*fact.ParseError { return f.errs }

// Error records bad input at off.
func (f *File) Error(off int, msg string) {
	f.errs = append(f.errs, &fact.ParseError{Offset: off, Msg: msg})
}

// AddErrors keeps the errors of content nested in the file.
func (f *File) AddErrors(errs []*fact.ParseError) { f.errs = append(f.errs, errs...) }

// Str is the value of a scalar under key, or "".
func Str(m *yaml.Node, key string) string {
	if v, _ := yamlpos.Lookup(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// Text decodes scalar n with offsets into the original file: bytes that
// masking turned into x's read back as the template text they hide.
func (f *File) Text(n *yaml.Node) (*yamlpos.Scalar, bool) {
	sc, err := f.Doc.Scalar(n)
	if err != nil {
		f.Error(f.Doc.Start(n), "cannot map this YAML scalar back to the file; its settings are skipped")
		return nil, false
	}
	if f.Masked.Templated(sc.Span) {
		b := []byte(sc.Value)
		for i := range b {
			if sc.Verbatim(i) {
				b[i] = f.Src[sc.Offsets[i]]
			}
		}
		sc.Value = string(b)
	}
	return sc, true
}

// EtcdImage reports whether a container image reference runs etcd:
// quay.io/coreos/etcd:v3.4.27, registry.k8s.io/etcd:3.5.9-0, bitnami/etcd.
func EtcdImage(ref string) bool {
	ref, _, _ = strings.Cut(ref, "@")
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		ref = ref[:i]
	}
	return ref[strings.LastIndexByte(ref, '/')+1:] == "etcd"
}
