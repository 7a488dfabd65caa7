// Package sandbox boots an etcd binary the way a file configures it, but on
// loopback ports with a throwaway data directory: only the addresses, data
// directories, cluster bootstrap and log destinations of the invocation are
// rewritten; every other flag, variable and config key reaches etcd as
// written. The tests use it to check our rules against real etcd, and
// `etcdlint verify` to boot the user's own binary.
package sandbox

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Setting is a flag or environment variable of an invocation.
type Setting struct {
	Surface fact.Surface // fact.Flag or fact.Env
	// Name is the canonical flag name; Raw is the flag as written
	// ("--debug", "-name") or the variable name.
	Name, Raw string
	Value     string
	HasValue  bool
}

// Invocation is what one etcd process is started with.
type Invocation struct {
	Settings []Setting
	// Config is the content of the YAML --config-file, nil without one.
	// With a config file etcd ignores the other flags and variables, but
	// they are passed on all the same.
	Config []byte
	// PlainHTTP serves the sandbox's URLs over http even where the
	// invocation asks for https: for test fixtures whose certificates
	// do not exist on this machine.
	PlainHTTP bool
	// TestCerts points every TLS file the invocation names (flags,
	// variables, the client-/peer-transport-security keys of a config
	// file) at a throwaway CA and loopback certificate made in the
	// sandbox, so that https invocations boot for real; the health wait
	// then goes over https, trusting that CA. Revocation lists are dropped.
	TestCerts bool
}

// FromProcess turns a process found in a file into an invocation. src is
// the file's content (a config-file process is the file itself); read
// loads a config file that a command line or env file names.
func FromProcess(p *fact.Process, src []byte, read func(path string) ([]byte, error)) (*Invocation, error) {
	if p.Subcommand != "" {
		return nil, fmt.Errorf("etcd %s is not an etcd server", p.Subcommand)
	}
	inv := &Invocation{}
	if p.Form == fact.ConfigFile {
		for _, s := range p.Settings {
			if s.Templated {
				return nil, fmt.Errorf("the value of %s is a template: render it first", s.Raw)
			}
		}
		inv.Config = configOf(p, src)
		return inv, nil
	}
	for _, s := range p.Settings {
		if s.Templated {
			return nil, fmt.Errorf("the value of %s is a template or a variable: render it first", s.Raw)
		}
		if s.Surface == fact.ConfigKey {
			continue
		}
		inv.Settings = append(inv.Settings, Setting{Surface: s.Surface, Name: s.Name, Raw: s.Raw, Value: s.Value, HasValue: s.HasValue})
		if s.Name == "config-file" && s.HasValue && s.Value != "" && inv.Config == nil {
			b, err := read(s.Value)
			if err != nil {
				return nil, fmt.Errorf("it reads the config file %s, which cannot be read here: %v", s.Value, err)
			}
			inv.Config = b
		}
	}
	return inv, nil
}

