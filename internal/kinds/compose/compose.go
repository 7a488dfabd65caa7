// Package compose is the file kind for docker-compose and compose.yaml
// files: services that run etcd through their command, entrypoint or
// image, with their environment.
package compose

import (
	"path"
	"regexp"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the compose file kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "compose" }

var (
	composeName = regexp.MustCompile(`^(?:docker-)?compose(?:[.-].*)?\.ya?ml$`)
	services    = fastre.MustCompile(`(?m)^services:[ \t]*\r?$`)
	serviceKey  = fastre.MustCompile(`(?m)^[ \t]+(?:image|build|command|entrypoint):`)
	apiVersion  = fastre.MustCompile(`(?m)^apiVersion:`)
)

func (kind) Match(p string, src []byte) bool {
	base := path.Base(p)
	if ext := path.Ext(base); ext != ".yml" && ext != ".yaml" {
		return false
	}
	if !services.Match(src) || apiVersion.Match(src) {
		return false
	}
	return composeName.MatchString(base) || serviceKey.Match(src)
}

func (kind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	f := podspec.NewFile(src, schema)
	facts := &fact.Facts{}
	for _, doc := range f.Documents() {
		svcs, _ := yamlpos.Lookup(doc, "services")
		if svcs == nil || svcs.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(svcs.Content); i += 2 {
			facts.Processes = append(facts.Processes, service(f, svcs.Content[i], svcs.Content[i+1])...)
			facts.Merge(clients(f, svcs.Content[i+1]))
		}
	}
	return facts, f.Errors()
}

// service reads one service. Compose runs entrypoint + command; a command
// string is split like a shell line, a list is taken item by item.
func service(f *podspec.File, name, svc *yaml.Node) []*fact.Process {
	if svc.Kind != yaml.MappingNode {
		return nil
	}
	image, _ := yamlpos.Lookup(svc, "image")
	entry, _ := yamlpos.Lookup(svc, "entrypoint")
	cmd, _ := yamlpos.Lookup(svc, "command")
	l := &podspec.Launch{
		EtcdImage: image != nil && podspec.EtcdImage(image.Value),
		Env:       environment(f, svc),
		Span:      f.Doc.Span(svc, false),
		Anchor:    f.Doc.KeySpan(name, false),
	}
	if image != nil {
		l.Anchor = f.Doc.Span(image, false)
	}
	if ef, _ := yamlpos.Lookup(svc, "env_file"); ef != nil {
		l.Partial = true
	}
	switch {
	case entry != nil && entry.Kind == yaml.ScalarNode && strings.ContainsAny(strings.TrimSpace(entry.Value), " \t\n"):
		l.Script, _ = f.Text(entry)
	case entry != nil && entry.Kind == yaml.ScalarNode:
		l.Argv, l.Command = f.Items(&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{entry}}), true
		l.Argv = append(l.Argv, f.Items(cmd)...)
	case entry != nil:
		l.Argv, l.Command = append(f.Items(entry), f.Items(cmd)...), len(entry.Content) > 0
	case cmd != nil && cmd.Kind == yaml.ScalarNode:
		if sc, ok := f.Text(cmd); ok {
			l.Script = sc
			if l.EtcdImage && strings.HasPrefix(strings.TrimSpace(sc.Value), "-") {
				l.ScriptPrefix = "etcd "
			}
		}
	default:
		l.Argv, l.Command = f.Items(cmd), true
	}
	return f.Processes(l)
}

// envEntry is one variable of a service's environment: a map entry
// (KEY: value) or a list item (- KEY=value).
type envEntry struct {
	name  string
	key   fact.Span // the name as written
	whole fact.Span // the entry
	// value holds the value from byte from on (after "KEY=" in a list
	// item); nil when compose takes the value from its own environment
	// (KEY: with nothing, or "- KEY").
	value      *yamlpos.Scalar
	from       int
	list, flow bool
}

// envEntries are the variables of a service's environment whose names
// start with prefix.
func envEntries(f *podspec.File, svc *yaml.Node, prefix string) []envEntry {
	n, _ := yamlpos.Lookup(svc, "environment")
	if n == nil {
		return nil
	}
	flow := n.Style&yaml.FlowStyle != 0
	var out []envEntry
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !strings.HasPrefix(k.Value, prefix) || v.Kind != yaml.ScalarNode {
				continue
			}
			e := envEntry{name: k.Value, key: f.Doc.KeySpan(k, flow), flow: flow}
			e.whole = e.key
			if v.Tag != "!!null" || v.Value != "" {
				sc, ok := f.Text(v)
				if !ok {
					continue
				}
				e.value, e.whole.End = sc, sc.Span.End
			}
			out = append(out, e)
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			if it.Kind != yaml.ScalarNode || !strings.HasPrefix(it.Value, prefix) {
				continue
			}
			sc, ok := f.Text(it)
			if !ok {
				continue
			}
			name, _, has := strings.Cut(sc.Value, "=")
			e := envEntry{name: name, key: fact.Span{Start: sc.Offsets[0], End: sc.Offsets[len(name)]}, whole: sc.Span, list: true, flow: flow}
			if has {
				e.value, e.from = sc, len(name)+1
			}
			out = append(out, e)
		}
	}
	return out
}

