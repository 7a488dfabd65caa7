package etcdconfig

import (
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Nested returns a process for every mapping, at any depth of any YAML
// document in src, whose keys are etcd's: a test harness with an etcd:
// block per member, an Ansible role's etcd_settings:, a values file's etcd
// section, a config whose file name says nothing. A mapping counts when two
// of its keys only etcd uses, or when it sits under a key that names etcd,
// has one such key and most of its keys are etcd settings (a kOps
// etcdClusters item's name and version are not). Mappings that hold a span of
// skip (settings another kind already read) are left alone.
func Nested(src []byte, schema fact.Schema, skip []fact.Span) []*fact.Process {
	masked := maskTemplates(src)
	d := yamlpos.New(masked.Src)
	dec := yaml.NewDecoder(strings.NewReader(string(masked.Src)))
	var out []*fact.Process
	for doc := 0; ; doc++ {
		var root yaml.Node
		if err := dec.Decode(&root); err != nil {
			return out // the end, or YAML this scan cannot read
		}
		var top *yaml.Node
		if len(root.Content) > 0 {
			top = root.Content[0]
		}
		yamlpos.Walk(&root, "", func(m *yaml.Node, parent string) bool {
			if m.Kind != yaml.MappingNode || m == top && doc > 0 || !etcdMapping(m, parent, schema, m == top) {
				// etcd reads the first document of its config file only
				return false
			}
			sp := d.Span(m, false)
			for _, s := range skip {
				if sp.Contains(s) {
					return false
				}
			}
			// a document that is itself an etcd key set is a config file
			// whatever its name; a set below a key may be merged with others
			proc := &fact.Process{Form: fact.ConfigFile, Partial: m != top}
			flags := m != top && flagMap(m, parent, schema)
			if flags {
				proc.Form = fact.CommandLine
			}
			r := &Renderer{doc: d, schema: schema, entries: map[*fact.Setting]*entry{}}
			b := &builder{doc: d, src: src, masked: masked, schema: schema, proc: proc, r: r, knownOnly: m != top, flags: flags}
			r.root = &entry{val: m, valSpan: sp, children: len(m.Content) / 2}
			b.mapping(m, "", r.root, m.Style&yaml.FlowStyle != 0)
			if len(proc.Settings) == 0 {
				return false
			}
			proc.Anchor = proc.Settings[0].NameSpan
			proc.Render = r
			out = append(out, proc)
			return true
		})
	}
}

// etcdMapping scores the keys of m. A whole document must be mostly etcd's
// keys: another program's config that shares a few names (name, data-dir,
// debug) is not etcd's, though a section of it may be.
func etcdMapping(m *yaml.Node, parent string, schema fact.Schema, whole bool) bool {
	strong, defined, keys := 0, 0, 0
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i].Value
		keys++
		if k == "apiVersion" || k == "kind" {
			return false
		}
		if etcdKeys[k] {
			strong++
		}
		if schema.Defines(schema.FlagForKey(k)) || nested[k] {
			defined++
		}
	}
	if strong >= 2 {
		return !whole || 2*defined >= keys
	}
	return strings.Contains(strings.ToLower(parent), "etcd") && strong >= 1 && defined >= 2 && 2*defined > keys
}

// argsParent names a mapping whose entries become command-line flags
// (extra_args:, extraArgs:, options:, flags:).
var argsParent = regexp.MustCompile(`(?i)(args|arguments|flags|options)$`)

// flagMap reports whether an etcd key set below another key holds flags: its
// parent says so, or it names at top level a TLS setting that etcd's config
// file only reads inside client- or peer-transport-security (cert-file,
// peer-key-file, client-cert-auth): a role that writes --cert-file.
func flagMap(m *yaml.Node, parent string, schema fact.Schema) bool {
	if argsParent.MatchString(parent) {
		return true
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i].Value
		if nested[k] {
			return false
		}
		peer, isPeer := strings.CutPrefix(k, "peer-")
		if schema.FlagForKey("client-transport-security."+k) == k || isPeer && schema.FlagForKey("peer-transport-security."+peer) == k {
			return true
		}
	}
	return false
}
