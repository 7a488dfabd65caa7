package kubeadm

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Renderer edits extraArgs and extraEnvs entries in place: comments,
// indentation and the quoting of untouched values stay as they are.
type Renderer struct {
	f       *podspec.File
	entries map[*fact.Setting]*entry
	procs   map[*fact.Process]*section
	images  []*fact.Image
}

func newRenderer(f *podspec.File) *Renderer {
	return &Renderer{f: f, entries: map[*fact.Setting]*entry{}, procs: map[*fact.Process]*section{}}
}

// entry is one "key: value" pair of a map, or one name/value item of a list.
type entry struct {
	// key is the map key, or the item's name scalar; val the value scalar
	// (nil for an env item with valueFrom).
	key, val *yaml.Node
	// item is the list item (nil in a map).
	item *yaml.Node
	list bool
	// flow is true when the map or list holding the entry is written in
	// { } or [ ]; qflow when the entry's own scalars are (a "- {name: x}"
	// item of a block list).
	flow, qflow bool
	// colon is the offset past the ':' before an empty value.
	colon int
	// span covers the entry; valSpan its value (empty after colon when
	// the value is empty).
	span, valSpan fact.Span
}

// Render implements fact.Renderer.
func (r *Renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	if in.Kind == fact.Add {
		return r.add(src, in)
	}
	s := in.Setting
	e := r.entries[s]
	if e == nil {
		return nil, fmt.Errorf("kubeadm: no entry for setting %s", s.Raw)
	}
	switch in.Kind {
	case fact.Remove:
		return r.remove(src, e)
	case fact.Replace:
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			name := in.Name
			if s.Surface == fact.Env {
				name = fact.EnvName(in.Name)
			}
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: yamlpos.Quote(e.key.Style&^yaml.TaggedStyle, name, e.qflow)})
		}
		if in.Value != nil {
			if e.val == nil {
				return nil, fmt.Errorf("kubeadm: %s takes its value from valueFrom", s.Raw)
			}
			text := value(e.val.Style&^yaml.TaggedStyle, *in.Value, e.qflow)
			if e.valSpan.Len() == 0 {
				text = " " + text
			}
			edits = append(edits, fact.Edit{Span: e.valSpan, NewText: text})
		}
		return edits, nil
	}
	return nil, fmt.Errorf("kubeadm: cannot render intent %d", in.Kind)
}

// value writes a value in the quoting of the old one. kubeadm decodes
// extraArgs as strings, through YAML 1.1 rules: a plain value stays plain
// only when it reads back as a string ("true", "off", "5", "1e3" and dates
// get double quotes).
func value(style yaml.Style, v string, flow bool) string {
	if style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return yamlpos.DoubleQuote(v)
	}
	return yamlpos.Quote(style, v, flow)
}

// remove deletes an entry: its lines in block style, the entry and one
// comma in flow style.
func (r *Renderer) remove(src []byte, e *entry) ([]fact.Edit, error) {
	if e.flow {
		ed, _ := textedit.RemoveListItems(src, e.span)
		return []fact.Edit{ed}, nil
	}
	before := bytes.TrimLeft(src[textedit.LineStart(src, e.span.Start):e.span.Start], " ")
	if e.list {
		before = bytes.TrimLeft(bytes.TrimPrefix(before, []byte("-")), " ")
	}
	if len(before) > 0 {
		return nil, fmt.Errorf("kubeadm: %s does not start its line", e.key.Value)
	}
	if end := textedit.LineEnd(src, max(e.span.End-1, e.span.Start)); bytes.ContainsAny(bytes.TrimSpace(bytes.SplitN(src[e.span.End:end], []byte("#"), 2)[0]), "{}[],") {
		return nil, fmt.Errorf("kubeadm: %s shares its last line with other YAML", e.key.Value)
	}
	return []fact.Edit{textedit.RemoveLines(src, e.span)}, nil
}

// add writes a new entry after the last one of the extraArgs map or list,
// or an extraArgs block after the last key of etcd.local.
func (r *Renderer) add(src []byte, in fact.Intent) ([]fact.Edit, error) {
	sec := r.procs[in.Process]
	if sec == nil {
		return nil, fmt.Errorf("kubeadm: unknown process")
	}
	var v string
	switch {
	case in.Value != nil:
		v = *in.Value
	case r.f.Schema.IsBool(in.Name):
		v = "true" // kubeadm writes --key=value, never a bare flag
	default:
		return nil, fmt.Errorf("kubeadm: --%s needs a value", in.Name)
	}
	key := in.Name
	if sec.local == nil && sec.args != nil && envOnly(sec.args) {
		key = fact.EnvName(in.Name) // kubespray's etcd.env variables
	}
	qv := yamlpos.DoubleQuote(v)
	d := r.f.Doc
	for _, n := range []*yaml.Node{sec.args, sec.local} {
		if n != nil && control.Match(src[d.Start(n):d.Span(n, false).End]) {
			// a new last entry would land inside a loop or branch
			return nil, fmt.Errorf("kubeadm: template control lines choose which entries exist here: add --%s by hand", in.Name)
		}
	}
	nl := textedit.Newline(src)
	args := sec.args
	switch {
	case args != nil && args.Kind == yaml.MappingNode && args.Style&yaml.FlowStyle != 0:
		return []fact.Edit{flowInsert(src, d.Span(args, false), key+": "+qv)}, nil
	case args != nil && args.Kind == yaml.SequenceNode && args.Style&yaml.FlowStyle != 0:
		return []fact.Edit{flowInsert(src, d.Span(args, false), "{name: "+yamlpos.Quote(0, key, true)+", value: "+qv+"}")}, nil
	case args != nil && args.Kind == yaml.MappingNode && len(args.Content) > 0:
		first := d.Start(args.Content[0])
		indent := src[textedit.LineStart(src, first):first]
		if len(bytes.Trim(indent, " ")) > 0 {
			return nil, fmt.Errorf("kubeadm: the first extraArgs key does not start its line")
		}
		last := d.Span(args, false).End
		return []fact.Edit{textedit.InsertLineAfter(src, max(last-1, 0), string(indent)+yamlpos.Quote(0, key, false)+": "+qv)}, nil
	case args != nil && args.Kind == yaml.SequenceNode && len(args.Content) > 0:
		first := d.Start(args.Content[0])
		prefix := string(src[textedit.LineStart(src, first):first])
		dash := strings.TrimRight(strings.TrimLeft(prefix, " "), " ")
		if dash != "-" {
			return nil, fmt.Errorf("kubeadm: the first extraArgs item does not start its line")
		}
		item := prefix + "name: " + yamlpos.Quote(0, key, false) + nl + strings.Repeat(" ", len(prefix)) + "value: " + qv
		last := d.Span(args, false).End
		return []fact.Edit{textedit.InsertLineAfter(src, max(last-1, 0), item)}, nil
	case sec.local != nil && sec.local.Kind == yaml.MappingNode && sec.local.Style&yaml.FlowStyle == 0 && len(sec.local.Content) > 0 &&
		yamlpos.Get(sec.local, "extraArgs") == nil:
		first := d.Start(sec.local.Content[0])
		indent := string(src[textedit.LineStart(src, first):first])
		if strings.Trim(indent, " ") != "" {
			return nil, fmt.Errorf("kubeadm: the first key of etcd.local does not start its line")
		}
		text := indent + "extraArgs:" + nl + indent + "  "
		if sec.list {
			text += "- name: " + yamlpos.Quote(0, key, false) + nl + indent + "    value: " + qv
		} else {
			text += yamlpos.Quote(0, key, false) + ": " + qv
		}
		last := d.Span(sec.local, false).End
		return []fact.Edit{textedit.InsertLineAfter(src, max(last-1, 0), text)}, nil
	}
	return nil, fmt.Errorf("kubeadm: no etcd.local.extraArgs to add --%s to", in.Name)
}

// control is template markup that steers which lines exist.
var control = regexp.MustCompile(`\{%|(?m)^[ \t]*\{\{-?\s*(?:if|else|end|range|with|include|template)\b`)

// envOnly reports whether a map has keys and all of them are ETCD_*.
func envOnly(m *yaml.Node) bool {
	if m.Kind != yaml.MappingNode || len(m.Content) == 0 {
		return false
	}
	for i := 0; i < len(m.Content); i += 2 {
		if !strings.HasPrefix(m.Content[i].Value, "ETCD_") {
			return false
		}
	}
	return true
}

// flowInsert adds text as the last entry of the { } or [ ] at span.
func flowInsert(src []byte, span fact.Span, text string) fact.Edit {
	closing := span.End - 1
	inner := bytes.TrimSpace(src[span.Start+1 : closing])
	if len(inner) == 0 {
		return fact.Edit{Span: fact.Span{Start: span.Start + 1, End: closing}, NewText: text}
	}
	end := closing
	for end > span.Start+1 && bytes.IndexByte([]byte(" \t\r\n"), src[end-1]) >= 0 {
		end--
	}
	if inner[len(inner)-1] == ',' {
		return fact.Edit{Span: fact.Span{Start: end, End: end}, NewText: " " + text}
	}
	return fact.Edit{Span: fact.Span{Start: end, End: end}, NewText: ", " + text}
}