// environment reads the ETCD_* variables of a service.
func environment(f *podspec.File, svc *yaml.Node) *podspec.Env {
	env := &podspec.Env{}
	for _, e := range envEntries(f, svc, "ETCD_") {
		s := &fact.Setting{Name: f.Schema.FlagForEnv(e.name), Surface: fact.Env, Raw: e.name, Span: e.whole, NameSpan: e.key, HasValue: true}
		if e.value == nil {
			// the value is taken from compose's own environment
			s.Templated = true
			env.Add(s, e.whole, nil, e.list, e.flow)
			continue
		}
		sc := e.value
		s.Value = sc.Value[e.from:]
		s.ValueSpan = sc.Span
		if e.list {
			s.ValueSpan = fact.Span{Start: sc.Offsets[e.from], End: sc.Offsets[len(sc.Value)]}
		}
		s.Templated = f.Masked.Templated(sc.Span) || strings.Contains(s.Value, "$")
		env.Add(s, e.whole, sc, e.list, e.flow)
	}
	return env
}

// clients reads the etcdctl, etcdutl and curl runs of a service: its
// command (after its entrypoint) and its healthcheck's test, with the
// service's ETCDCTL_* variables in effect.
func clients(f *podspec.File, svc *yaml.Node) *fact.Facts {
	out := &fact.Facts{}
	if svc.Kind != yaml.MappingNode {
		return out
	}
	env := clientEnv(f, svc)
	merge := func(g *fact.Facts) {
		// ETCDCTL_ENDPOINTS of the environment comes with every run: once
		// is enough
		g.Endpoints = slices.DeleteFunc(g.Endpoints, func(e *fact.Endpoint) bool {
			return e.Address != "" && slices.ContainsFunc(out.Endpoints, func(o *fact.Endpoint) bool { return o.Span == e.Span && o.Address == e.Address })
		})
		out.Merge(g)
	}
	argv := func(items []*podspec.Item) {
		var words []cmdline.Word
		for _, it := range items {
			words = append(words, it.Word)
		}
		if len(words) > 0 {
			merge(shellcmd.ArgvClients(words, env, f.Schema))
		}
	}
	code := func(n *yaml.Node) {
		if sc, ok := f.Text(n); ok && n.Kind == yaml.ScalarNode {
			merge(shellcmd.ClientsWithEnv(sc.Value, sc.Offsets, env, f.Schema))
		}
	}
	entry, _ := yamlpos.Lookup(svc, "entrypoint")
	cmd, _ := yamlpos.Lookup(svc, "command")
	switch {
	case entry != nil && entry.Kind == yaml.SequenceNode:
		argv(append(f.Items(entry), f.Items(cmd)...))
	case entry == nil && cmd != nil && cmd.Kind == yaml.SequenceNode:
		argv(f.Items(cmd))
	case entry == nil && cmd != nil:
		code(cmd)
	}
	// test: ["CMD", "etcdctl", …] runs the words, ["CMD-SHELL", "…"] and
	// a string run a shell
	hc, _ := yamlpos.Lookup(svc, "healthcheck")
	if test, _ := yamlpos.Lookup(hc, "test"); test != nil {
		switch items := f.Items(test); {
		case test.Kind == yaml.ScalarNode:
			code(test)
		case len(items) > 1 && items[0].Value == "CMD":
			argv(items[1:])
		case len(items) == 2 && items[0].Value == "CMD-SHELL":
			code(test.Content[1])
		}
	}
	return out
}

// clientEnv is the ETCDCTL_* variables of a service, each value read as
// one word.
func clientEnv(f *podspec.File, svc *yaml.Node) []shellcmd.EnvWord {
	var out []shellcmd.EnvWord
	for _, e := range envEntries(f, svc, "ETCDCTL_") {
		if sc := e.value; sc != nil {
			out = append(out, shellcmd.EnvWord{Name: e.name, Span: e.whole,
				Value: cmdline.Word{Value: sc.Value[e.from:], Span: fact.Span{Start: sc.Offsets[e.from], End: sc.Offsets[len(sc.Value)]}, Offsets: sc.Offsets[e.from:], Dynamic: strings.Contains(sc.Value, "$")}})
		}
	}
	return out
}
