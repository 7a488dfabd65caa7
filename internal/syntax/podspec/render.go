package podspec

import (
	"bytes"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Env is the ETCD_* variables of a container or service.
type Env struct {
	Settings []*fact.Setting
	entries  map[*fact.Setting]*envEntry
}

// envEntry is how a variable is written, for rendering.
type envEntry struct {
	// whole is the entry as written (a "- name: … value: …" item, a
	// "KEY: value" pair, a "- KEY=VALUE" item).
	whole fact.Span
	// value is the scalar holding the value; inline means it is the
	// "KEY=VALUE" item itself and the value is its tail.
	value  *yamlpos.Scalar
	inline bool
	flow   bool
}

// Add records a variable: whole is its entry, value the scalar of its value
// (nil when there is none), inline when value is a "KEY=VALUE" item.
func (e *Env) Add(s *fact.Setting, whole fact.Span, value *yamlpos.Scalar, inline, flow bool) {
	if e.entries == nil {
		e.entries = map[*fact.Setting]*envEntry{}
	}
	e.Settings = append(e.Settings, s)
	e.entries[s] = &envEntry{whole: whole, value: value, inline: inline, flow: flow}
}

// Attach makes the variables settings of p, rendered by p's renderer.
func (e *Env) Attach(p *fact.Process) {
	for _, s := range e.Settings {
		s.Process = p
	}
	p.Settings = append(append([]*fact.Setting(nil), e.Settings...), p.Settings...)
	if r, ok := p.Render.(*Renderer); ok {
		r.env = e.entries
	}
}

// EnvProcess is a process made only of variables whose command line is
// elsewhere (a ConfigMap read with envFrom, Helm values).
func EnvProcess(e *Env, anchor fact.Span) *fact.Process {
	p := &fact.Process{Form: fact.EnvFile, Partial: true, Anchor: anchor, Render: &Renderer{}}
	e.Attach(p)
	return p
}

// Renderer renders intents on a container or service: flags as YAML list
// items, variables as env entries, and anything written inside a shell
// string through the shell renderer, escaped for the YAML scalar.
type Renderer struct {
	items map[*fact.Setting][]*Item
	last  *Item
	env   map[*fact.Setting]*envEntry
	inner fact.Renderer
}

// Render implements fact.Renderer.
func (r *Renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	if e, ok := r.env[in.Setting]; ok && in.Setting != nil {
		return e.render(src, in)
	}
	if items, ok := r.items[in.Setting]; ok && in.Setting != nil {
		switch in.Kind {
		case fact.Remove:
			return removeItems(src, items), nil
		case fact.Replace:
			return replaceFlag(in, items)
		}
	}
	if in.Kind == fact.Add && r.last != nil {
		return r.add(src, in)
	}
	if r.inner != nil {
		return r.inner.Render(src, in)
	}
	return nil, fmt.Errorf("YAML: no argument list to render intent %d in", in.Kind)
}

// removeItems deletes argument items: their lines in a block list, the
// items and one separating comma in a flow list.
func removeItems(src []byte, items []*Item) []fact.Edit {
	first, last := items[0], items[len(items)-1]
	if !first.Flow {
		return []fact.Edit{textedit.RemoveLines(src, fact.Span{Start: first.Span.Start, End: last.Span.End})}
	}
	start, end := first.Span.Start, last.Span.End
	i := start
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] == ',' {
		return []fact.Edit{{Span: fact.Span{Start: i - 1, End: end}}}
	}
	j := end
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j < len(src) && src[j] == ',' {
		j++
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		end = j
	}
	return []fact.Edit{{Span: fact.Span{Start: start, End: end}}}
}

// replaceFlag renames a flag item and/or sets its value, keeping each
// item's quoting.
func replaceFlag(in fact.Intent, items []*Item) ([]fact.Edit, error) {
	s := in.Setting
	var edits []fact.Edit
	if in.Name != "" && in.Name != s.Name {
		edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: in.Name})
	}
	if in.Value == nil {
		return edits, nil
	}
	flag := items[0]
	switch {
	case len(items) > 1:
		v := items[1]
		edits = append(edits, fact.Edit{Span: v.Span, NewText: yamlpos.Quote(v.Scalar.Style, *in.Value, v.Flow)})
	case !s.HasValue:
		text, err := yamlpos.Escape(flag.Scalar.Style, "="+*in.Value, flag.Flow)
		if err != nil {
			return nil, err
		}
		edits = append(edits, fact.Edit{Span: fact.Span{Start: s.NameSpan.End, End: s.NameSpan.End}, NewText: text})
	default:
		text, err := yamlpos.Escape(flag.Scalar.Style, *in.Value, flag.Flow)
		if err != nil {
			return nil, err
		}
		edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: text})
	}
	return edits, nil
}

