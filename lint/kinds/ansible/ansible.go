// Package ansible is the file kind for Ansible task files and playbooks:
// command/shell/raw tasks that start etcd (a string, cmd: or argv:), with
// the ETCD_* keys of the task's and the play's environment: maps. Jinja
// templates of a role (etcd.env.j2, etcd.service.j2) are linted by the
// kind their name without .j2 gives.
package ansible

import (
	"path"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/lint/kinds/nested"
	"github.com/etcdlint/etcdlint/lint/kinds/template"
	"github.com/etcdlint/etcdlint/lint/kinds/yamlpos"
)

// Kind is the Ansible kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "ansible" }

var (
	topList   = regexp.MustCompile(`(?m)^-[ \t]+\S`)
	moduleKey = regexp.MustCompile(`(?m)^[ \t-]+(?:ansible\.builtin\.|ansible\.legacy\.)?(?:command|shell|raw|environment):`)
	roleDir   = regexp.MustCompile(`(?:^|/)(?:tasks|handlers|playbooks)/`)
)

func (kind) Match(p string, src []byte) bool {
	switch path.Ext(p) {
	case ".yml", ".yaml":
	default:
		return false
	}
	return topList.Match(src) && moduleKey.Match(src) && (roleDir.MatchString(p) || strings.Contains(string(src), "hosts:"))
}

var modules = map[string]bool{"command": true, "shell": true, "raw": true}

func (kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	masked := template.Mask(src).Src
	d := yamlpos.New(masked)
	y := &nested.YAML{Doc: d, Src: src, Schema: schema, Facts: &fact.Facts{}}
	var root yaml.Node
	if err := yaml.Unmarshal(masked, &root); err != nil {
		return y.Facts, []*fact.ParseError{d.SyntaxError(err)}
	}
	if len(root.Content) > 0 {
		tasks(y, root.Content[0], nil, map[*fact.Setting]fact.Span{})
	}
	return y.Facts, y.Errs
}

// tasks walks a list of plays or tasks; env are the environment: maps of
// the enclosing plays and blocks.
func tasks(y *nested.YAML, seq *yaml.Node, env []*yaml.Node, items map[*fact.Setting]fact.Span) {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return
	}
	for _, t := range seq.Content {
		if t.Kind != yaml.MappingNode {
			continue
		}
		scope := env
		if e := yamlpos.Get(t, "environment"); e != nil {
			scope = append(append([]*yaml.Node(nil), env...), e)
		}
		for _, key := range []string{"tasks", "pre_tasks", "post_tasks", "handlers", "block", "rescue", "always"} {
			tasks(y, yamlpos.Get(t, key), scope, items)
		}
		for i := 0; i+1 < len(t.Content); i += 2 {
			name := strings.TrimPrefix(strings.TrimPrefix(t.Content[i].Value, "ansible.builtin."), "ansible.legacy.")
			if !modules[name] {
				continue
			}
			cmd := t.Content[i+1]
			if cmd.Kind == yaml.MappingNode {
				if c := yamlpos.Get(cmd, "cmd"); c != nil {
					cmd = c
				} else if a := yamlpos.Get(cmd, "argv"); a != nil {
					cmd = a
				}
			}
			if a := yamlpos.Get(t, "args"); a != nil && cmd.Kind == yaml.ScalarNode && cmd.Value == "" {
				if c := yamlpos.Get(a, "cmd"); c != nil {
					cmd = c
				} else if v := yamlpos.Get(a, "argv"); v != nil {
					cmd = v
				}
			}
			var settings []*fact.Setting
			for _, e := range scope {
				settings = append(settings, y.Env(e, items)...)
			}
			y.Command(cmd, settings, items)
		}
	}
}
