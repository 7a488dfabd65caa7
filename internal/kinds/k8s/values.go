package k8s

import (
	"path"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// valuesName is a Helm values file: values.yaml, values-prod.yaml,
// values.prod.yml.
var valuesName = regexp.MustCompile(`^values(?:[.-][^/]*)?\.ya?ml$`)

// valuesContent is what makes a values file worth reading: ETCD_*
// variables, a flag list key, an etcd image repository (its tag is
// the etcd version the chart runs), or the top-level section of an etcd
// subchart (etcd: in an application's values).
var valuesContent = fastre.MustCompile(`(?m)\bETCD_[A-Z]|^[ \t]*(?:extraFlags|extraArgs|args|flags|extraArguments):|^[ \t]*repository:[ \t]*["']?(?:[^\s"'#]*/)?etcd["']?[ \t]*(?:#.*)?\r?$|^etcd:[ \t]*(?:#.*)?\r?$`)

// isValues reports whether the file is a Helm values file that may feed
// etcd. Only the name and the content decide (a kind never reads beside
// the file), so a values file of any chart is read, and only its etcd
// sections give facts.
func isValues(p string, src []byte) bool {
	return valuesName.MatchString(path.Base(p)) && (valuesContent.Match(src) || etcdChartDir(p) && imageKey.Match(src))
}

// imageKey is an image map's key.
var imageKey = fastre.MustCompile(`(?m)^[ \t]*image:[ \t]*\r?$`)

// etcdChartDir reports a file in a directory that names etcd (a chart's,
// or a release's values): its image is etcd's.
func etcdChartDir(p string) bool {
	return strings.Contains(strings.ToLower(path.Base(path.Dir(p))), "etcd")
}

// flagListKeys hold extra command-line flags of the chart's container.
var flagListKeys = map[string]bool{"extraFlags": true, "extraArgs": true, "args": true, "flags": true, "extraArguments": true}

// envKeys hold extra environment variables of the chart's container.
var envKeys = map[string]bool{"extraEnvVars": true, "extraEnv": true, "env": true, "envVars": true, "environment": true}

// valuesFacts reads a Helm values file into out: every section that feeds etcd (one
// whose image is an etcd image, or one under a key naming etcd that does
// not name another image: named says a key naming etcd leads to n) gives one
// Partial process made of its flag lists (extraFlags, extraArgs, args,
// flags: "--name=value" items) and its ETCD_* variables (extraEnvVars-like
// name/value lists, and maps whose keys are ETCD_*). The chart's
// templates decide the rest of the command line, so the process is
// always Partial. Such a section may also turn authentication on.
func valuesFacts(f *podspec.File, n *yaml.Node, named bool, out *fact.Facts) {
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			valuesFacts(f, c, named, out)
		}
		return
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	// a section with its own image is etcd's exactly when the image is,
	// and the sections under an etcd image are etcd's only when a key
	// below names etcd again
	etcd := named
	if img, known := imageOf(n); known {
		etcd = podspec.EtcdImage(img)
		named = named && etcd
	}
	if etcd {
		if p := valuesSection(f, n); p != nil {
			out.Processes = append(out.Processes, p)
		}
		out.AuthSwitches = append(out.AuthSwitches, authSwitches(f, n)...)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if etcd && (flagListKeys[k.Value] || envKeys[k.Value]) {
			continue // read by valuesSection
		}
		valuesFacts(f, v, named || strings.Contains(strings.ToLower(k.Value), "etcd"), out)
	}
}

// authSwitches are the Bitnami etcd chart's values that turn
// authentication on (auth.rbac.enabled in older charts, auth.rbac.create
// in newer ones): its setup then runs "etcdctl auth enable".
func authSwitches(f *podspec.File, section *yaml.Node) []*fact.AuthSwitch {
	if podspec.Str(section, "enabled") == "false" {
		return nil // a subchart the application does not deploy
	}
	auth, _ := yamlpos.Lookup(section, "auth")
	if auth == nil || auth.Kind != yaml.MappingNode {
		return nil
	}
	rbac, _ := yamlpos.Lookup(auth, "rbac")
	if rbac == nil || rbac.Kind != yaml.MappingNode {
		return nil
	}
	var out []*fact.AuthSwitch
	for i := 0; i+1 < len(rbac.Content); i += 2 {
		k, v := rbac.Content[i], rbac.Content[i+1]
		if (k.Value == "enabled" || k.Value == "create") && v.Kind == yaml.ScalarNode && v.Value == "true" {
			sp := f.Doc.KeySpan(k, false)
			sp.End = f.Doc.Span(v, false).End
			out = append(out, &fact.AuthSwitch{What: "auth.rbac." + k.Value + ": true", Span: sp})
		}
	}
	return out
}

