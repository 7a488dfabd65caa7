// Package etcdconfig is the file kind for etcd's YAML --config-file,
// including Jinja and Helm templates of it. It is recognised by content:
// top-level keys that only etcd uses.
package etcdconfig

import (
	"bytes"
	"path"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the etcd config file kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "etcd-config" }

// etcdKeys are top-level keys that say a YAML file is an etcd config file.
// Strong keys are used by etcd and hardly anything else; weak keys are
// common words that only count next to a strong one.
var etcdKeys = map[string]bool{
	"listen-client-urls": true, "listen-peer-urls": true, "listen-metrics-urls": true,
	"advertise-client-urls": true, "initial-advertise-peer-urls": true,
	"initial-cluster": true, "initial-cluster-token": true, "initial-cluster-state": true,
	"client-transport-security": true, "peer-transport-security": true,
	"wal-dir": true, "snapshot-count": true, "heartbeat-interval": true, "election-timeout": true,
	"quota-backend-bytes": true, "auto-compaction-retention": true, "auto-compaction-mode": true,
	"enable-v2": true, "enable-grpc-gateway": true, "force-new-cluster": true, "strict-reconfig-check": true,
	"log-outputs": true, "log-output": true, "log-package-levels": true, "max-snapshots": true, "max-wals": true,
	"experimental-backend-bbolt-freelist-type": true, "backend-bbolt-freelist-type": true, "discovery-srv": true,
	// 3.6's names for experimental-* keys, so a file stays etcd's after a fix renames them
	"compaction-batch-limit": true, "compaction-sleep-interval": true, "compact-hash-check-time": true,
	"corrupt-check-time": true, "downgrade-check-time": true, "watch-progress-notify-interval": true,
	"snapshot-catchup-entries": true, "warning-apply-duration": true, "bootstrap-defrag-threshold-megabytes": true,
	"max-learners": true, "memory-mlock": true,

	"name": false, "data-dir": false, "logger": false, "log-level": false, "debug": false,
	"metrics": false, "discovery": false, "proxy": false, "cors": false, "feature-gates": false,
}

var topKey = fastre.MustCompile(`(?m)^(?:\x{FEFF})?("?)([A-Za-z][A-Za-z0-9_-]*)("?)[ \t]*:(?:[ \t]|\r?$)`)

// docStart matches a "---" line; after the first key it starts a second
// document.
var docStart = fastre.MustCompile(`(?m)^---(?:[ \t]|\r?$)`)

func (kind) Match(p string, src []byte) bool {
	base := path.Base(p)
	switch path.Ext(strings.TrimSuffix(base, ".j2")) {
	case ".yaml", ".yml", ".conf":
	default:
		if !strings.HasSuffix(base, ".j2") {
			return false
		}
	}
	text := maskTemplates(src).Src
	strong, weak := 0, 0
	var keys []string
	firstKey := -1
	for _, m := range topKey.FindAllSubmatchIndex(text, -1) {
		key := string(text[m[4]:m[5]])
		keys = append(keys, key)
		if firstKey < 0 {
			firstKey = m[0]
		}
		if s, ok := etcdKeys[key]; ok && s || strings.HasPrefix(key, "experimental-") {
			strong++ // etcd's experimental-* keys are its own, as on a command line
		} else if ok {
			weak++
		}
	}
	if strong == 0 || strong+weak < 2 || slices.Contains(keys, "apiVersion") && slices.Contains(keys, "kind") {
		return false
	}
	for _, m := range docStart.FindAllIndex(text, -1) {
		if m[0] > firstKey {
			return false
		}
	}
	return true
}

// maskTemplates blanks template markup in place, and also the lines that
// hold nothing but a {{ }} expression (Helm's {{- if }}, {{ include }}):
// they are not YAML content.
func maskTemplates(src []byte) *template.Masked {
	m := template.Mask(src)
	done := -1 // the end of the last line looked at: each line once
	for _, e := range m.Expressions {
		if e.Start < done {
			continue
		}
		start := bytes.LastIndexByte(m.Src[:e.Start], '\n') + 1
		end := len(m.Src)
		if k := bytes.IndexByte(m.Src[e.End:], '\n'); k >= 0 {
			end = e.End + k
		}
		done = end
		if len(bytes.Trim(m.Src[start:end], " \t\rx")) == 0 {
			for i := start; i < end; i++ {
				if m.Src[i] == 'x' {
					m.Src[i] = ' '
				}
			}
		}
	}
	return m
}

