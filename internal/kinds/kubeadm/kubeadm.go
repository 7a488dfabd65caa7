// Package kubeadm is the file kind for kubeadm configuration, the way most
// Kubernetes clusters give etcd its flags: a ClusterConfiguration
// (kubeadm.k8s.io, any version) on its own or in a multi-document file, the
// same structure embedded by Cluster API (KubeadmControlPlane, KubeadmConfig
// and their templates), the kubeadm-config ConfigMap's ClusterConfiguration
// value (handed here by the Kubernetes kind), and kubespray's
// etcd_extra_vars. Each entry of etcd.local.extraArgs becomes a flag on the
// command line of the etcd static pod kubeadm writes ("key: value" in
// v1beta2/v1beta3, "- name: key / value: v" items in v1beta4 and Cluster
// API v1beta2); ETCD_* entries of etcd.local.extraEnvs are variables; and
// etcd.local.imageTag pins the etcd image. etcd.external means kubeadm runs
// no etcd.
//
// Other documents of the file (a kube-apiserver pod, an etcd Deployment)
// are read by the kind given to NewKind.
package kubeadm

import (
	"bytes"
	"path"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// NewKind returns the kubeadm kind. rest reads the file's other
// documents when it matches the file too (the Kubernetes kind); nil reads
// none.
func NewKind(rest fact.Kind) fact.Kind { return kind{rest: rest} }

type kind struct{ rest fact.Kind }

func (kind) Name() string { return "kubeadm" }

var (
	// kubeadmKind is a document kubeadm or Cluster API's kubeadm provider
	// reads.
	kubeadmKind = fastre.MustCompile(`(?m)^(?:- |  )?kind:[ \t]*["']?(?:ClusterConfiguration|KubeadmControlPlane|KubeadmControlPlaneTemplate|KubeadmConfig|KubeadmConfigTemplate)["']?[ \t]*(?:#.*)?\r?$`)
	apiGroup    = fastre.MustCompile(`(?m)^(?:- |  )?apiVersion:[ \t]*["']?(?:kubeadm\.k8s\.io|[a-z.]*cluster\.x-k8s\.io)/`)
	// configMap and configMapValue find kube-system/kubeadm-config,
	// whose ClusterConfiguration value the Kubernetes kind hands back here.
	configMap      = fastre.MustCompile(`(?m)^(?:- |  )?kind:[ \t]*["']?ConfigMap\b`)
	configMapValue = fastre.MustCompile(`(?m)^[ \t]+ClusterConfiguration:[ \t]*\|`)
	anyAPIVersion  = fastre.MustCompile(`(?m)^apiVersion:`)
	// extraVars is kubespray's etcd_extra_vars map in group_vars.
	extraVars = fastre.MustCompile(`(?m)^etcd_extra_vars:[ \t]*(?:#.*)?\r?$`)
)

// configMapKey is the kubeadm-config ConfigMap's data key, which the
// Kubernetes kind passes as the file name of the value it hands on.
const configMapKey = "ClusterConfiguration"

func (kind) Match(p string, src []byte) bool {
	base := strings.TrimSuffix(path.Base(p), ".j2")
	switch {
	case base == configMapKey:
		return kubeadmKind.Match(src)
	case path.Ext(base) != ".yaml" && path.Ext(base) != ".yml":
		return false
	}
	// the line-start patterns run only where their words are
	if bytes.Contains(src, []byte("Kubeadm")) || bytes.Contains(src, []byte("ClusterConfiguration")) {
		if kubeadmKind.Match(src) && apiGroup.Match(src) ||
			bytes.Contains(src, []byte("ConfigMap")) && configMap.Match(src) && configMapValue.Match(src) {
			return true
		}
	}
	return bytes.Contains(src, []byte("etcd_extra_vars")) && extraVars.Match(src) && !anyAPIVersion.Match(src)
}

func (k kind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts := &fact.Facts{}
	var errs []*fact.ParseError
	ran := k.rest != nil && k.rest.Match(p, src)
	if ran {
		// the rest kind reports the file's YAML syntax errors
		facts, errs = k.rest.Parse(p, src, schema)
	}
	f := podspec.NewFile(src, schema)
	docs := f.Documents()
	if !ran {
		errs = append(errs, f.Errors()...)
	}
	seen := len(f.Errors())
	r := newRenderer(f)
	for _, doc := range docs {
		if doc.Kind != yaml.MappingNode {
			continue
		}
		if vars, key := yamlpos.Lookup(doc, "etcd_extra_vars"); vars != nil && podspec.Str(doc, "kind") == "" {
			if p := r.extraVars(key, vars); p != nil {
				facts.Processes = append(facts.Processes, p)
			}
			continue
		}
		if podspec.Str(doc, "kind") == "ConfigMap" {
			r.images = append(r.images, configMapImages(f, doc, schema)...)
			continue
		}
		for _, cc := range clusterConfigurations(doc) {
			if p := r.cluster(cc); p != nil {
				facts.Processes = append(facts.Processes, p)
			}
			facts.Endpoints = append(facts.Endpoints, apiServer(f, cc)...)
		}
	}
	for _, img := range image.Scan(src) {
		if !r.covers(img.Span) {
			r.images = append(r.images, img)
		}
	}
	facts.Images = append(facts.Images, r.images...)
	return facts, append(errs, f.Errors()[seen:]...)
}

// configMapImages are the images pinned by the ClusterConfiguration value
// of a kubeadm-config ConfigMap. The Kubernetes kind hands the value to
// this kind for its settings, but images of nested content are left to the
// engine's textual scan, which cannot join imageRepository and imageTag.
func configMapImages(f *podspec.File, doc *yaml.Node, schema fact.Schema) []*fact.Image {
	v := yamlpos.Get(yamlpos.Get(doc, "data"), configMapKey)
	if v == nil || v.Kind != yaml.ScalarNode || v.Style&yaml.LiteralStyle == 0 {
		return nil
	}
	sc, err := f.Doc.Scalar(v)
	if err != nil || sc.Content.Len() == 0 {
		return nil
	}
	start := bytes.LastIndexByte(f.Src[:sc.Content.Start], '\n') + 1
	inner := podspec.NewFile(nested.Blank(f.Src, fact.Span{Start: start, End: sc.Content.End}), schema)
	r := newRenderer(inner)
	for _, d := range inner.Documents() {
		for _, c := range clusterConfigurations(d) {
			r.cluster(c)
		}
	}
	return r.images
}

// cc is one ClusterConfiguration: its mapping, the node to anchor
// findings on when it has no etcd section, and the extraArgs form its API
// version uses.
type cc struct {
	m      *yaml.Node
	anchor *yaml.Node
	list   bool
}

// clusterConfigurations finds the ClusterConfigurations of a document: the
// document itself, or the clusterConfiguration mapping a Cluster API
// object embeds (spec.kubeadmConfigSpec.clusterConfiguration,
// spec.clusterConfiguration, spec.template.spec...).
func clusterConfigurations(doc *yaml.Node) []cc {
	api := podspec.Str(doc, "apiVersion")
	switch kindOf := podspec.Str(doc, "kind"); {
	case kindOf == "ClusterConfiguration" && strings.HasPrefix(api, "kubeadm.k8s.io/"):
		return []cc{{m: doc, anchor: yamlpos.Get(doc, "kind"), list: listAPI(api)}}
	case strings.HasPrefix(kindOf, "Kubeadm") && strings.Contains(api, "cluster.x-k8s.io/"):
		var out []cc
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			switch n.Kind {
			case yaml.MappingNode:
				for i := 0; i+1 < len(n.Content); i += 2 {
					k, v := n.Content[i], n.Content[i+1]
					if k.Value == "clusterConfiguration" && v.Kind == yaml.MappingNode {
						out = append(out, cc{m: v, anchor: k, list: listAPI(api)})
						continue
					}
					walk(v)
				}
			case yaml.SequenceNode:
				for _, c := range n.Content {
					walk(c)
				}
			}
		}
		walk(doc)
		return out
	}
	return nil
}

