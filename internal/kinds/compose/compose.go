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
	services    = regexp.MustCompile(`(?m)^services:[ \t]*\r?$`)
	serviceKey  = regexp.MustCompile(`(?m)^[ \t]+(?:image|build|command|entrypoint):`)
	apiVersion  = regexp.MustCompile(`(?m)^apiVersion:`)
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

// environment reads the ETCD_* variables of a service, written as a map
// (KEY: value) or a list (- KEY=value).
func environment(f *podspec.File, svc *yaml.Node) *podspec.Env {
	env := &podspec.Env{}
	n, _ := yamlpos.Lookup(svc, "environment")
	if n == nil {
		return env
	}
	flow := n.Style&yaml.FlowStyle != 0
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !strings.HasPrefix(k.Value, "ETCD_") || v.Kind != yaml.ScalarNode {
				continue
			}
			ks := f.Doc.KeySpan(k, flow)
			s := &fact.Setting{Name: f.Schema.FlagForEnv(k.Value), Surface: fact.Env, Raw: k.Value, NameSpan: ks, HasValue: true}
			if v.Tag == "!!null" && v.Value == "" {
				// the value is taken from compose's own environment
				s.Span, s.Templated = ks, true
				env.Add(s, ks, nil, false, flow)
				continue
			}
			sc, ok := f.Text(v)
			if !ok {
				continue
			}
			s.Span = fact.Span{Start: ks.Start, End: sc.Span.End}
			s.Value, s.ValueSpan = sc.Value, sc.Span
			s.Templated = f.Masked.Templated(sc.Span) || strings.Contains(sc.Value, "$")
			env.Add(s, s.Span, sc, false, flow)
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			if it.Kind != yaml.ScalarNode || !strings.HasPrefix(it.Value, "ETCD_") {
				continue
			}
			sc, ok := f.Text(it)
			if !ok {
				continue
			}
			key, value, has := strings.Cut(sc.Value, "=")
			s := &fact.Setting{
				Name: f.Schema.FlagForEnv(key), Surface: fact.Env, Raw: key, Span: sc.Span,
				NameSpan: fact.Span{Start: sc.Offsets[0], End: sc.Offsets[len(key)]},
				HasValue: true, Value: value,
			}
			if has {
				s.ValueSpan = fact.Span{Start: sc.Offsets[len(key)+1], End: sc.Offsets[len(sc.Value)]}
				s.Templated = f.Masked.Templated(sc.Span) || strings.Contains(value, "$")
				env.Add(s, sc.Span, sc, true, flow)
			} else {
				s.Templated = true
				env.Add(s, sc.Span, nil, true, flow)
			}
		}
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

// clientEnv is the ETCDCTL_* variables of a service's environment, as a
// map (KEY: value) or a list (- KEY=value).
func clientEnv(f *podspec.File, svc *yaml.Node) []shellcmd.EnvWord {
	n, _ := yamlpos.Lookup(svc, "environment")
	if n == nil {
		return nil
	}
	var out []shellcmd.EnvWord
	add := func(name string, key fact.Span, sc *yamlpos.Scalar, from int) {
		out = append(out, shellcmd.EnvWord{Name: name, Span: fact.Span{Start: key.Start, End: sc.Span.End},
			Value: cmdline.Word{Value: sc.Value[from:], Span: fact.Span{Start: sc.Offsets[from], End: sc.Span.End}, Offsets: sc.Offsets[from:], Dynamic: strings.Contains(sc.Value, "$")}})
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !strings.HasPrefix(k.Value, "ETCDCTL_") || v.Kind != yaml.ScalarNode {
				continue
			}
			if sc, ok := f.Text(v); ok {
				add(k.Value, f.Doc.KeySpan(k, n.Style&yaml.FlowStyle != 0), sc, 0)
			}
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			name, _, ok := strings.Cut(it.Value, "=")
			if it.Kind != yaml.ScalarNode || !ok || !strings.HasPrefix(name, "ETCDCTL_") {
				continue
			}
			if sc, ok := f.Text(it); ok && strings.HasPrefix(sc.Value, name+"=") {
				add(name, sc.Span, sc, len(name)+1)
			}
		}
	}
	return out
}
