package nested

import (
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/lint/kinds/cmdline"
	"github.com/etcdlint/etcdlint/lint/kinds/shell"
	"github.com/etcdlint/etcdlint/lint/kinds/template"
	"github.com/etcdlint/etcdlint/lint/kinds/yamlpos"
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
			if sp.Start <= s.Start && s.End <= sp.End {
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
		walkCommands(&root, "", func(n *yaml.Node, key string) bool {
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
				procs, errs := shell.ParseCommand(sc.Value, sc.Offsets, schema)
				if len(errs) == 0 {
					y.Facts.Processes = append(y.Facts.Processes, procs...)
				}
				y.Facts.Merge(shell.ParseClients(sc.Value, sc.Offsets, schema))
			}
			return false
		})
	}
}

// walkCommands calls f on every sequence and on every scalar, with the key
// it is the value (or an item of the value) of; a sequence f took is not
// descended.
func walkCommands(n *yaml.Node, key string, f func(n *yaml.Node, key string) bool) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			walkCommands(c, key, f)
		}
	case yaml.SequenceNode:
		if f(n, key) {
			return
		}
		for _, c := range n.Content {
			walkCommands(c, key, f)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkCommands(n.Content[i+1], n.Content[i].Value, f)
		}
	case yaml.ScalarNode:
		f(n, key)
	}
}
