package kubeadm

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Distributions reads the configurations of the platforms and installers
// that start etcd for their users, like kubeadm does, each in its own
// place: k3s and rke2 (etcd-arg: "key=value" items), RKE
// (services.etcd.extra_args, .extra_env, .image), Talos
// (cluster.etcd.extraArgs, .image), kOps (spec.etcdClusters[]: version,
// image, manager.env), the etcd operators' EtcdCluster (spec.version,
// spec.repository) and Patroni (an etcd: section talks to the v2 API).
// Settings whose span is in skip were read by the file's kind already.
func Distributions(src []byte, schema fact.Schema, skip []fact.Span) *fact.Facts {
	f := podspec.NewFile(src, schema)
	r := newRenderer(f)
	d := &distro{r: r, items: map[*fact.Setting]*yamlpos.Scalar{}, facts: &fact.Facts{}, skip: skip}
	for _, doc := range f.Documents() {
		if doc.Kind != yaml.MappingNode {
			continue
		}
		d.k3s(doc)
		d.rke(doc)
		d.talos(doc)
		d.kops(doc)
		d.operator(doc)
		d.patroni(doc)
	}
	return d.facts
}

type distro struct {
	r *Renderer
	// items are the settings written as "key=value" list items.
	items map[*fact.Setting]*yamlpos.Scalar
	facts *fact.Facts
	skip  []fact.Span
}

// process starts an etcd process anchored at key; the platform adds the
// flags it manages itself, so unset settings are not reported.
func (d *distro) process(key *yaml.Node) *fact.Process {
	return &fact.Process{Form: fact.CommandLine, Partial: true, Anchor: d.r.f.Doc.KeySpan(key, false), Render: d}
}

// add keeps a process that has settings no other kind read.
func (d *distro) add(p *fact.Process) {
	for _, s := range p.Settings {
		for _, sk := range d.skip {
			if s.Span.Overlaps(sk) {
				return
			}
		}
	}
	if len(p.Settings) > 0 {
		d.facts.Processes = append(d.facts.Processes, p)
	}
}

// k3s reads the etcd-arg option of a k3s or rke2 config.yaml: a list of
// "key=value" items or one such string, each a flag of the embedded etcd.
// rke2's own options (debug: true) are not etcd's.
func (d *distro) k3s(doc *yaml.Node) {
	args, key := yamlpos.Lookup(doc, "etcd-arg")
	if args == nil {
		return
	}
	p := d.process(key)
	switch args.Kind {
	case yaml.SequenceNode:
		for _, it := range args.Content {
			d.item(p, it, fact.Flag)
		}
	case yaml.ScalarNode:
		d.item(p, args, fact.Flag)
	}
	d.add(p)
}

// rke reads RKE's cluster.yml: services.etcd holds extra_args (flags),
// extra_env ("ETCD_X=value" items) and the image.
func (d *distro) rke(doc *yaml.Node) {
	etcd, p := d.section(doc, "services", "extra_args")
	if etcd == nil {
		return
	}
	if env := yamlpos.Get(etcd, "extra_env"); env != nil && env.Kind == yaml.SequenceNode {
		for _, it := range env.Content {
			d.item(p, it, fact.Env)
		}
	}
	d.add(p)
}

// talos reads a Talos machine config's cluster.etcd.extraArgs.
func (d *distro) talos(doc *yaml.Node) {
	if _, p := d.section(doc, "cluster", "extraArgs"); p != nil {
		d.add(p)
	}
}

// section starts the process of the etcd mapping under parent, with the
// flags of its args mapping; nil when there is no such mapping.
func (d *distro) section(doc *yaml.Node, parent, args string) (*yaml.Node, *fact.Process) {
	etcd, key := yamlpos.Lookup(yamlpos.Get(doc, parent), "etcd")
	if etcd == nil || etcd.Kind != yaml.MappingNode {
		return nil, nil
	}
	p := d.process(key)
	if a := yamlpos.Get(etcd, args); a != nil && a.Kind == yaml.MappingNode {
		d.r.argMap(p, a, fact.Flag)
	}
	return etcd, p
}

// kops reads a kOps cluster spec: each of spec.etcdClusters runs etcd at
// its version (or image), with manager.env variables passed to etcd.
func (d *distro) kops(doc *yaml.Node) {
	clusters := yamlpos.Get(yamlpos.Get(doc, "spec"), "etcdClusters")
	if clusters == nil || clusters.Kind != yaml.SequenceNode {
		return
	}
	for _, c := range clusters.Content {
		if c.Kind != yaml.MappingNode {
			continue
		}
		d.version(c, "version", "etcdClusters version")
		env, key := yamlpos.Lookup(yamlpos.Get(c, "manager"), "env")
		if env != nil && env.Kind == yaml.SequenceNode {
			p := d.process(key)
			d.r.argList(p, env, fact.Env)
			d.add(p)
		}
	}
}

