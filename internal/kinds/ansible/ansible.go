// Package ansible is the file kind for Ansible task files and playbooks:
// command/shell/raw tasks that start etcd (a string, cmd: or argv:), with
// the ETCD_* keys of the task's and the play's environment: maps. Jinja
// templates of a role (etcd.env.j2, etcd.service.j2) are linted by the
// kind their name without .j2 gives.
package ansible

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// NewKind is the Ansible kind with a classifier for the files its shell tasks
// write through here-documents.
func NewKind(kinds fact.Classifier) fact.Kind { return kind{kinds: kinds} }

type kind struct{ kinds fact.Classifier }

func (kind) Name() string { return "ansible" }

var (
	topList   = fastre.MustCompile(`(?m)^-[ \t]+\S`)
	moduleKey = fastre.MustCompile(`(?m)^[ \t-]+(?:ansible\.builtin\.|ansible\.legacy\.)?(?:command|shell|raw|environment):`)
	roleDir   = regexp.MustCompile(`(?:^|/)(?:tasks|handlers|playbooks)/`)
)

func (kind) Match(p string, src []byte) bool {
	switch path.Ext(p) {
	case ".yml", ".yaml":
	default:
		return false
	}
	if !bytes.Contains(src, []byte("command:")) && !bytes.Contains(src, []byte("shell:")) && !bytes.Contains(src, []byte("raw:")) && !bytes.Contains(src, []byte("environment:")) {
		return false // no module key can match
	}
	return topList.Match(src) && moduleKey.Match(src) && (roleDir.MatchString(p) || bytes.Contains(src, []byte("hosts:")))
}

var modules = map[string]bool{"command": true, "shell": true, "raw": true}

// Parse reads the file as written first: Ansible requires it to be YAML,
// Jinja living inside its strings, and masking would blank the {% %} lines
// and multi-line {{ }} of block scalars into broken indentation. Only a
// file that does not parse as written (an unquoted {{ }} value, which
// Ansible itself refuses) is read with its markup masked.
func (k kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	d := yamlpos.New(src)
	var root yaml.Node
	if yaml.Unmarshal(src, &root) != nil {
		masked := template.Mask(src).Src
		d = yamlpos.New(masked)
		root = yaml.Node{}
		if err := yaml.Unmarshal(masked, &root); err != nil {
			return &fact.Facts{}, []*fact.ParseError{d.SyntaxError(err)}
		}
	}
	y := &yamlcmd.YAML{Doc: d, Src: src, Schema: schema, Facts: &fact.Facts{}, Kinds: k.kinds}
	if len(root.Content) > 0 {
		tasks(y, root.Content[0], nil, map[*fact.Setting]fact.Span{}, map[fact.Span]bool{})
	}
	return y.Facts, y.Errs
}

// tasks walks a list of plays or tasks; env are the environment: maps of
// the enclosing plays and blocks.
func tasks(y *yamlcmd.YAML, seq *yaml.Node, env []*yaml.Node, items map[*fact.Setting]fact.Span, seen map[fact.Span]bool) {
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
			tasks(y, yamlpos.Get(t, key), scope, items, seen)
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
			y.JoinLines = name == "command"
			y.Command(cmd, settings, items)
			clients(y, cmd, scope, seen)
		}
	}
}

// clients adds the etcdctl, etcdutl and HTTP clients a command runs, with
// the ETCDCTL_* keys of its environment: maps in effect. seen keeps an
// address of a play's ETCDCTL_ENDPOINTS from being reported per task.
func clients(y *yamlcmd.YAML, cmd *yaml.Node, scope []*yaml.Node, seen map[fact.Span]bool) {
	var env []shellcmd.EnvWord
	for _, m := range scope {
		if m.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if !strings.HasPrefix(k.Value, "ETCDCTL_") || v.Kind != yaml.ScalarNode {
				continue
			}
			sc, err := y.Scalar(v)
			if err != nil {
				continue
			}
			env = append(env, shellcmd.EnvWord{Name: k.Value, Span: fact.Span{Start: y.Doc.KeySpan(k, false).Start, End: sc.Span.End},
				Value: cmdline.Word{Value: sc.Value, Span: sc.Content, Offsets: sc.Offsets, Dynamic: strings.Contains(sc.Value, "{{")}})
		}
	}
	var f *fact.Facts
	switch cmd.Kind {
	case yaml.ScalarNode:
		sc, err := y.Scalar(cmd)
		if err != nil {
			return
		}
		code := sc.Value
		if y.JoinLines {
			code = strings.ReplaceAll(code, "\n", " ")
		}
		f = shellcmd.ClientsWithEnv(code, sc.Offsets, env, y.Schema)
	case yaml.SequenceNode:
		var argv []cmdline.Word
		for _, item := range cmd.Content {
			sc, err := y.Scalar(item)
			if err != nil {
				return
			}
			argv = append(argv, cmdline.Word{Value: sc.Value, Span: sc.Span, Offsets: sc.Offsets, Dynamic: strings.Contains(sc.Value, "{{")})
		}
		f = shellcmd.ArgvClients(argv, env, y.Schema)
	default:
		return
	}
	for _, e := range f.Endpoints {
		if !seen[e.Span] {
			seen[e.Span] = true
			y.Facts.Endpoints = append(y.Facts.Endpoints, e)
		}
	}
	y.Facts.Invocations = append(y.Facts.Invocations, f.Invocations...)
	y.Facts.LogParsers = append(y.Facts.LogParsers, f.LogParsers...)
}
