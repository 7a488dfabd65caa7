// Package yamlcmd reads the commands a YAML file runs (Ansible tasks,
// cloud-init runcmd, CI steps, compose-like vectors) with their spans in the
// file, and the etcd processes and client runs among them.
package yamlcmd

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// YAML reads commands embedded in a YAML file (Ansible tasks, cloud-init
// runcmd) with their spans in the file.
type YAML struct {
	// Doc indexes the parsed text: the file with template markup masked.
	Doc *yamlpos.Doc
	// Src is the file as written; scalars read back the template markup
	// that masking hid, so commands and values keep it (nil: Doc's text).
	Src    []byte
	Schema fact.Schema
	Facts  *fact.Facts
	Errs   []*fact.ParseError
	// Kinds classifies the files a shell command's here-documents write;
	// nil skips them.
	Kinds fact.Classifier
	// JoinLines reads the newlines of a command string as spaces (Ansible's
	// command module splits its string into words, a folded scalar's kept
	// line breaks included).
	JoinLines bool
}

// Command reads a command node: a string is shell code, a sequence an
// argument vector. env are ETCD_* settings that the command runs with.
func (y *YAML) Command(n *yaml.Node, env []*fact.Setting, items map[*fact.Setting]fact.Span) {
	var procs []*fact.Process
	switch n.Kind {
	case yaml.ScalarNode:
		sc, err := y.scalar(n)
		if err != nil {
			return
		}
		code := sc.Value
		if y.JoinLines {
			code = strings.ReplaceAll(code, "\n", " ")
		}
		if y.Kinds != nil && !y.JoinLines {
			found, written, errs := shellcmd.ParseEmbedded(code, sc.Offsets, nested.YAMLScalar(n.Style), y.Schema, y.Kinds)
			y.Errs = append(y.Errs, errs...)
			y.Facts.Merge(written)
			procs = found
			break
		}
		found, errs := shellcmd.ParseCommand(code, sc.Offsets, y.Schema)
		y.Errs = append(y.Errs, errs...)
		procs = found
	case yaml.SequenceNode:
		var words []cmdline.Word
		var items []*yamlpos.Scalar
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode {
				return
			}
			sc, err := y.scalar(item)
			if err != nil {
				return
			}
			words = append(words, cmdline.Word{Value: sc.Value, Span: sc.Span, Offsets: sc.Offsets, Dynamic: strings.Contains(sc.Value, "{{")})
			items = append(items, sc)
		}
		if len(words) > 0 && cmdline.Program(words[0].Value) == cmdline.Etcd {
			p := &fact.Process{Form: fact.CommandLine, Anchor: words[0].Span, Render: listRenderer{items: items, flow: n.Style&yaml.FlowStyle != 0}}
			cmdline.Parse(p, words[1:], y.Schema)
			procs = append(procs, p)
		}
	}
	var main *fact.Process
	for _, p := range procs {
		if p.Form == fact.CommandLine && main == nil {
			main = p
		}
	}
	y.Facts.Processes = append(y.Facts.Processes, procs...)
	if main == nil || len(env) == 0 {
		return
	}
	for _, s := range env {
		s.Process = main
	}
	main.Settings = append(append([]*fact.Setting(nil), env...), main.Settings...)
	main.Render = &envRenderer{items: items, cmd: main.Render}
}

// Scalar is n decoded with its offsets and its template markup as written.
func (y *YAML) Scalar(n *yaml.Node) (*yamlpos.Scalar, error) { return y.scalar(n) }

// scalar decodes n with offsets; bytes the file writes verbatim read as
// in Src, so masked template markup comes back.
func (y *YAML) scalar(n *yaml.Node) (*yamlpos.Scalar, error) {
	sc, err := y.Doc.Scalar(n)
	if err != nil || y.Src == nil {
		return sc, err
	}
	b := []byte(sc.Value)
	for i := range b {
		if sc.Verbatim(i) {
			b[i] = y.Src[sc.Offsets[i]]
		}
	}
	sc.Value = string(b)
	return sc, nil
}

// Env reads the ETCD_* keys of an environment mapping; items records the
// line span of each for removal.
func (y *YAML) Env(m *yaml.Node, items map[*fact.Setting]fact.Span) []*fact.Setting {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var out []*fact.Setting
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if !strings.HasPrefix(k.Value, "ETCD_") || v.Kind != yaml.ScalarNode {
			continue
		}
		sc, err := y.scalar(v)
		if err != nil {
			continue
		}
		ks := y.Doc.KeySpan(k, false)
		s := &fact.Setting{
			Name: y.Schema.FlagForEnv(k.Value), Surface: fact.Env, Raw: k.Value,
			Span: fact.Span{Start: ks.Start, End: sc.Span.End}, NameSpan: ks,
			Value: sc.Value, HasValue: true, ValueSpan: sc.Span, Templated: strings.Contains(sc.Value, "{{"),
		}
		items[s] = s.Span
		out = append(out, s)
	}
	return out
}

