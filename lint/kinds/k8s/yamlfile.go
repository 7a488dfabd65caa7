package k8s

import (
	"bytes"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/lint/kinds/nested"
	"github.com/etcdlint/etcdlint/lint/kinds/template"
	"github.com/etcdlint/etcdlint/lint/kinds/yamlpos"
)

// File is a YAML file read for etcd processes: the source, its Helm-masked
// copy and the position index of the masked copy (same offsets). Compose
// and Helm values share it.
type File struct {
	Src    []byte
	Masked *template.Masked
	Doc    *yamlpos.Doc
	Schema fact.Schema
	// lines are the template-only lines blanked before parsing, with
	// whether they only steer control flow ({{ if }}, {{ end }}).
	lines []maskedLine
	errs  []*fact.ParseError
}

type maskedLine struct {
	span    fact.Span
	control bool
}

var control = regexp.MustCompile(`^\{\{-?\s*(?:if|else|end|with|range|define|block|/\*)\b`)

// NewFile masks template markup in src: {{ }} inside a line becomes x's
// (the value stays one word), and lines holding nothing but markup become
// blank, so Helm's {{- if }} and {{ include … | nindent }} lines do not
// break the YAML.
func NewFile(src []byte, schema fact.Schema) *File {
	m := template.Mask(src)
	f := &File{Src: src, Masked: m, Schema: schema}
	for _, e := range m.Expressions {
		start := bytes.LastIndexByte(m.Src[:e.Start], '\n') + 1
		end := e.End + bytes.IndexByte(append(m.Src[e.End:], '\n'), '\n')
		if len(bytes.Trim(m.Src[start:end], " \t\rx")) != 0 {
			continue
		}
		f.lines = append(f.lines, maskedLine{span: fact.Span{Start: start, End: end}, control: control.Match(src[e.Start:e.End])})
		for i := start; i < end; i++ {
			if m.Src[i] == 'x' {
				m.Src[i] = ' '
			}
		}
	}
	f.Doc = yamlpos.New(m.Src)
	return f
}

// Hidden reports whether a template line that is not control flow lies
// inside span: it may add arguments or variables the file does not show.
func (f *File) Hidden(span fact.Span) bool {
	for _, l := range f.lines {
		if !l.control && span.Start <= l.span.Start && l.span.End <= span.End {
			return true
		}
	}
	return false
}

var docMarker = regexp.MustCompile(`(?m)^(?:---|\.\.\.)(?:[ \t].*)?\r?$`)

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
	for i := 0; i+1 < len(bounds); i += 2 {
		start, end := bounds[i], bounds[i+1]
		if len(bytes.TrimSpace(text[start:end])) == 0 {
			continue
		}
		// cut after the document rather than blank it: lines of blanks
		// after a block scalar that ends the document would be its content
		buf := nested.Blank(text[:end], fact.Span{Start: start, End: end})
		var root yaml.Node
		if err := yaml.Unmarshal(buf, &root); err != nil {
			f.errs = append(f.errs, f.Doc.SyntaxError(err))
			continue
		}
		if len(root.Content) > 0 {
			out = append(out, root.Content[0])
		}
	}
	return out
}

// Errors are the parse errors found so far.
func (f *File) Errors() []*fact.ParseError { return f.errs }

// Error records bad input at off.
func (f *File) Error(off int, msg string) {
	f.errs = append(f.errs, &fact.ParseError{Offset: off, Msg: msg})
}

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
