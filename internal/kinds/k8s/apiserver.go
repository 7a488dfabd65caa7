package k8s

import (
	"path"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// apiServers are the etcd addresses the kube-apiserver containers of a
// document use (--etcd-servers, --etcd-servers-overrides), as client
// endpoint facts: a container whose command runs kube-apiserver, or whose
// image is kube-apiserver's and whose arguments are flags.
func apiServers(f *podspec.File, doc *yaml.Node) []*fact.Endpoint {
	var out []*fact.Endpoint
	podSpecs(f, doc, func(spec *yaml.Node) {
		for _, key := range []string{"initContainers", "containers"} {
			list, _ := yamlpos.Lookup(spec, key)
			if list == nil || list.Kind != yaml.SequenceNode {
				continue
			}
			for _, c := range list.Content {
				out = append(out, apiServer(f, c)...)
			}
		}
	})
	return out
}

func apiServer(f *podspec.File, c *yaml.Node) []*fact.Endpoint {
	if c.Kind != yaml.MappingNode {
		return nil
	}
	cmd, _ := branch(c, "command")
	args, _ := branch(c, "args")
	items := append(f.Items(cmd), f.Items(args)...)
	var argv []cmdline.Word
	for _, it := range items {
		argv = append(argv, it.Word)
	}
	switch {
	case len(argv) == 0:
		return nil
	case cmd != nil && len(cmd.Content) > 0:
		if path.Base(argv[0].Value) != "kube-apiserver" {
			return nil
		}
	case strings.HasPrefix(argv[0].Value, "-") && apiServerImage(c):
		// the image's entrypoint is kube-apiserver
		argv = append([]cmdline.Word{{Value: "kube-apiserver"}}, argv...)
	default:
		return nil
	}
	return shellcmd.ArgvClients(argv, nil, f.Schema).Endpoints
}

// apiServerImage reports whether a container runs a kube-apiserver image
// ("registry.k8s.io/kube-apiserver:v1.30.0").
func apiServerImage(c *yaml.Node) bool {
	img, _ := branch(c, "image")
	if img == nil || img.Kind != yaml.ScalarNode {
		return false
	}
	ref, _, _ := strings.Cut(img.Value, "@")
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		ref = ref[:i]
	}
	base := path.Base(ref)
	return base == "kube-apiserver" || strings.HasPrefix(base, "kube-apiserver-")
}