// listAPI reports whether an API version writes extraArgs as a list of
// name/value items: kubeadm v1beta4 and Cluster API v1beta2 do, earlier
// versions use a map.
func listAPI(api string) bool {
	_, v, _ := strings.Cut(api, "/")
	return api == "kubeadm.k8s.io/v1beta4" || strings.Contains(api, "cluster.x-k8s.io/") && v == "v1beta2"
}

// section is where a process's settings are written, for the renderer.
type section struct {
	// local is the etcd.local mapping (nil for kubespray's vars).
	local *yaml.Node
	// args is the extraArgs node (or etcd_extra_vars), nil when absent.
	args *yaml.Node
	// list says which form a new extraArgs takes.
	list bool
}

// cluster reads one ClusterConfiguration's local etcd; nil when etcd is
// external.
func (r *Renderer) cluster(c cc) *fact.Process {
	etcd, etcdKey := yamlpos.Lookup(c.m, "etcd")
	local, localKey := yamlpos.Lookup(etcd, "local")
	if yamlpos.Get(etcd, "external") != nil && local == nil {
		// kubeadm rejects both at once: a template that has both picks
		// one in {% if %} branches, and the local one is etcd's
		return nil
	}
	proc := &fact.Process{
		Form: fact.CommandLine,
		// kubeadm writes data-dir, listen URLs, certificates and the
		// member's name itself
		Partial: true,
		Render:  r,
	}
	switch {
	case localKey != nil:
		proc.Anchor = r.f.Doc.KeySpan(localKey, false)
	case etcdKey != nil:
		proc.Anchor = r.f.Doc.KeySpan(etcdKey, false)
	default:
		proc.Anchor = r.f.Doc.Span(c.anchor, false)
	}
	sec := &section{local: local, list: c.list}
	r.procs[proc] = sec
	if local == nil || local.Kind != yaml.MappingNode {
		r.release(c.m)
		return proc
	}
	if args := yamlpos.Get(local, "extraArgs"); args != nil {
		switch args.Kind {
		case yaml.MappingNode:
			sec.args, sec.list = args, false
			r.argMap(proc, args, fact.Flag)
		case yaml.SequenceNode:
			sec.args, sec.list = args, true
			r.argList(proc, args, fact.Flag)
		}
	}
	if envs := yamlpos.Get(local, "extraEnvs"); envs != nil && envs.Kind == yaml.SequenceNode {
		r.argList(proc, envs, fact.Env)
	}
	if !r.image(c.m, local) {
		r.release(c.m)
	}
	return proc
}