// operator reads the EtcdCluster of the etcd operators: spec.version is
// the etcd the operator runs (the image scan reads spec.repository joined
// to it when they are written as one image); the etcd-io operator's
// spec.etcdOptions are flags.
func (d *distro) operator(doc *yaml.Node) {
	if podspec.Str(doc, "kind") != "EtcdCluster" {
		return
	}
	spec := yamlpos.Get(doc, "spec")
	d.version(spec, "version", "EtcdCluster spec.version")
	opts, key := yamlpos.Lookup(spec, "etcdOptions")
	if opts != nil && opts.Kind == yaml.SequenceNode {
		p := d.process(key)
		for _, it := range opts.Content {
			d.item(p, it, fact.Flag)
		}
		d.add(p)
	}
}

// patroni reads a Patroni configuration (scope and postgresql sections):
// its etcd: section is the v2 API client (etcd3: is the v3 one).
func (d *distro) patroni(doc *yaml.Node) {
	if yamlpos.Get(doc, "postgresql") == nil || yamlpos.Get(doc, "scope") == nil {
		return
	}
	etcd, key := yamlpos.Lookup(doc, "etcd")
	if etcd == nil || etcd.Kind != yaml.MappingNode {
		return
	}
	d.facts.Endpoints = append(d.facts.Endpoints, &fact.Endpoint{Path: "/v2/keys", Span: d.r.f.Doc.KeySpan(key, false),
		Context: "Patroni etcd: section (etcd3: speaks v3)"})
}

// version records a version field as the etcd build it runs.
func (d *distro) version(m *yaml.Node, field, what string) {
	v := yamlpos.Get(m, field)
	if v == nil || v.Kind != yaml.ScalarNode {
		return
	}
	sc, ok := d.r.f.Text(v)
	if !ok || d.r.f.Masked.Templated(sc.Span) {
		return
	}
	d.facts.Images = append(d.facts.Images, &fact.Image{Source: fact.VersionVar, Ref: what + " " + sc.Value,
		Repository: "etcd", Tag: sc.Value, Span: sc.Content, TagSpan: sc.Content})
}

// item reads a "key=value" list item ("log-level=debug", "--debug",
// "ETCD_DEBUG=true") as a setting.
func (d *distro) item(p *fact.Process, n *yaml.Node, surface fact.Surface) {
	if n.Kind != yaml.ScalarNode {
		return
	}
	sc, ok := d.r.f.Text(n)
	if !ok || d.r.f.Masked.Templated(sc.Span) {
		return
	}
	text := sc.Value
	lead := len(text) - len(strings.TrimLeft(text, "-"))
	name, value, hasValue := strings.Cut(text[lead:], "=")
	if name == "" {
		return
	}
	s := &fact.Setting{Surface: surface, Process: p, Span: sc.Span, HasValue: hasValue, Value: value,
		NameSpan: fact.Span{Start: sc.Offsets[lead], End: sc.Offsets[lead+len(name)]}}
	if surface == fact.Env {
		if !strings.HasPrefix(name, "ETCD_") {
			return
		}
		s.Name, s.Raw = d.r.f.Schema.FlagForEnv(name), name
	} else {
		s.Name, s.Raw = name, "--"+name
	}
	if hasValue {
		at := lead + len(name) + 1
		s.ValueSpan = fact.Span{Start: sc.Offsets[at], End: sc.Offsets[len(text)]}
	}
	d.items[s] = sc
	p.Settings = append(p.Settings, s)
}

// Render edits "key=value" items inside their scalar and removes them
// with their line; map and name/value entries go to the kubeadm renderer.
func (d *distro) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	s := in.Setting
	sc := d.items[s]
	if sc == nil || in.Kind == fact.Add {
		if in.Kind == fact.Add {
			return nil, fmt.Errorf("add %s to the platform's etcd settings by hand", in.Name)
		}
		return d.r.Render(src, in)
	}
	if sc.Style != 0 && sc.Style != yaml.DoubleQuotedStyle && sc.Style != yaml.SingleQuotedStyle {
		return nil, fmt.Errorf("%s is a block scalar; edit it by hand", s.Raw)
	}
	switch in.Kind {
	case fact.Remove:
		if e, ok := textedit.RemoveListItems(src, sc.Span); ok {
			return []fact.Edit{e}, nil
		}
		return []fact.Edit{textedit.RemoveLines(src, sc.Span)}, nil
	case fact.Replace:
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			name := in.Name
			if s.Surface == fact.Env {
				name = fact.EnvName(in.Name)
			}
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: name})
		}
		if in.Value != nil {
			if !s.HasValue {
				edits = append(edits, fact.Edit{Span: fact.Span{Start: s.NameSpan.End, End: s.NameSpan.End}, NewText: "=" + *in.Value})
			} else {
				edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: *in.Value})
			}
		}
		return edits, nil
	}
	return nil, fmt.Errorf("cannot render intent %d", in.Kind)
}
