package yamlcmd

import (
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// commandKey names a value that is a command in most YAML dialects: a
// compose or CI file, a pod someone wrote by hand, a tool's own config.
var commandKey = regexp.MustCompile(`(?i)^(?:command|cmd|args|entrypoint|exec|execstart|script|run|shell|start|before_install|install|before_script)$`)

// Commands reads the etcd command lines and client runs of a YAML file that
// no kind reads as a whole (an old compose file, a CI file, a tool's
// config): argument vectors whose first item is etcd, and command strings
// under keys that hold commands. Nodes that hold a span of skip were read
// already. A file that is no YAML gives nothing.
func Commands(src []byte, schema fact.Schema, skip []fact.Span) *fact.Facts {
	masked := template.Mask(src)
	y := &YAML{Doc: yamlpos.New(masked.Src), Src: src, Schema: schema, Facts: &fact.Facts{}}
	dec := yaml.NewDecoder(strings.NewReader(string(masked.Src)))
	read := func(n *yaml.Node) bool {
		sp := y.Doc.Span(n, false)
		for _, s := range skip {
			if sp.Contains(s) {
				return false
			}
		}
		return true
	}
	for {
		var root yaml.Node
		if err := dec.Decode(&root); err != nil {
			return y.Facts
		}
		metricsets(y, &root)
		yamlpos.Walk(&root, "", func(n *yaml.Node, key string) bool {
			if n.Kind == yaml.MappingNode {
				return false
			}
			if !read(n) {
				return true
			}
			switch {
			case n.Kind == yaml.SequenceNode && len(n.Content) > 1 && n.Content[0].Kind == yaml.ScalarNode &&
				cmdline.Program(n.Content[0].Value) == cmdline.Etcd:
				y.Command(n, nil, nil)
				return true
			case n.Kind == yaml.ScalarNode && commandKey.MatchString(key) && strings.Contains(n.Value, "etcd"):
				sc, err := y.Scalar(n)
				if err != nil {
					return true
				}
				procs, errs := shellcmd.ParseCommand(sc.Value, sc.Offsets, schema)
				if len(errs) == 0 {
					y.Facts.Processes = append(y.Facts.Processes, procs...)
				}
				y.Facts.Merge(shellcmd.ParseClients(sc.Value, sc.Offsets, schema))
			}
			return false
		})
	}
}

// v2Metricsets are the metricsets of Metricbeat's etcd module that poll
// the v2 stats API.
var v2Metricsets = map[string]string{"leader": "/v2/stats/leader", "self": "/v2/stats/self", "store": "/v2/stats/store"}

// metricsets reads the collectors that poll etcd's v2 stats API:
// Metricbeat's etcd module ("module: etcd" with its "metricsets:" list:
// the v2 metricsets), and an instance of the Datadog Agent's etcd check
// with "use_preview: false" (its legacy mode reads /v2/stats/self, store
// and leader; the default reads /metrics).
func metricsets(y *YAML, n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		var module, sets, preview, url *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			switch n.Content[i].Value {
			case "module":
				module = n.Content[i+1]
			case "metricsets":
				sets = n.Content[i+1]
			case "use_preview":
				preview = n.Content[i+1]
			case "url":
				url = n.Content[i+1]
			}
		}
		if preview != nil && url != nil && preview.Kind == yaml.ScalarNode && legacyEtcdCheck(preview.Value, url.Value) {
			y.Facts.Endpoints = append(y.Facts.Endpoints, &fact.Endpoint{Path: "/v2/stats/self", Span: y.Doc.Span(preview, false),
				Context: "the Datadog etcd check with use_preview: " + preview.Value + ", also /v2/stats/store and /v2/stats/leader",
				Instead: "set use_preview: true (the check then reads /metrics; its metric names change)"})
		}
		if module != nil && module.Value == "etcd" && sets != nil && sets.Kind == yaml.SequenceNode {
			for _, it := range sets.Content {
				if p, ok := v2Metricsets[it.Value]; ok && it.Kind == yaml.ScalarNode {
					y.Facts.Endpoints = append(y.Facts.Endpoints, &fact.Endpoint{Path: p, Span: y.Doc.Span(it, sets.Style&yaml.FlowStyle != 0),
						Context: "metricbeat etcd metricset " + it.Value, Instead: "use the metrics metricset"})
				}
			}
		}
	}
	for _, c := range n.Content {
		metricsets(y, c)
	}
}

// legacyEtcdCheck reports whether a Datadog check instance with url and
// use_preview set to preview runs the etcd check's v2 mode: preview is a
// word Datadog reads as false, and url is an etcd member's.
func legacyEtcdCheck(preview, url string) bool {
	switch strings.ToLower(preview) {
	case "false", "no", "off", "0", "n":
	default:
		return false
	}
	return strings.Contains(url, ":2379") || strings.Contains(url, ":4001") || strings.Contains(strings.ToLower(url), "etcd")
}