// extraVars reads kubespray's etcd_extra_vars: with etcd deployed by
// kubeadm its entries are extraArgs ("listen-metrics-urls: ..."), with
// etcd on the host they are lines of etcd.env ("ETCD_X: ..."). Keys
// decide: an ETCD_* key is a variable, any other a flag.
func (r *Renderer) extraVars(key, vars *yaml.Node) *fact.Process {
	if vars.Kind != yaml.MappingNode {
		return nil
	}
	proc := &fact.Process{Form: fact.CommandLine, Partial: true, Render: r, Anchor: r.f.Doc.KeySpan(key, false)}
	r.procs[proc] = &section{args: vars}
	r.argMap(proc, vars, -1)
	return proc
}

// argMap reads "key: value" entries. surface -1 picks Env for ETCD_* keys
// and Flag for the rest.
func (r *Renderer) argMap(proc *fact.Process, m *yaml.Node, surface fact.Surface) {
	f := r.f
	flow := m.Style&yaml.FlowStyle != 0
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			continue
		}
		ks := f.Doc.KeySpan(k, flow)
		if f.Masked.Templated(ks) {
			continue // the flag's name is not known
		}
		s := &fact.Setting{NameSpan: ks, HasValue: true, Process: proc}
		r.name(s, k.Value, surface)
		e := &entry{key: k, val: v, flow: flow, qflow: flow, colon: colonAfter(f.Src, ks.End, f.Doc.Start(v))}
		if v.Tag == "!!null" && v.Value == "" && v.Style == 0 {
			e.valSpan = fact.Span{Start: e.colon, End: e.colon}
		} else {
			sc, ok := f.Text(v)
			if !ok {
				continue
			}
			e.valSpan = sc.Span
			s.Value = sc.Value
			s.Templated = f.Masked.Templated(sc.Span)
		}
		s.ValueSpan = e.valSpan
		s.Span = fact.Span{Start: ks.Start, End: max(e.colon, e.valSpan.End)}
		e.span = s.Span
		r.entries[s] = e
		proc.Settings = append(proc.Settings, s)
	}
}

