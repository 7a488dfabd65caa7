// Package k8s is the file kind for Kubernetes manifests and Helm chart
// templates: etcd containers of any workload (anything with a pod spec:
// Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, CRDs), their
// command/args list items, "sh -c" scripts and env entries, and
// ConfigMap/Secret values that hold an etcd config file, env file or
// script. Helm templates are read with {{ }} masked in place (NewFile
// says how); a template document that still does not parse gives no error
// and no facts, since what Helm renders from it may be valid, while a
// plain YAML file that does not parse is an error. Helm values files
// (values*.yaml) give the flags and ETCD_* variables of their etcd
// sections, and the etcd image their image maps pin.
//
// It also exports the YAML helpers the compose kind uses.
package k8s

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// NewKind returns the Kubernetes kind. kinds classifies ConfigMap values
// (an etcd config file, an env file, a script) with the data key as the
// file name.
func NewKind(kinds fact.Classifier) fact.Kind { return kind{kinds: kinds} }

type kind struct{ kinds fact.Classifier }

func (kind) Name() string { return "kubernetes" }

var (
	apiVersion = fastre.MustCompile(`(?m)^(?:- )?apiVersion:[ \t]*\S`)
	kindKey    = fastre.MustCompile(`(?m)^(?:- |  )?kind:[ \t]*["']?[A-Z]`)
	// containersKey finds pod specs in Helm partials that hold no kind.
	containersKey = fastre.MustCompile(`(?m)^[ \t]*(?:initC|c)ontainers:[ \t]*\r?$`)
)

func (kind) Match(p string, src []byte) bool {
	base := path.Base(p)
	ext := path.Ext(base)
	if ext != ".yaml" && ext != ".yml" && ext != ".tpl" {
		return false
	}
	if isValues(p, src) {
		return true
	}
	if ext == ".tpl" || strings.Contains(p, "templates/") && !apiVersion.Match(src) {
		return containersKey.Match(src)
	}
	return apiVersion.Match(src) && kindKey.Match(src)
}

func (k kind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	f := podspec.NewFile(src, schema)
	facts := &fact.Facts{}
	values := isValues(p, src)
	for _, doc := range f.Documents() {
		if values {
			valuesFacts(f, doc, false, facts)
			facts.Images = append(facts.Images, valueImages(f, doc, etcdChartDir(p))...)
			continue
		}
		facts.Processes = append(facts.Processes, k.object(f, p, doc)...)
		facts.Endpoints = append(facts.Endpoints, apiServers(f, doc)...)
	}
	return facts, f.Errors()
}

// object reads one manifest; a List's items are objects too.
func (k kind) object(f *podspec.File, p string, obj *yaml.Node) []*fact.Process {
	if obj.Kind != yaml.MappingNode {
		return nil
	}
	switch podspec.Str(obj, "kind") {
	case "List":
		items, _ := yamlpos.Lookup(obj, "items")
		if items == nil || items.Kind != yaml.SequenceNode {
			return nil
		}
		var out []*fact.Process
		for _, it := range items.Content {
			out = append(out, k.object(f, p, it)...)
		}
		return out
	case "ConfigMap":
		return k.configData(f, obj, "data")
	case "Secret":
		return k.configData(f, obj, "stringData")
	}
	var out []*fact.Process
	task := podspec.Str(obj, "kind") == "Job" || podspec.Str(obj, "kind") == "CronJob"
	podSpecs(f, obj, func(spec *yaml.Node) {
		for _, key := range []string{"initContainers", "containers"} {
			list, _ := yamlpos.Lookup(spec, key)
			if list == nil || list.Kind != yaml.SequenceNode {
				continue
			}
			for _, c := range list.Content {
				out = append(out, container(f, c, task)...)
			}
		}
	})
	return out
}

// podSpecs calls fn on every mapping with a containers list: the pod spec
// of any workload or custom resource, wherever it is nested.
func podSpecs(f *podspec.File, n *yaml.Node, fn func(*yaml.Node)) {
	switch n.Kind {
	case yaml.MappingNode:
		if c, _ := yamlpos.Lookup(n, "containers"); c != nil && c.Kind == yaml.SequenceNode {
			fn(n)
			return
		}
		for i := 1; i < len(n.Content); i += 2 {
			podSpecs(f, n.Content[i], fn)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			podSpecs(f, c, fn)
		}
	}
}

