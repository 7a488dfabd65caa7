package nested

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/lint/kinds/cmdline"
	"github.com/etcdlint/etcdlint/lint/kinds/shell"
	"github.com/etcdlint/etcdlint/lint/kinds/textedit"
	"github.com/etcdlint/etcdlint/lint/kinds/yamlpos"
)

// YAML reads commands embedded in a YAML file (Ansible tasks, cloud-init
// runcmd) with their spans in the file.
type YAML struct {
	Doc    *yamlpos.Doc
	Schema fact.Schema
	Facts  *fact.Facts
	Errs   []*fact.ParseError
}

// Get is the value of key in mapping m, or nil.
func Get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Command reads a command node: a string is shell code, a sequence an
// argument vector. env are ETCD_* settings that the command runs with.
func (y *YAML) Command(n *yaml.Node, env []*fact.Setting, items map[*fact.Setting]fact.Span) {
	var procs []*fact.Process
	switch n.Kind {
	case yaml.ScalarNode:
		sc, err := y.Doc.Scalar(n)
		if err != nil {
			return
		}
		found, errs := shell.ParseCommand(sc.Value, sc.Offsets, y.Schema)
		y.Errs = append(y.Errs, errs...)
		procs = found
	case yaml.SequenceNode:
		var words []cmdline.Word
		for _, item := range n.Content {
			sc, err := y.Doc.Scalar(item)
			if err != nil {
				return
			}
			words = append(words, cmdline.Word{Value: sc.Value, Span: sc.Span, Offsets: sc.Offsets, Dynamic: strings.Contains(sc.Value, "{{")})
		}
		if len(words) > 0 && cmdline.Program(words[0].Value) == cmdline.Etcd {
			p := &fact.Process{Form: fact.CommandLine, Anchor: words[0].Span, Render: listRenderer{last: words[len(words)-1].Span}}
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
		sc, err := y.Doc.Scalar(v)
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
// block sequence, one item per line.
type listRenderer struct {
	// last is the last item, after which new flags go.
	last fact.Span
}

func (r listRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	switch in.Kind {
	case fact.Replace:
		return cmdline.RenderReplace(src, in, quoteYAML), nil
	case fact.Remove:
		return []fact.Edit{textedit.RemoveLines(src, in.Setting.Span)}, nil
	case fact.Add:
		ls := textedit.LineStart(src, r.last.Start)
		indent := src[ls:r.last.Start]
		if trimmed := strings.TrimRight(string(indent), " \t"); !strings.HasSuffix(trimmed, "-") || strings.Trim(trimmed, " -") != "" {
			return nil, fmt.Errorf("YAML argument list: cannot add an item to a flow sequence")
		}
		return []fact.Edit{textedit.InsertLineAfter(src, r.last.Start, string(indent)+quoteYAML("--"+in.Name+"="+*in.Value))}, nil
	}
	return nil, fmt.Errorf("YAML argument list: cannot render intent %d", in.Kind)
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