// argList reads "- name: key / value: v" items.
func (r *Renderer) argList(proc *fact.Process, l *yaml.Node, surface fact.Surface) {
	f := r.f
	flow := l.Style&yaml.FlowStyle != 0
	for _, it := range l.Content {
		nameNode := yamlpos.Get(it, "name")
		if nameNode == nil || nameNode.Kind != yaml.ScalarNode {
			continue
		}
		if surface == fact.Env && !strings.HasPrefix(nameNode.Value, "ETCD_") {
			continue
		}
		name, ok := f.Text(nameNode)
		if !ok || f.Masked.Templated(name.Span) {
			continue
		}
		iflow := flow || it.Style&yaml.FlowStyle != 0
		s := &fact.Setting{NameSpan: name.Span, HasValue: true, Process: proc}
		r.name(s, name.Value, surface)
		e := &entry{item: it, key: nameNode, flow: flow, qflow: iflow, list: true}
		e.span = f.Doc.Span(it, flow)
		val, valKey := yamlpos.Lookup(it, "value")
		switch {
		case val != nil && val.Kind == yaml.ScalarNode && !(val.Tag == "!!null" && val.Value == "" && val.Style == 0):
			sc, ok := f.Text(val)
			if !ok {
				continue
			}
			e.val, e.valSpan = val, sc.Span
			s.Value, s.Templated = sc.Value, f.Masked.Templated(sc.Span)
		case val != nil && val.Kind == yaml.ScalarNode:
			e.val = val
			ks := f.Doc.KeySpan(valKey, iflow)
			e.colon = colonAfter(f.Src, ks.End, f.Doc.Start(val))
			e.valSpan = fact.Span{Start: e.colon, End: e.colon}
		case surface == fact.Env && yamlpos.Get(it, "valueFrom") != nil:
			// from a Secret or ConfigMap: not known here
			s.Templated = true
		default:
			continue
		}
		s.ValueSpan = e.valSpan
		s.Span = e.span
		r.entries[s] = e
		proc.Settings = append(proc.Settings, s)
	}
}

// name sets a setting's name fields from the key as written.
func (r *Renderer) name(s *fact.Setting, key string, surface fact.Surface) {
	if surface == fact.Surface(-1) {
		surface = fact.Flag
		if strings.HasPrefix(key, "ETCD_") {
			surface = fact.Env
		}
	}
	s.Surface = surface
	if surface == fact.Env {
		s.Name, s.Raw = r.f.Schema.FlagForEnv(key), key
		return
	}
	// kubeadm writes every entry as --key=value
	s.Name, s.Raw = key, "--"+key
}

// colonAfter is the offset just past the ':' between a key ending at from
// and its value starting at to.
func colonAfter(src []byte, from, to int) int {
	for i := from; i < max(to, from) && i < len(src); i++ {
		if src[i] == ':' {
			return i + 1
		}
	}
	return from
}

// defaultRepository is where kubeadm pulls etcd from when the file names
// no repository (k8s.gcr.io before Kubernetes 1.25).
const defaultRepository = "registry.k8s.io"

// image records the etcd image a ClusterConfiguration pins with
// etcd.local.imageTag, in the repository etcd.local.imageRepository or
// the configuration's imageRepository names. It reports whether the
// file chose the tag (a template's tag too), not kubeadm.
func (r *Renderer) image(m, local *yaml.Node) bool {
	tag := yamlpos.Get(local, "imageTag")
	if tag == nil || tag.Kind != yaml.ScalarNode || tag.Value == "" {
		return false
	}
	sc, ok := r.f.Text(tag)
	if !ok || r.f.Masked.Templated(sc.Span) {
		return true
	}
	repo := defaultRepository
	for _, n := range []*yaml.Node{yamlpos.Get(local, "imageRepository"), yamlpos.Get(m, "imageRepository")} {
		if n != nil && n.Kind == yaml.ScalarNode && n.Value != "" && !r.f.Masked.Templated(r.f.Doc.Span(n, false)) {
			repo = strings.TrimSuffix(n.Value, "/")
			break
		}
	}
	span := fact.Span{Start: sc.Content.Start, End: sc.Content.End}
	r.images = append(r.images, &fact.Image{
		Source: fact.ContainerImage, Ref: repo + "/etcd:" + sc.Value, Repository: repo + "/etcd", Tag: sc.Value,
		Span: span, TagSpan: span,
	})
	return true
}

// release records the kubernetesVersion of a ClusterConfiguration whose
// local etcd has no imageTag: kubeadm then runs the etcd it pairs with
// that Kubernetes release.
func (r *Renderer) release(m *yaml.Node) {
	v := yamlpos.Get(m, "kubernetesVersion")
	if v == nil || v.Kind != yaml.ScalarNode {
		return
	}
	sc, ok := r.f.Text(v)
	if !ok || r.f.Masked.Templated(sc.Span) || !strings.HasPrefix(strings.TrimPrefix(sc.Value, "v"), "1.") {
		return // stable-1.28, latest: labels kubeadm resolves online
	}
	span := fact.Span{Start: sc.Content.Start, End: sc.Content.End}
	r.images = append(r.images, &fact.Image{
		Source: fact.Distribution, Ref: "kubernetesVersion: " + sc.Value, Repository: "kubeadm", Tag: sc.Value,
		Span: span, TagSpan: span,
	})
}

// covers reports whether an image found here already covers span.
func (r *Renderer) covers(span fact.Span) bool {
	for _, img := range r.images {
		if img.Span.Start < span.End && span.Start < img.Span.End {
			return true
		}
	}
	return false
}