// imageOf is the image a values mapping configures, as a string or as
// the repository of an image map; known is false when it names none.
func imageOf(m *yaml.Node) (ref string, known bool) {
	img, _ := yamlpos.Lookup(m, "image")
	switch {
	case img == nil:
	case img.Kind == yaml.ScalarNode && img.Value != "":
		return img.Value, true
	case img.Kind == yaml.MappingNode:
		for _, key := range []string{"repository", "image", "name"} {
			if r := podspec.Str(img, key); r != "" {
				return r, true
			}
		}
	}
	return "", false
}

// valuesSection is the process of one etcd section, or nil when it sets
// nothing.
func valuesSection(f *podspec.File, m *yaml.Node) *fact.Process {
	env := &podspec.Env{}
	var flags []*podspec.Item
	var anchor *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch {
		case flagListKeys[k.Value] && v.Kind == yaml.SequenceNode:
			items := f.Items(v)
			if len(items) == 0 || !strings.HasPrefix(items[0].Value, "-") {
				continue // a script or a command, not flags
			}
			if flags != nil {
				// one list per process: the renderer adds after the last item
				continue
			}
			flags, anchor = items, k
		case envKeys[k.Value] && v.Kind == yaml.SequenceNode:
			envList(f, env, v)
		case envKeys[k.Value] && v.Kind == yaml.MappingNode:
			envMap(f, env, v)
		}
	}
	if flags == nil {
		if len(env.Settings) == 0 {
			return nil
		}
		return podspec.EnvProcess(env, env.Settings[0].NameSpan)
	}
	p := f.Etcd(f.Doc.KeySpan(anchor, false), flags)
	p.Partial = true
	if len(env.Settings) > 0 {
		env.Attach(p)
	}
	return p
}

// envMap reads the ETCD_* keys of a KEY: value map.
func envMap(f *podspec.File, env *podspec.Env, m *yaml.Node) {
	flow := m.Style&yaml.FlowStyle != 0
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, vn := m.Content[i], m.Content[i+1]
		if !strings.HasPrefix(kn.Value, "ETCD_") || vn.Kind != yaml.ScalarNode {
			continue
		}
		envKey(f, env, kn, vn, flow)
	}
}

// envKey adds the variable of one scalar "ETCD_X: value" entry of a
// mapping (flow when it is written in { }) to env.
func envKey(f *podspec.File, env *podspec.Env, kn, vn *yaml.Node, flow bool) {
	ks := f.Doc.KeySpan(kn, flow)
	sc, ok := f.Text(vn)
	if !ok {
		return
	}
	s := &fact.Setting{
		Name: f.Schema.FlagForEnv(kn.Value), Surface: fact.Env, Raw: kn.Value,
		Span:     fact.Span{Start: ks.Start, End: sc.Span.End},
		NameSpan: ks, Value: sc.Value, HasValue: true, ValueSpan: sc.Span,
		Templated: f.Masked.Templated(sc.Span),
	}
	env.Add(s, s.Span, sc, false, flow)
}

// valueImages are the etcd images a values file pins as an image map
// (Bitnami's image: {registry, repository: bitnami/etcd, tag}): the
// repository and the tag are on lines of their own, so the textual image
// scan cannot join them. The image points at the tag. A templated or
// empty tag pins nothing.
//
// etcdChart is true for the top of an etcd chart's values (the file's
// directory names etcd) and for a map under a key that names etcd: there
// an image map with a tag and no repository is the chart's etcd image.
func valueImages(f *podspec.File, n *yaml.Node, etcdChart bool) []*fact.Image {
	var out []*fact.Image
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			out = append(out, valueImages(f, c, etcdChart)...)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "image" && v.Kind == yaml.MappingNode {
				if img := imageMap(f, v, etcdChart); img != nil {
					out = append(out, img)
				}
				continue
			}
			// only the map itself: a backup job's image beside it is not etcd's
			out = append(out, valueImages(f, v, strings.Contains(strings.ToLower(k.Value), "etcd"))...)
		}
	}
	return out
}

// imageMap is the etcd image of one image map, or nil.
func imageMap(f *podspec.File, m *yaml.Node, etcdChart bool) *fact.Image {
	repo, tag := podspec.Str(m, "repository"), yamlpos.Get(m, "tag")
	if repo == "" && etcdChart && yamlpos.Get(m, "repository") == nil {
		repo = "etcd" // the chart's default repository
	}
	if !image.IsEtcd(repo) || tag == nil || tag.Kind != yaml.ScalarNode {
		return nil
	}
	sc, ok := f.Text(tag)
	if !ok || sc.Value == "" || f.Masked.Templated(sc.Span) {
		return nil
	}
	if reg := podspec.Str(m, "registry"); reg != "" {
		repo = reg + "/" + repo
	}
	return &fact.Image{
		Source: fact.ContainerImage, Ref: repo + ":" + sc.Value, Repository: repo, Tag: sc.Value,
		Span: sc.Content, TagSpan: sc.Content, // inside its quotes
	}
}
