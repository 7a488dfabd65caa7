package etcdconfig

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// testSchema stands in for the rule catalogue with the few keys and
// booleans the tests use.
type testSchema struct{}

var schema testSchema

var testKeys = map[string]string{
	"client-transport-security.cert-file":      "cert-file",
	"client-transport-security.key-file":       "key-file",
	"client-transport-security.auto-tls":       "auto-tls",
	"peer-transport-security.cert-file":        "peer-cert-file",
	"peer-transport-security.client-cert-auth": "peer-client-cert-auth",
	"discovery-config.client.secure.cert":      "discovery-cert",
}

func (testSchema) IsBool(flag string) bool {
	switch flag {
	case "debug", "enable-v2", "enable-grpc-gateway", "auto-tls", "peer-client-cert-auth":
		return true
	}
	return false
}

// Defines knows the flags of the test keys and a few more.
func (testSchema) Defines(flag string) bool {
	switch flag {
	case "name", "debug", "enable-v2", "log-output", "log-package-levels", "data-dir", "listen-client-urls", "initial-cluster",
		"cert-file", "peer-cert-file", "snapshot-count", "election-timeout", "max-wals", "max-snapshots", "log-rotation-config-json", "listen-peer-urls":
		return true
	}
	return false
}

func (testSchema) FlagForKey(key string) string {
	if f, ok := testKeys[key]; ok {
		return f
	}
	return key
}

func (testSchema) FlagForEnv(env string) string {
	flag, _ := fact.FlagFromEnv(env)
	return flag
}

// parse parses src and fails the test on parse errors.
func parse(t *testing.T, src string) *fact.Process {
	t.Helper()
	facts, errs := Kind.Parse("etcd.yaml", []byte(src), schema)
	for _, e := range errs {
		t.Fatalf("parse error at %d: %s\n%s", e.Offset, e.Msg, src)
	}
	if len(facts.Processes) != 1 {
		t.Fatalf("got %d processes, want 1", len(facts.Processes))
	}
	return facts.Processes[0]
}