// add appends "--name=value" after the last argument item, as a new line
// with the same indentation in a block list.
func (r *Renderer) add(src []byte, in fact.Intent) ([]fact.Edit, error) {
	last := r.last
	word := "--" + in.Name
	if in.Value != nil {
		word += "=" + *in.Value
	}
	if last.Flow {
		return []fact.Edit{{Span: fact.Span{Start: last.Span.End, End: last.Span.End}, NewText: ", " + quoteFlag(word, true)}}, nil
	}
	lineStart := textedit.LineStart(src, last.Span.Start)
	dash := bytes.LastIndexByte(src[lineStart:last.Span.Start], '-')
	if dash < 0 || strings.TrimSpace(string(src[lineStart:lineStart+dash])) != "" {
		return nil, fmt.Errorf("YAML: the last argument is not on a line of its own")
	}
	indent := string(src[lineStart : lineStart+dash])
	return []fact.Edit{textedit.InsertLineAfter(src, last.Span.End, indent+"- "+quoteFlag(word, false))}, nil
}

// quoteFlag writes a "--name=value" item plain when it reads back as the
// same string: a dash followed by a non-blank starts a plain scalar, so
// only the rest needs checking.
func quoteFlag(word string, flow bool) string {
	if yamlpos.PlainSafe("x"+strings.TrimLeft(word, "-"), flow) {
		return word
	}
	return yamlpos.DoubleQuote(word)
}

// render renders an intent on an environment entry.
func (e *envEntry) render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	s := in.Setting
	switch in.Kind {
	case fact.Remove:
		if e.flow {
			return nil, fmt.Errorf("YAML: cannot remove %s from a flow collection", s.Raw)
		}
		return []fact.Edit{textedit.RemoveLines(src, e.whole)}, nil
	case fact.Replace:
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: fact.EnvName(in.Name)})
		}
		if in.Value == nil {
			return edits, nil
		}
		switch {
		case e.value == nil:
			return nil, fmt.Errorf("YAML: %s has no value written in the file", s.Raw)
		case e.inline:
			text, err := yamlpos.Escape(e.value.Style, *in.Value, e.flow)
			if err != nil {
				return nil, err
			}
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: text})
		default:
			style := e.value.Style
			if style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				style = yaml.DoubleQuotedStyle
			}
			edits = append(edits, fact.Edit{Span: e.value.Span, NewText: yamlpos.Quote(style, *in.Value, e.flow)})
		}
		return edits, nil
	}
	return nil, fmt.Errorf("YAML: cannot render intent %d on an environment variable", in.Kind)
}

// scalarRenderer runs the shell renderer on a script held in a YAML
// scalar and rewrites its edits for the scalar's style; it refuses an edit
// the style cannot take without changing the script's other lines.
type scalarRenderer struct {
	inner fact.Renderer
	sc    *yamlpos.Scalar
}

func (r *scalarRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	edits, err := r.inner.Render(src, in)
	if err != nil {
		return nil, err
	}
	sc := r.sc
	literal := sc.Style&yaml.LiteralStyle != 0
	for i, e := range edits {
		if !sc.Content.Contains(e.Span) && !(e.Span.Len() == 0 && e.Span.Start == sc.Content.End) {
			return nil, fmt.Errorf("YAML: the edit leaves the %s scalar holding the script", yamlpos.StyleName(sc.Style))
		}
		removed := src[e.Span.Start:e.Span.End]
		if !literal && bytes.ContainsAny(removed, "\r\n") {
			return nil, fmt.Errorf("YAML: the edit would change the lines of a %s scalar, which changes how it folds; edit it by hand", yamlpos.StyleName(sc.Style))
		}
		text, err := yamlpos.Escape(sc.Style, e.NewText, false)
		if err != nil {
			return nil, err
		}
		if !literal && emptiesLine(src, e.Span, text) {
			return nil, fmt.Errorf("YAML: the edit would leave an empty line in a %s scalar, which folds into a line break; edit it by hand", yamlpos.StyleName(sc.Style))
		}
		edits[i].NewText = text
	}
	return edits, nil
}

// emptiesLine reports whether replacing span with text leaves its line
// blank.
func emptiesLine(src []byte, span fact.Span, text string) bool {
	ls := textedit.LineStart(src, span.Start)
	le := len(src)
	if i := bytes.IndexAny(src[span.End:], "\r\n"); i >= 0 {
		le = span.End + i
	}
	line := string(src[ls:span.Start]) + text + string(src[span.End:le])
	return strings.TrimSpace(line) == "" && strings.TrimSpace(string(src[ls:le])) != ""
}