// container reads one container; task is set for a Job's or CronJob's.
func container(f *podspec.File, c *yaml.Node, task bool) []*fact.Process {
	if c.Kind != yaml.MappingNode {
		return nil
	}
	cmd, _ := branch(c, "command")
	args, _ := branch(c, "args")
	image, imageKey := branch(c, "image")
	env := k8sEnv(f, c)
	l := &podspec.Launch{
		Argv:      append(f.Items(cmd), f.Items(args)...),
		Command:   cmd != nil && len(cmd.Content) > 0,
		EtcdImage: image != nil && (podspec.EtcdImage(image.Value) || templatedEtcdImage(f, c, image, env)),
		Env:       env,
		Span:      f.Doc.Span(c, false),
		Task:      task,
	}
	if ef, _ := branch(c, "envFrom"); ef != nil && ef.Tag != "!!null" {
		l.Partial = true
	}
	if imageKey != nil {
		l.Anchor = f.Doc.Span(image, false)
	} else {
		l.Anchor = f.Doc.KeySpan(c.Content[0], false)
	}
	return f.Processes(l)
}

// branch is the value of key in mapping m. The branches of a Helm
// {{ if }}/{{ else }} each write the key, so a masked template may hold it
// more than once: the first that has a value is taken (the others are
// blank, as "command: {{- toYaml .Values.command | nindent 12 }}" masks to,
// or the same).
func branch(m *yaml.Node, key string) (val, k *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			continue
		}
		if val == nil {
			val, k = m.Content[i+1], m.Content[i]
		}
		if v := m.Content[i+1]; v.Kind != yaml.ScalarNode || v.Tag != "!!null" {
			return v, m.Content[i]
		}
	}
	return val, k
}

// etcdImageTemplate is template text that names etcd's image:
// {{ include "etcd.image" . }}, {{ .Values.etcd.image.repository }}; not
// "etcd.volumePermissions.image" (a helper image of the etcd chart).
var etcdImageTemplate = regexp.MustCompile(`(?i)(?:^|[^\w.])\.?(?:Values\.)?etcd[._-]?image\b`)

// templatedEtcdImage reports whether a container's image, written as a
// template, is etcd's: the template names etcd's image, the container is
// named etcd (Bitnami's chart: name: etcd, image: {{ include "etcd.image"
// . }}), or its environment configures an etcd server.
func templatedEtcdImage(f *podspec.File, c, image *yaml.Node, env *podspec.Env) bool {
	if image.Kind != yaml.ScalarNode {
		return false
	}
	sc, ok := f.Text(image)
	if !ok || !f.Masked.Templated(sc.Span) {
		return false
	}
	for _, e := range f.Masked.Expressions {
		if sc.Span.Start <= e.Start && e.End <= sc.Span.End && etcdImageTemplate.Match(f.Src[e.Start:e.End]) {
			return true
		}
	}
	return podspec.Str(c, "name") == "etcd" || serverEnv(env)
}

// serverOnly are settings only an etcd server reads: a client or an
// application that talks to etcd has no use for them.
var serverOnly = []string{"listen-client-urls", "listen-peer-urls", "initial-advertise-peer-urls",
	"initial-cluster", "initial-cluster-state", "initial-cluster-token", "data-dir", "wal-dir"}

// serverEnv reports whether env sets two or more settings only an etcd
// server reads (ETCD_LISTEN_PEER_URLS, ETCD_DATA_DIR): the container runs
// etcd whatever its image is called.
func serverEnv(env *podspec.Env) bool {
	seen := map[string]bool{}
	for _, s := range env.Settings {
		if slices.Contains(serverOnly, s.Name) {
			seen[s.Name] = true
		}
	}
	return len(seen) >= 2
}

// k8sEnv reads the ETCD_* entries of a container's env list.
func k8sEnv(f *podspec.File, c *yaml.Node) *podspec.Env {
	list, _ := branch(c, "env")
	env := &podspec.Env{}
	if list != nil && list.Kind == yaml.SequenceNode {
		envList(f, env, list)
	}
	return env
}