// describe lists each setting: raw, flag, decoded value, then the text of
// its name, value and whole spans.
func describe(src string, p *fact.Process) string {
	var b strings.Builder
	for _, s := range p.Settings {
		fmt.Fprintf(&b, "%s (%s) %q | %q | %q | %q", s.Raw, s.Name, s.Value,
			src[s.NameSpan.Start:s.NameSpan.End], src[s.ValueSpan.Start:s.ValueSpan.End], src[s.Span.Start:s.Span.End])
		if s.Templated {
			b.WriteString(" templated")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestSettings(t *testing.T) {
	src := `# etcd 3.4
name: n1
data-dir: /var/lib/etcd # where the data lives
log-outputs: [default, 'systemd/journal']
listen-client-urls:
  - http://10.0.0.1:2379
  # the second one
  - "http://127.0.0.1:2379"
client-transport-security:
  cert-file: /etc/etcd/server.pem
  auto-tls: true
peer-transport-security: {cert-file: /p.pem, client-cert-auth: true}
discovery-config:
  client:
    secure:
      cert: /d.pem
initial-cluster: >
  n1=https://10.0.0.1:2380,
  n2=https://10.0.0.2:2380
log-rotation-config-json: |
  {"maxsize": 100}
logger:
enable-v2: &off false
experimental-enable-v2v3: *off
initial-cluster-token: long
  token
"debug": 'it''s on'
foo-bar: {a: 1}
`
	want := `name (name) "n1" | "name" | "n1" | "name: n1"
data-dir (data-dir) "/var/lib/etcd" | "data-dir" | "/var/lib/etcd" | "data-dir: /var/lib/etcd"
log-outputs (log-outputs) "default,systemd/journal" | "log-outputs" | "[default, 'systemd/journal']" | "log-outputs: [default, 'systemd/journal']"
listen-client-urls (listen-client-urls) "http://10.0.0.1:2379,http://127.0.0.1:2379" | "listen-client-urls" | "- http://10.0.0.1:2379\n  # the second one\n  - \"http://127.0.0.1:2379\"" | "listen-client-urls:\n  - http://10.0.0.1:2379\n  # the second one\n  - \"http://127.0.0.1:2379\""
client-transport-security.cert-file (cert-file) "/etc/etcd/server.pem" | "cert-file" | "/etc/etcd/server.pem" | "cert-file: /etc/etcd/server.pem"
client-transport-security.auto-tls (auto-tls) "true" | "auto-tls" | "true" | "auto-tls: true"
peer-transport-security.cert-file (peer-cert-file) "/p.pem" | "cert-file" | "/p.pem" | "cert-file: /p.pem"
peer-transport-security.client-cert-auth (peer-client-cert-auth) "true" | "client-cert-auth" | "true" | "client-cert-auth: true"
discovery-config.client.secure.cert (discovery-cert) "/d.pem" | "cert" | "/d.pem" | "cert: /d.pem"
initial-cluster (initial-cluster) "n1=https://10.0.0.1:2380, n2=https://10.0.0.2:2380\n" | "initial-cluster" | ">\n  n1=https://10.0.0.1:2380,\n  n2=https://10.0.0.2:2380" | "initial-cluster: >\n  n1=https://10.0.0.1:2380,\n  n2=https://10.0.0.2:2380"
log-rotation-config-json (log-rotation-config-json) "{\"maxsize\": 100}\n" | "log-rotation-config-json" | "|\n  {\"maxsize\": 100}" | "log-rotation-config-json: |\n  {\"maxsize\": 100}"
logger (logger) "" | "logger" | "" | "logger:"
enable-v2 (enable-v2) "false" | "enable-v2" | "false" | "enable-v2: &off false"
experimental-enable-v2v3 (experimental-enable-v2v3) "false" | "experimental-enable-v2v3" | "*off" | "experimental-enable-v2v3: *off"
initial-cluster-token (initial-cluster-token) "long token" | "initial-cluster-token" | "long\n  token" | "initial-cluster-token: long\n  token"
debug (debug) "it's on" | "\"debug\"" | "'it''s on'" | "\"debug\": 'it''s on'"
foo-bar (foo-bar) "{a: 1}" | "foo-bar" | "{a: 1}" | "foo-bar: {a: 1}"
`
	p := parse(t, src)
	if diff := cmp.Diff(want, describe(src, p)); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	if p.Form != fact.ConfigFile || src[p.Anchor.Start:p.Anchor.End] != "name" || p.Partial {
		t.Errorf("process: form %v, anchor %q, partial %v", p.Form, src[p.Anchor.Start:p.Anchor.End], p.Partial)
	}
}

// TestOffsets checks byte offsets where bytes, characters and YAML lines
// differ.
func TestOffsets(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"crlf", "name: n1\r\nlog-outputs:\r\n  - stderr\r\ndata-dir: /d # x\r\n",
			`name (name) "n1" | "name" | "n1" | "name: n1"
log-outputs (log-outputs) "stderr" | "log-outputs" | "- stderr" | "log-outputs:\r\n  - stderr"
data-dir (data-dir) "/d" | "data-dir" | "/d" | "data-dir: /d"
`},
		{"bom", "\uFEFFname: n1\nwal-dir: /w\n",
			`name (name) "n1" | "name" | "n1" | "name: n1"
wal-dir (wal-dir) "/w" | "wal-dir" | "/w" | "wal-dir: /w"
`},
		{"multibyte before a key", "# nœud ☃\nname: \"nœud-☃\"\nclient-transport-security: {cert-file: /é/☃.pem, key-file: /k.pem}\n",
			`name (name) "nœud-☃" | "name" | "\"nœud-☃\"" | "name: \"nœud-☃\""
client-transport-security.cert-file (cert-file) "/é/☃.pem" | "cert-file" | "/é/☃.pem" | "cert-file: /é/☃.pem"
client-transport-security.key-file (key-file) "/k.pem" | "key-file" | "/k.pem" | "key-file: /k.pem"
`},
		{"tabs in comments", "name: n1\t# a\tcomment\t\n#\tx\ndata-dir: /d\t#\t\n",
			`name (name) "n1" | "name" | "n1" | "name: n1"
data-dir (data-dir) "/d" | "data-dir" | "/d" | "data-dir: /d"
`},
		{"unicode line separator in a comment", "# a\u2028\nname: é\u2029data-dir: /d\n",
			`name (name) "é" | "name" | "é" | "name: é"
data-dir (data-dir) "/d" | "data-dir" | "/d" | "data-dir: /d"
`},
		{"no final newline", "name: n1\nlog-outputs: [stderr]",
			`name (name) "n1" | "name" | "n1" | "name: n1"
log-outputs (log-outputs) "stderr" | "log-outputs" | "[stderr]" | "log-outputs: [stderr]"
`},
		{"indented document", "  name: n1\n  data-dir: |-\n    /d\n",
			`name (name) "n1" | "name" | "n1" | "name: n1"
data-dir (data-dir) "/d" | "data-dir" | "|-\n    /d" | "data-dir: |-\n    /d"
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, describe(tc.src, parse(t, tc.src))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTemplated(t *testing.T) {
	src := `{% if etcd_tls %}
client-transport-security:
  cert-file: {{ etcd_cert }}
{% endif %}
{{- if .Values.debug }}
debug: true
{{- end }}
name: "{{ inventory_hostname }}"
initial-cluster: {% for h in groups['etcd'] %}{{ h }}=https://{{ h }}:2380{% if not loop.last %},{% endif %}{% endfor %}
listen-client-urls: [https://{{ ip }}:2379, http://127.0.0.1:2379]
{{ extra_key }}: 1
`
	want := `client-transport-security.cert-file (cert-file) "{{ etcd_cert }}" | "cert-file" | "{{ etcd_cert }}" | "cert-file: {{ etcd_cert }}" templated
debug (debug) "true" | "debug" | "true" | "debug: true"
name (name) "{{ inventory_hostname }}" | "name" | "\"{{ inventory_hostname }}\"" | "name: \"{{ inventory_hostname }}\"" templated
initial-cluster (initial-cluster) "{% for h in groups['etcd'] %}{{ h }}=https://{{ h }}:2380{% if not loop.last %},{% endif %}{% endfor %}" | "initial-cluster" | "{% for h in groups['etcd'] %}{{ h }}=https://{{ h }}:2380{% if not loop.last %},{% endif %}{% endfor %}" | "initial-cluster: {% for h in groups['etcd'] %}{{ h }}=https://{{ h }}:2380{% if not loop.last %},{% endif %}{% endfor %}" templated
listen-client-urls (listen-client-urls) "https://{{ ip }}:2379,http://127.0.0.1:2379" | "listen-client-urls" | "[https://{{ ip }}:2379, http://127.0.0.1:2379]" | "listen-client-urls: [https://{{ ip }}:2379, http://127.0.0.1:2379]" templated
`
	if diff := cmp.Diff(want, describe(src, parse(t, src))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		src        string
		wantOffset int
		wantMsg    string
	}{
		{"name: n1\ndata-dir: [a\nwal-dir: /w\n", 9, "invalid YAML: did not find expected ',' or ']'"},
		{"name: n1\ndata-dir:\n  - a\n  b: c\n", 19, "invalid YAML: did not find expected '-' indicator"},
		{"\uFEFF[a\n", 6, "invalid YAML: did not find expected ',' or ']'"},
		{"name: n1\nlisten-client-urls: a: b\n", 9, "invalid YAML: mapping values are not allowed in this context"},
		{"name: n1\n\tdata-dir: /d\n", 9, "invalid YAML: found a tab character that violates indentation"},
		{"- name\n- data-dir\n", 0, "an etcd config file must be a YAML mapping of keys"},
		{"name: \xff\n", -1, "invalid YAML: "},
	} {
		_, errs := Kind.Parse("etcd.yaml", []byte(tc.src), schema)
		if len(errs) != 1 {
			t.Errorf("%q: got %d errors, want 1", tc.src, len(errs))
			continue
		}
		if e := errs[0]; tc.wantOffset >= 0 && e.Offset != tc.wantOffset || !strings.HasPrefix(e.Msg, tc.wantMsg) || e.Offset < 0 || e.Offset > len(tc.src) {
			t.Errorf("%q: got error at %d %q, want at %d %q", tc.src, e.Offset, e.Msg, tc.wantOffset, tc.wantMsg)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		want      bool
	}{
		{"etcd.yaml", "name: n1\nlisten-client-urls: http://0.0.0.0:2379\n", true},
		{"conf/etcd.conf.yml", "data-dir: /var/lib/etcd\ninitial-cluster: a=b\n", true},
		{"etcd.conf", "initial-cluster: a=b\nadvertise-client-urls: x\n", true},
		{"templates/etcd.yml.j2", "name: {{ inventory_hostname }}\ninitial-cluster-state: new\n", true},
		{"etcd.j2", "{% if x %}\nname: n1\n{% endif %}\nwal-dir: /w\n", true},
		{"with-doc-start.yaml", "---\nname: n1\nsnapshot-count: 10000\n", true},
		{"bom.yaml", "\uFEFFname: n1\r\nsnapshot-count: 10000\r\n", true},
		// a random file with a name and a directory is not etcd's
		{"app.yaml", "name: myapp\ndata-dir: /var/lib/etcd-backup\nlogger: json\n", false},
		{"one-key.yaml", "listen-client-urls: http://x\n", false},
		// Kubernetes manifests and compose files nest etcd keys
		{"pod.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  x: 1\nname: etcd\ninitial-cluster: a\n", false},
		{"values.yaml", "etcd:\n  name: n1\n  initial-cluster: a=b\n  listen-client-urls: x\n", false},
		{"multi.yaml", "name: n1\ninitial-cluster: a=b\n---\nname: n2\ninitial-cluster: a=b\n", false},
		{"etcd.env", "name: n1\ninitial-cluster: a=b\n", false},
		{"etcd.json", "name: n1\ninitial-cluster: a=b\n", false},
	} {
		if got := Kind.Match(tc.path, []byte(tc.src)); got != tc.want {
			t.Errorf("Match(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	for in, want := range map[string]string{
		"off": "bool", "Yes": "bool", "n": "bool", "true": "bool", "yEs": "str",
		"~": "null", "": "null", "NULL": "null",
		"10000": "int", "0x1F": "int", "1_000": "int", "-3": "int", "0755": "int",
		"1.5": "float", "1e3": "float", ".inf": "float", "-.Inf": "float", ".NaN": "float",
		"2024-01-02": "timestamp", "zap": "str", "1.2.3": "str", "http://a:1": "str",
	} {
		if got := resolve(in); got != want {
			t.Errorf("resolve(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestSpansYAMLReads checks spans where the config file's own span reader
// used to go wrong before yamlpos served it: a BOM counted as indentation
// cut a first-line value short, and an empty tagged value took in the
// comment or key that followed it.
func TestSpansYAMLReads(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"\uFEFFinitial-cluster: n1=a,\n  n2=b\nname: n1\n",
			"initial-cluster (initial-cluster) \"n1=a, n2=b\" | \"initial-cluster\" | \"n1=a,\\n  n2=b\" | \"initial-cluster: n1=a,\\n  n2=b\"\n" +
				"name (name) \"n1\" | \"name\" | \"n1\" | \"name: n1\"\n"},
		{"\uFEFFlogger: |-\r\n  zap\r\n",
			"logger (logger) \"zap\" | \"logger\" | \"|-\\r\\n  zap\" | \"logger: |-\\r\\n  zap\"\n"},
		{"name: !!str  # none\ndata-dir: /d\n",
			"name (name) \"\" | \"name\" | \"\" | \"name: !!str\"\n" +
				"data-dir (data-dir) \"/d\" | \"data-dir\" | \"/d\" | \"data-dir: /d\"\n"},
	} {
		if got := describe(tc.src, parse(t, tc.src)); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

// A document whose keys are mostly another program's is not an etcd
// config, though it names data-dir and debug: only its etcd section is
// read, as a key set below another key.
func TestMostlyAnotherProgram(t *testing.T) {
	src := "name: gw\ncluster-name: prod\napi-addr: x:2381\ndata-dir: ./d\nlog-dir: ./l\ndebug: false\ncluster:\n  listen-peer-urls: [http://a:2380]\n  listen-client-urls: [http://a:2379]\n  initial-cluster: [a]\n"
	facts, errs := Kind.Parse("gateway.yaml", []byte(src), testSchema{})
	if len(errs) > 0 || len(facts.Processes) != 1 || !facts.Processes[0].Partial {
		t.Fatalf("processes %+v, errors %v", facts.Processes, errs)
	}
	var keys []string
	for _, s := range facts.Processes[0].Settings {
		keys = append(keys, s.Raw)
	}
	if strings.Join(keys, " ") != "listen-peer-urls listen-client-urls initial-cluster" {
		t.Errorf("settings %v", keys)
	}
}

// A file named for etcd stays an etcd config however many of its keys are
// misspelt: those are what it must report.
func TestEtcdNamedConfigWithTypos(t *testing.T) {
	src := "name: a\nlisten-client-urls: http://a:2379\nnmae: b\ndatadir: /x\nheartbeat-intervall: 100\n"
	facts, errs := Kind.Parse("etcd.conf.yml", []byte(src), testSchema{})
	if len(errs) > 0 || len(facts.Processes) != 1 || facts.Processes[0].Partial || len(facts.Processes[0].Settings) != 5 {
		t.Fatalf("processes %+v, errors %v", facts.Processes, errs)
	}
}