// configOf is the YAML of a config-file process: src itself, or, for a
// config file embedded in another file (a Markdown code block, a
// ConfigMap), the lines its settings span, dedented.
func configOf(p *fact.Process, src []byte) []byte {
	var m map[string]any
	if yaml.Unmarshal(src, &m) == nil || len(p.Settings) == 0 {
		return src
	}
	start, end := len(src), 0
	for _, s := range p.Settings {
		start, end = min(start, s.Span.Start), max(end, s.Span.End)
	}
	if start >= end || end > len(src) {
		return src
	}
	start = bytes.LastIndexByte(src[:start], '\n') + 1
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		end += i + 1
	} else {
		end = len(src)
	}
	lines := strings.SplitAfter(string(src[start:end]), "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " ")); indent < 0 || n < indent {
			indent = n
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if len(l) >= indent && strings.TrimSpace(l[:max(indent, 0)]) == "" {
			l = l[max(indent, 0):]
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}

// ports are the loopback ports of one boot.
type ports struct{ client, peer, metrics, clientHTTP int }

func (p ports) url(scheme string, port int) string {
	return scheme + "://127.0.0.1:" + strconv.Itoa(port)
}

// dropped are settings that would reach out to other machines: the
// sandbox always bootstraps a one-member cluster from initial-cluster.
var dropped = map[string]bool{"discovery": true, "discovery-srv": true, "discovery-endpoints": true}

// overrides are the values the sandbox imposes, by canonical name; those
// marked always are added when the invocation does not set them.
func (inv *Invocation) overrides(dir string, pt ports, certs *Certs) (set map[string]string, always []string) {
	scheme := func(name string) string {
		if !inv.PlainHTTP && strings.HasPrefix(strings.TrimSpace(inv.lookup(name)), "https://") {
			return "https"
		}
		return "http"
	}
	client := pt.url(scheme("listen-client-urls"), pt.client)
	peer := pt.url(scheme("listen-peer-urls"), pt.peer)
	name := inv.lookup("name")
	if name == "" {
		name = "default"
	}
	set = map[string]string{
		"listen-client-urls":          client,
		"advertise-client-urls":       client,
		"listen-peer-urls":            peer,
		"initial-advertise-peer-urls": peer,
		"initial-cluster":             name + "=" + peer,
		"initial-cluster-state":       "new",
		"data-dir":                    filepath.Join(dir, "data"),
		// /health is polled here over plain HTTP, whatever TLS the client URLs use.
		"listen-metrics-urls":     pt.url("http", pt.metrics),
		"wal-dir":                 filepath.Join(dir, "wal"),
		"listen-client-http-urls": pt.url(scheme("listen-client-http-urls"), pt.clientHTTP),
		"log-outputs":             safeOutputs(inv.lookup("log-outputs")),
	}
	if certs != nil {
		for name, file := range tlsFiles {
			set[name] = file(certs)
		}
	}
	always = []string{"listen-client-urls", "advertise-client-urls", "listen-peer-urls",
		"initial-advertise-peer-urls", "initial-cluster", "initial-cluster-state", "data-dir", "listen-metrics-urls"}
	return set, always
}

// safeOutputs keeps the log outputs that write to the process's own
// streams; files and the journal become stderr, where the sandbox reads.
func safeOutputs(v string) string {
	var out []string
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		switch item {
		case "stderr", "stdout", "default":
		default:
			item = "stderr"
		}
		if !strings.Contains(strings.Join(out, ","), item) {
			out = append(out, item)
		}
	}
	return strings.Join(out, ",")
}

// lookup is the value etcd would read for name: the config file wins,
// then a flag, then the environment.
func (inv *Invocation) lookup(name string) string {
	if inv.Config != nil {
		var m map[string]any
		if yaml.Unmarshal(inv.Config, &m) == nil {
			switch v := m[name].(type) {
			case string:
				return v
			case []any:
				var items []string
				for _, it := range v {
					items = append(items, fmt.Sprint(it))
				}
				return strings.Join(items, ",")
			}
		}
		return ""
	}
	val := ""
	for _, s := range inv.Settings {
		if s.Name == name && s.HasValue && s.Value != "" && (s.Surface == fact.Flag || val == "") {
			val = s.Value
		}
	}
	return val
}