// envList reads the ETCD_* entries of a list of name/value(From) maps.
func envList(f *podspec.File, env *podspec.Env, list *yaml.Node) {
	flow := list.Style&yaml.FlowStyle != 0
	for _, item := range list.Content {
		nameNode, _ := yamlpos.Lookup(item, "name")
		if nameNode == nil || !strings.HasPrefix(nameNode.Value, "ETCD_") {
			continue
		}
		name, ok := f.Text(nameNode)
		if !ok {
			continue
		}
		whole := f.Doc.Span(item, flow)
		s := &fact.Setting{
			Name:     f.Schema.FlagForEnv(name.Value),
			Surface:  fact.Env,
			Raw:      name.Value,
			Span:     whole,
			NameSpan: fact.Span{Start: name.Offsets[0], End: name.Offsets[len(name.Value)]},
			HasValue: true,
		}
		if v, _ := yamlpos.Lookup(item, "value"); v != nil && v.Kind == yaml.ScalarNode {
			if sc, ok := f.Text(v); ok {
				s.Value, s.ValueSpan = sc.Value, sc.Span
				s.Templated = f.Masked.Templated(sc.Span) || strings.Contains(sc.Value, "$(")
				env.Add(s, whole, sc, false, flow)
				continue
			}
		}
		if vf, _ := yamlpos.Lookup(item, "valueFrom"); vf != nil {
			// the value comes from a Secret, ConfigMap or the downward API
			s.Templated = true
			s.ValueSpan = f.Doc.Span(vf, flow)
		}
		env.Add(s, whole, nil, false, flow)
	}
}

// configData reads a ConfigMap's data (or a Secret's stringData): ETCD_*
// keys are variables for a container's envFrom, and a value written as a
// literal block scalar that is an etcd config file, env file or script
// goes to that kind's parser. A literal block's lines are the file's lines
// shifted by a fixed indentation, so the file with everything else blanked
// parses with every offset unchanged; a quoted or folded value is parsed
// as decoded, with offsets and edits mapped back through its escapes.
func (k kind) configData(f *podspec.File, obj *yaml.Node, key string) []*fact.Process {
	data, _ := yamlpos.Lookup(obj, key)
	if data == nil || data.Kind != yaml.MappingNode {
		return nil
	}
	var out []*fact.Process
	env := &podspec.Env{}
	flow := data.Style&yaml.FlowStyle != 0
	for i := 0; i+1 < len(data.Content); i += 2 {
		kn, vn := data.Content[i], data.Content[i+1]
		if vn.Kind != yaml.ScalarNode {
			continue
		}
		if strings.HasPrefix(kn.Value, "ETCD_") {
			envKey(f, env, kn, vn, flow)
			continue
		}
		if vn.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.FoldedStyle) != 0 {
			// written through escapes or folding: parsed as decoded, offsets
			// and edits mapped back through the scalar
			sc, ok := f.Text(vn)
			if !ok || strings.TrimSpace(sc.Value) == "" {
				continue
			}
			if nk := k.kinds.Classify(kn.Value, []byte(sc.Value)); nk != nil {
				var facts fact.Facts
				f.AddErrors(nested.ParseMapped(&facts, nk, kn.Value, []byte(sc.Value), sc.Offsets, nested.YAMLScalar(sc.Style), f.Schema))
				out = append(out, facts.Processes...)
			}
			continue
		}
		if vn.Style&yaml.LiteralStyle == 0 {
			continue
		}
		sc, ok := f.Text(vn)
		if !ok || sc.Content.Len() == 0 {
			continue
		}
		start := bytes.LastIndexByte(f.Src[:sc.Content.Start], '\n') + 1
		indent := sc.Content.Start - start
		text := dedent(f.Src[start:sc.Content.End], indent)
		if nk := k.kinds.Classify(kn.Value, text); nk != nil {
			var facts fact.Facts
			f.AddErrors(nested.Parse(&facts, nk, kn.Value, f.Src, f.Schema, fact.Span{Start: start, End: sc.Content.End}))
			out = append(out, facts.Processes...)
		}
	}
	if len(env.Settings) > 0 {
		out = append(out, podspec.EnvProcess(env, env.Settings[0].NameSpan))
	}
	return out
}

// dedent removes n leading spaces from each line of b.
func dedent(b []byte, n int) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	var out []byte
	for _, l := range lines {
		i := 0
		for i < n && i < len(l) && l[i] == ' ' {
			i++
		}
		out = append(out, l[i:]...)
	}
	return out
}