// listRenderer renders intents on an argument vector written as a YAML
// sequence: a block sequence, one item per line, or a flow [ ] list.
type listRenderer struct {
	items []*yamlpos.Scalar
	flow  bool
}

func (r listRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	switch in.Kind {
	case fact.Replace:
		return r.replace(src, in)
	case fact.Remove:
		if r.flow {
			e, _ := textedit.RemoveListItems(src, in.Setting.Span)
			return []fact.Edit{e}, nil
		}
		return []fact.Edit{textedit.RemoveLines(src, in.Setting.Span)}, nil
	case fact.Add:
		if in.Value == nil {
			return nil, fmt.Errorf("YAML argument list: no value to add for %s", in.Name)
		}
		word := "--" + in.Name + "=" + *in.Value
		last := r.items[len(r.items)-1].Span
		if r.flow {
			return []fact.Edit{{Span: fact.Span{Start: last.End, End: last.End}, NewText: ", " + quoteItem(word, true)}}, nil
		}
		ls := textedit.LineStart(src, last.Start)
		indent := src[ls:last.Start]
		if trimmed := strings.TrimRight(string(indent), " \t"); !strings.HasSuffix(trimmed, "-") || strings.Trim(trimmed, " -") != "" {
			return nil, fmt.Errorf("YAML argument list: the last item is not on a line of its own")
		}
		return []fact.Edit{textedit.InsertLineAfter(src, max(last.End-1, last.Start), string(indent)+quoteItem(word, false))}, nil
	}
	return nil, fmt.Errorf("YAML argument list: cannot render intent %d", in.Kind)
}

// replace renames a flag and/or sets its value inside the item scalars,
// escaped for each scalar's style.
func (r listRenderer) replace(src []byte, in fact.Intent) ([]fact.Edit, error) {
	edits := cmdline.RenderReplace(src, in, func(v string) string { return quoteItem(v, r.flow) })
	for i, e := range edits {
		sc := r.scalarAt(e.Span)
		if sc == nil || e.Span == sc.Span {
			continue // a whole item, quoted already
		}
		text, err := yamlpos.Escape(sc.Style, e.NewText, r.flow)
		if err != nil {
			return nil, fmt.Errorf("YAML argument list: %v", err)
		}
		edits[i].NewText = text
	}
	return edits, nil
}

// scalarAt is the item whose text holds span.
func (r listRenderer) scalarAt(span fact.Span) *yamlpos.Scalar {
	for _, sc := range r.items {
		if sc.Span.Contains(span) {
			return sc
		}
	}
	return nil
}

// quoteItem writes a whole list item: plain when it reads back as the
// same string (a "--flag=value" item starts a plain scalar at its dash).
func quoteItem(v string, flow bool) string {
	if yamlpos.PlainSafe(v, flow) || strings.HasPrefix(v, "-") && yamlpos.PlainSafe("x"+strings.TrimLeft(v, "-"), flow) {
		return v
	}
	return yamlpos.DoubleQuote(v)
}

func quoteYAML(v string) string {
	if yamlpos.PlainSafe(v, false) {
		return v
	}
	return yamlpos.DoubleQuote(v)
}

// envRenderer renders environment map entries itself, flags through the
// command's renderer.
type envRenderer struct {
	items map[*fact.Setting]fact.Span
	cmd   fact.Renderer
}

func (r *envRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	line, isEnv := r.items[in.Setting]
	switch {
	case isEnv && in.Kind == fact.Remove:
		return []fact.Edit{textedit.RemoveLines(src, line)}, nil
	case isEnv && in.Kind == fact.Replace:
		s := in.Setting
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: fact.EnvName(in.Name)})
		}
		if in.Value != nil {
			old := string(src[s.ValueSpan.Start:s.ValueSpan.End])
			v := quoteYAML(*in.Value)
			if len(old) > 0 && (old[0] == '"' || old[0] == '\'') {
				v = textedit.Requote(old, *in.Value)
			}
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: v})
		}
		return edits, nil
	case r.cmd != nil:
		return r.cmd.Render(src, in)
	}
	return nil, fmt.Errorf("cannot render intent %d", in.Kind)
}
