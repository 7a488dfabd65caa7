package kubeadm

import (
	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// apiServer returns the etcd addresses of a ClusterConfiguration's
// apiServer.extraArgs (etcd-servers, etcd-servers-overrides; "key: value"
// or "- name: key / value: v" items) as client endpoint facts: kubeadm
// writes them on the kube-apiserver static pod's command line.
func apiServer(f *podspec.File, c cc) []*fact.Endpoint {
	args := yamlpos.Get(yamlpos.Get(c.m, "apiServer"), "extraArgs")
	if args == nil {
		return nil
	}
	var out []*fact.Endpoint
	add := func(name string, v *yaml.Node) {
		if v == nil || v.Kind != yaml.ScalarNode {
			return
		}
		sc, ok := f.Text(v)
		if !ok || f.Masked.Templated(sc.Span) {
			return
		}
		w := cmdline.Word{Value: sc.Value, Span: sc.Span, Offsets: sc.Offsets}
		out = append(out, shellcmd.EtcdServers(name, w, "kubeadm apiServer.extraArgs "+name)...)
	}
	switch args.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(args.Content); i += 2 {
			add(args.Content[i].Value, args.Content[i+1])
		}
	case yaml.SequenceNode:
		for _, it := range args.Content {
			if n := yamlpos.Get(it, "name"); n != nil && n.Kind == yaml.ScalarNode {
				add(n.Value, yamlpos.Get(it, "value"))
			}
		}
	}
	return out
}