// nested are the keys whose value is a mapping of further keys; each leaf
// becomes a setting with a dotted name ("client-transport-security.cert-file").
var nested = map[string]bool{
	"client-transport-security": true, "peer-transport-security": true,
	"discovery-config": true, "socket-options": true,
}

func (kind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	masked := maskTemplates(src)
	d := yamlpos.New(masked.Src)
	var root yaml.Node
	if err := yaml.Unmarshal(masked.Src, &root); err != nil {
		facts := &fact.Facts{}
		if p := scanLines(src, masked, schema); p != nil {
			facts.Processes = append(facts.Processes, p)
		}
		return facts, []*fact.ParseError{d.SyntaxError(err)}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return &fact.Facts{}, []*fact.ParseError{{Offset: 0, Msg: "an etcd config file must be a YAML mapping of keys"}}
	}
	top := root.Content[0]
	if !mostlyEtcd(top, schema) && !strings.Contains(strings.ToLower(path.Base(p)), "etcd") {
		// another program's config that shares a few names (name,
		// data-dir, debug): only its etcd sections are etcd's. A file
		// named for etcd stays etcd's, typos and all.
		return &fact.Facts{Processes: Nested(src, schema, nil)}, nil
	}
	proc := &fact.Process{Form: fact.ConfigFile}
	r := &Renderer{doc: d, schema: schema, entries: map[*fact.Setting]*entry{}}
	b := &builder{doc: d, src: src, masked: masked, schema: schema, proc: proc, r: r}
	r.root = &entry{val: top, valSpan: d.Span(top, false), children: len(top.Content) / 2}
	b.mapping(top, "", r.root, top.Style&yaml.FlowStyle != 0)
	if len(proc.Settings) > 0 {
		proc.Anchor = proc.Settings[0].NameSpan
	} else {
		proc.Anchor = fact.Span{Start: d.LineStart(1), End: d.LineEnd(d.LineStart(1))}
	}
	proc.Render = r
	return &fact.Facts{Processes: []*fact.Process{proc}}, nil
}

// mostlyEtcd reports whether at least half of a mapping's keys are keys of
// some etcd version (or sections etcd reads).
func mostlyEtcd(m *yaml.Node, schema fact.Schema) bool {
	defined, keys := 0, 0
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i].Value
		keys++
		if _, known := etcdKeys[k]; known || nested[k] || strings.HasPrefix(k, "experimental-") || schema.Defines(schema.FlagForKey(k)) {
			defined++
		}
	}
	return 2*defined >= keys
}

// entry is one key: value pair of the file, a setting or a mapping of
// nested settings, with what the renderer needs to edit it in place.
type entry struct {
	parent   *entry
	key, val *yaml.Node
	keySpan  fact.Span
	// colon is the offset just past the key's ':'.
	colon   int
	valSpan fact.Span
	// flow is true for an entry inside { }.
	flow bool
	// children counts the entries of a mapping value.
	children int
	// items are the spans of a sequence value's items.
	items []fact.Span
}

// end is where the entry's text ends: its value, or the colon when the
// value is empty.
func (e *entry) end() int { return max(e.colon, e.valSpan.End) }

type builder struct {
	doc    *yamlpos.Doc
	src    []byte
	masked *template.Masked
	schema fact.Schema
	proc   *fact.Process
	r      *Renderer
	// knownOnly skips keys no etcd version defines: in a mapping below
	// another file's key, they are that file's own (an image, a version).
	knownOnly bool
	// flags: the mapping's keys are flag names that a role or an operator
	// turns into --key=value, not keys of etcd's config file.
	flags bool
}

func (b *builder) mapping(m *yaml.Node, prefix string, parent *entry, flow bool) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		e := &entry{parent: parent, key: k, val: v, flow: flow}
		e.keySpan = b.doc.KeySpan(k, flow)
		e.colon = e.keySpan.End
		if i := bytes.IndexByte(b.doc.Src()[e.keySpan.End:max(b.doc.Start(v), e.keySpan.End)], ':'); i >= 0 {
			e.colon += i + 1
		}
		vflow := flow || v.Style&yaml.FlowStyle != 0
		e.valSpan = b.doc.Span(v, flow)
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" {
			e.valSpan = fact.Span{Start: e.colon, End: e.colon}
		} else if v.Kind == yaml.ScalarNode && v.Style == 0 {
			e.valSpan = b.widen(e.valSpan, e.colon)
		}
		if b.masked.Templated(e.keySpan) {
			continue // the key's name is not known
		}
		raw := prefix + k.Value
		if b.knownOnly && prefix == "" && !nested[k.Value] && !b.schema.Defines(b.schema.FlagForKey(raw)) {
			continue
		}
		if v.Kind == yaml.MappingNode && len(v.Content) > 0 && (prefix != "" || nested[k.Value]) {
			e.children = len(v.Content) / 2
			b.mapping(v, raw+".", e, vflow)
			continue
		}
		s := &fact.Setting{
			Name:      b.schema.FlagForKey(raw),
			Surface:   fact.ConfigKey,
			Raw:       raw,
			Span:      fact.Span{Start: e.keySpan.Start, End: e.end()},
			NameSpan:  e.keySpan,
			HasValue:  true,
			ValueSpan: e.valSpan,
			Templated: b.masked.Templated(e.valSpan),
			Process:   b.proc,
		}
		if b.flags {
			s.Name, s.Surface, s.Raw = raw, fact.Flag, "--"+raw
		} else {
			s.YAMLType = yamlType(v)
		}
		if v.Kind == yaml.SequenceNode {
			var items []string
			for _, it := range v.Content {
				sp := b.doc.Span(it, vflow)
				e.items = append(e.items, sp)
				if val := b.value(it, sp); val != "" {
					items = append(items, val)
				}
			}
			s.Value = strings.Join(items, ",")
		} else {
			s.Value = b.value(v, e.valSpan)
		}
		b.r.entries[s] = e
		b.proc.Settings = append(b.proc.Settings, s)
	}
}

// yamlType is the type etcd's loader (YAML 1.1 through sigs.k8s.io/yaml)
// gives a value node.
func yamlType(v *yaml.Node) string {
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	switch v.Kind {
	case yaml.SequenceNode:
		return "seq"
	case yaml.MappingNode:
		return "map"
	case yaml.ScalarNode:
		if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return "str"
		}
		if v.Tag == "!!null" && v.Value == "" {
			return "null"
		}
		return resolve(v.Value)
	}
	return ""
}

// widen extends the span of a plain value over the {% %} and {# #} markup
// that touches it on its line (the mask blanked it, but it is part of the
// value as written), not back past from.
func (b *builder) widen(sp fact.Span, from int) fact.Span {
	from = min(from, sp.Start)
	lineEnd := b.doc.LineEnd(sp.End)
	for {
		rest := bytes.TrimLeft(b.src[sp.End:lineEnd], " \t")
		closing := statementClose(rest)
		if closing < 0 {
			break
		}
		sp.End = lineEnd - len(rest) + closing
	}
	for {
		before := bytes.TrimRight(b.src[from:sp.Start], " \t")
		if !bytes.HasSuffix(before, []byte("%}")) && !bytes.HasSuffix(before, []byte("#}")) {
			break
		}
		open := max(bytes.LastIndex(before, []byte("{%")), bytes.LastIndex(before, []byte("{#")))
		if open < 0 {
			break
		}
		sp.Start = from + open
	}
	return sp
}

// statementClose is the length of the {% %} or {# #} markup that text
// starts with, or -1.
func statementClose(text []byte) int {
	for _, p := range [][2]string{{"{%", "%}"}, {"{#", "#}"}} {
		if bytes.HasPrefix(text, []byte(p[0])) {
			if i := bytes.Index(text[2:], []byte(p[1])); i >= 0 {
				return i + 4
			}
		}
	}
	return -1
}

// value is what etcd reads from node n written at sp: the decoded scalar,
// or for templated scalars and other nodes the text as written.
func (b *builder) value(n *yaml.Node, sp fact.Span) string {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch {
	case n.Kind != yaml.ScalarNode:
		return string(b.src[sp.Start:sp.End])
	case n.Tag == "!!null":
		return ""
	case b.masked.Templated(sp) && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return string(b.src[sp.Start+1 : max(sp.End-1, sp.Start+1)])
	case b.masked.Templated(sp):
		return string(b.src[sp.Start:sp.End])
	}
	return n.Value
}