// command renders the sandboxed invocation: its arguments, environment and
// the content of its config file (nil without one), and what of the
// user's text it substituted ("data-dir /var/lib/etcd → /tmp/…/data").
func (inv *Invocation) command(dir string, pt ports, certs *Certs) (args, env []string, config []byte, subs []string, err error) {
	set, always := inv.overrides(dir, pt, certs)
	if inv.Config != nil {
		config, subs, err = sandboxConfig(inv.Config, set, always, certs != nil)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		set = nil // etcd reads these from the config file only
	}
	seen := map[string]bool{}
	configPath := filepath.Join(dir, "etcd.conf.yml")
	for _, s := range inv.Settings {
		if dropped[s.Name] || certs != nil && crlFiles[s.Name] {
			subs = append(subs, s.Raw+" left out")
			continue
		}
		value, has := s.Value, s.HasValue
		if v, ok := set[s.Name]; ok && (has || s.Surface == fact.Env) {
			if v != value {
				was := value
				if !has {
					was = "(no value)"
				}
				subs = append(subs, s.Raw+" "+was+" → "+v)
			}
			value, has = v, true
			seen[s.Name] = true
		}
		if s.Name == "config-file" && config != nil {
			value, has = configPath, true
		}
		switch s.Surface {
		case fact.Flag:
			flag := s.Raw
			if !strings.HasPrefix(flag, "-") {
				flag = "--" + flag // a map key the program turns into a flag
			}
			if has {
				args = append(args, flag+"="+value)
			} else {
				args = append(args, flag)
			}
		case fact.Env:
			env = append(env, s.Raw+"="+value)
		}
	}
	if config != nil && !hasSetting(inv.Settings, "config-file") {
		args = append(args, "--config-file="+configPath)
	}
	for _, name := range always {
		if v, ok := set[name]; ok && !seen[name] {
			args = append(args, "--"+name+"="+v)
		}
	}
	return args, env, config, subs, nil
}

func hasSetting(settings []Setting, name string) bool {
	for _, s := range settings {
		if s.Name == name {
			return true
		}
	}
	return false
}

// sandboxConfig rewrites the keys of a YAML config file that the sandbox
// imposes and keeps every other node as written, styles and tags included.
func sandboxConfig(src []byte, set map[string]string, always []string, certs bool) ([]byte, []string, error) {
	var doc yaml.Node
	var subs []string
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, nil, fmt.Errorf("the config file is not YAML etcd can read: %v", err)
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("the config file is not a YAML mapping")
	}
	// value is the node for a substituted value; log-outputs keeps the
	// user's form, so a list key written as one value still fails as it
	// would outside the sandbox
	value := func(key, v string, old *yaml.Node) *yaml.Node {
		if key == "log-outputs" && (old == nil || old.Kind == yaml.SequenceNode) {
			seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for item := range strings.SplitSeq(v, ",") {
				seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: item})
			}
			return seq
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	}
	seen := map[string]bool{}
	var kept []*yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if dropped[k.Value] || certs && crlFiles[k.Value] {
			subs = append(subs, k.Value+" left out")
			continue
		}
		if prefix, ok := tlsSections[k.Value]; ok && v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				if nv, ok := set[prefix+v.Content[j].Value]; ok && tlsFiles[prefix+v.Content[j].Value] != nil {
					subs = append(subs, k.Value+"."+v.Content[j].Value+" "+v.Content[j+1].Value+" → "+nv)
					v.Content[j+1] = value(v.Content[j].Value, nv, v.Content[j+1])
				}
			}
		}
		if nv, ok := set[k.Value]; ok {
			if k.Value == "log-outputs" && v.Kind == yaml.SequenceNode {
				var items []string
				for _, it := range v.Content {
					items = append(items, it.Value)
				}
				nv = safeOutputs(strings.Join(items, ","))
			}
			if was := yamlText(v); strings.ReplaceAll(strings.Trim(was, "[]"), " ", "") != nv {
				subs = append(subs, k.Value+" "+was+" → "+nv)
			}
			v = value(k.Value, nv, v)
			seen[k.Value] = true
		}
		kept = append(kept, k, v)
	}
	for _, key := range always {
		if !seen[key] {
			kept = append(kept, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, value(key, set[key], nil))
		}
	}
	root.Content = kept
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(&doc); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), subs, enc.Close()
}

// yamlText is a value as the user wrote it, for the substitution list.
func yamlText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	var items []string
	for _, it := range n.Content {
		items = append(items, yamlText(it))
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// writeConfig stores the sandboxed config file where command points etcd.
func writeConfig(dir string, config []byte) error {
	if config == nil {
		return nil
	}
	return os.WriteFile(filepath.Join(dir, "etcd.conf.yml"), config, 0o600)
}
