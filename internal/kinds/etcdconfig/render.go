package etcdconfig

import (
	"bytes"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Renderer renders intents on one parsed config file by editing bytes in
// place: comments, indentation and the style of every value that is not
// touched stay as they are.
type Renderer struct {
	doc     *yamlpos.Doc
	schema  fact.Schema
	root    *entry
	entries map[*fact.Setting]*entry
}

// listKeys are the keys etcd decodes as YAML lists ([]string fields of its
// config struct); the rest are scalars, comma-separated where they hold
// several URLs.
var listKeys = map[string]bool{"log-outputs": true, "log-output": true, "cipher-suites": true}

// Render implements fact.Renderer.
func (r *Renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	if in.Kind == fact.Add {
		return r.add(src, in)
	}
	e := r.entries[in.Setting]
	if e == nil {
		return nil, fmt.Errorf("config file: no key for setting %s", in.Setting.Raw)
	}
	switch in.Kind {
	case fact.Remove:
		return r.remove(src, e)
	case fact.Replace:
		s := in.Setting
		name := s.Name
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			if e.parent != r.root {
				return nil, fmt.Errorf("config file: cannot rename %s to %s: its key under %s is not known", s.Raw, in.Name, e.parent.key.Value)
			}
			name = in.Name
			edits = append(edits, fact.Edit{Span: e.keySpan, NewText: requote(src[e.keySpan.Start:e.keySpan.End], in.Name)})
		}
		switch {
		case in.Value != nil && in.Literal:
			lead := ""
			if e.valSpan.Len() == 0 {
				lead = " "
			}
			edits = append(edits, fact.Edit{Span: e.valSpan, NewText: lead + *in.Value})
		case in.Value != nil:
			edits = append(edits, r.value(src, e, name, *in.Value)...)
		case listKeys[name] && e.val.Kind == yaml.ScalarNode && e.val.Tag != "!!null":
			// log-output: stderr becomes log-outputs: [stderr]: etcd exits
			// on a scalar where it decodes a list
			edits = append(edits, r.value(src, e, name, s.Value)...)
		}
		return edits, nil
	}
	return nil, fmt.Errorf("config file: cannot render intent %d", in.Kind)
}

// value sets the value of e, keeping the style it is written in.
func (r *Renderer) value(src []byte, e *entry, flag, value string) []fact.Edit {
	v := e.val
	old := src[e.valSpan.Start:e.valSpan.End]
	lead := ""
	if e.valSpan.Len() == 0 {
		lead = " " // "key:" with no value
	}
	switch {
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0:
		return r.blockList(src, e, splitList(value))
	case v.Kind == yaml.SequenceNode:
		return []fact.Edit{{Span: e.valSpan, NewText: r.flowList(src, e.items, splitList(value))}}
	case listKeys[flag]:
		return []fact.Edit{{Span: e.valSpan, NewText: lead + r.flowList(src, nil, splitList(value))}}
	case v.Kind == yaml.ScalarNode && v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		var content fact.Span
		if sc, err := r.doc.Scalar(v); err == nil {
			content = sc.Content
		}
		lines := strings.Split(strings.TrimSuffix(value, "\n"), "\n")
		if content.Len() > 0 && value != "" && (len(lines) == 1 || v.Style&yaml.LiteralStyle != 0) {
			indent := textedit.Newline(src) + strings.Repeat(" ", r.doc.Column(content.Start))
			return []fact.Edit{{Span: content, NewText: strings.Join(lines, indent)}}
		}
		return []fact.Edit{{Span: e.valSpan, NewText: yamlpos.DoubleQuote(value)}}
	}
	oldType := "null"
	if v.Kind == yaml.ScalarNode && v.Style == 0 {
		oldType = resolve(string(old))
	}
	return []fact.Edit{{Span: e.valSpan, NewText: lead + r.scalar(flag, value, old, oldType, e.flow)}}
}

// scalar writes value in the quoting of old: double or single quotes stay,
// a plain value stays plain unless YAML would read it differently.
func (r *Renderer) scalar(flag, value string, old []byte, oldType string, flow bool) string {
	switch {
	case bytes.HasPrefix(old, []byte(`"`)):
		return yamlpos.DoubleQuote(value)
	case bytes.HasPrefix(old, []byte(`'`)) && !strings.ContainsAny(value, "\n\r"):
		return yamlpos.SingleQuote(value)
	}
	// A bool word stays plain only for a boolean key, a number only where a
	// number (or nothing) was.
	keeps := false
	switch resolve(value) {
	case "str":
		keeps = true
	case "bool":
		keeps = r.schema.IsBool(flag)
	case "int", "float":
		keeps = oldType == "int" || oldType == "float" || oldType == "null" || oldType == ""
	}
	if keeps && yamlpos.PlainText(value, flow) {
		return value
	}
	return yamlpos.DoubleQuote(value)
}

// flowList renders items as [a, b], copying the spacing and quoting of the
// old items when there are any.
func (r *Renderer) flowList(src []byte, old []fact.Span, items []string) string {
	sep, pad := ", ", ""
	var quote []byte
	if len(old) > 0 {
		quote = src[old[0].Start:old[0].End]
		if before := src[old[0].Start-1]; before == ' ' {
			pad = " "
		}
	}
	if len(old) > 1 && old[0].End <= old[1].Start {
		// (a mapping item, [a: 0, b], spans past the next item's start)
		if between := string(src[old[0].End:old[1].Start]); !strings.ContainsAny(between, "\r\n#") {
			sep = between
		}
	}
	var out []string
	for _, it := range items {
		out = append(out, r.scalar("", it, quote, "str", true))
	}
	if len(out) == 0 {
		return "[]"
	}
	return "[" + pad + strings.Join(out, sep) + pad + "]"
}

// blockList rewrites a block sequence item by item, adding or deleting
// item lines at its end.
func (r *Renderer) blockList(src []byte, e *entry, items []string) []fact.Edit {
	if len(items) == 0 {
		return []fact.Edit{{Span: fact.Span{Start: e.colon, End: e.valSpan.End}, NewText: " []"}}
	}
	var edits []fact.Edit
	for i, it := range items[:min(len(items), len(e.items))] {
		sp := e.items[i]
		edits = append(edits, fact.Edit{Span: sp, NewText: r.scalar("", it, src[sp.Start:sp.End], "str", false)})
	}
	last := e.items[len(e.items)-1]
	switch {
	case len(items) > len(e.items):
		prefix := string(src[textedit.LineStart(src, last.Start):last.Start])
		if strings.HasSuffix(prefix, "-") {
			prefix += " "
		}
		var lines []string
		for _, it := range items[len(e.items):] {
			lines = append(lines, prefix+r.scalar("", it, src[last.Start:last.End], "str", false))
		}
		edits = append(edits, textedit.InsertLineAfter(src, max(last.End-1, last.Start), strings.Join(lines, textedit.Newline(src))))
	case len(items) < len(e.items):
		edits = append(edits, textedit.RemoveLines(src, fact.Span{Start: e.items[len(items)].Start, End: last.End}))
	}
	return edits
}

// remove deletes the lines of e; a mapping left with no keys goes too.
func (r *Renderer) remove(src []byte, e *entry) ([]fact.Edit, error) {
	for e.parent != r.root && e.parent.children == 1 {
		e = e.parent
	}
	if e.flow {
		sp := fact.Span{Start: e.keySpan.Start, End: e.end()}
		after := sp.End
		for after < len(src) && isBlank(src[after]) {
			after++
		}
		if after < len(src) && src[after] == ',' {
			sp.End = after + 1
			for sp.End < len(src) && isBlank(src[sp.End]) {
				sp.End++
			}
		} else if before := bytes.LastIndexByte(src[:sp.Start], ','); before >= 0 && len(bytes.TrimSpace(src[before+1:sp.Start])) == 0 {
			sp.Start = before
		}
		return []fact.Edit{{Span: sp}}, nil
	}
	if ls := textedit.LineStart(src, e.keySpan.Start); len(bytes.Trim(src[ls:e.keySpan.Start], " ")) > 0 {
		return nil, fmt.Errorf("config file: key %s does not start its line", e.key.Value)
	}
	return []fact.Edit{textedit.RemoveLines(src, fact.Span{Start: e.keySpan.Start, End: e.end()})}, nil
}

// add appends "key: value" after the last top-level key, indented like
// the first one. In a template, it goes at the end of the file so that it
// lands outside any {% if %} block.
func (r *Renderer) add(src []byte, in fact.Intent) ([]fact.Edit, error) {
	top := r.root.val
	if top.Style&yaml.FlowStyle != 0 {
		return nil, fmt.Errorf("config file: cannot add %s to a flow mapping", in.Name)
	}
	value := ""
	if in.Value != nil {
		value = *in.Value
	}
	text := in.Name + ": " + r.scalar(in.Name, value, nil, "", false)
	if listKeys[in.Name] {
		text = in.Name + ": " + r.flowList(src, nil, splitList(value))
	}
	if len(top.Content) == 0 {
		return []fact.Edit{textedit.InsertLineAfter(src, max(len(src)-1, 0), text)}, nil
	}
	first := r.doc.Start(top.Content[0])
	if indent := src[textedit.LineStart(src, first):first]; len(bytes.Trim(indent, " ")) == 0 {
		text = string(indent) + text
	}
	last := r.root.valSpan.End
	if bytes.Contains(src[last:], []byte("{%")) || bytes.Contains(src[last:], []byte("{{")) {
		last = len(src)
	}
	return []fact.Edit{textedit.InsertLineAfter(src, max(last-1, 0), text)}, nil
}

// splitList splits a comma-joined list value.
func splitList(value string) []string {
	var out []string
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// requote writes name in the quoting of the old key token.
func requote(old []byte, name string) string {
	if len(old) > 0 && (old[0] == '"' || old[0] == '\'') {
		return string(old[0]) + name + string(old[0])
	}
	return name
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }
