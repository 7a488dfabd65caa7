package etcdconfig

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

func setting(t *testing.T, p *fact.Process, raw string) *fact.Setting {
	t.Helper()
	for _, s := range p.Settings {
		if s.Raw == raw {
			return s
		}
	}
	t.Fatalf("no setting %s", raw)
	return nil
}

func ptr(s string) *string { return &s }

// intent describes an intent on the setting with a raw key name.
type intent struct {
	kind  fact.IntentKind
	raw   string // Replace, Remove
	name  string
	value *string
}

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		name   string
		src    string
		intent intent
		want   string
	}{
		// renames
		{"rename keeps value and comment", "name: n1\nlog-output: [stderr] # logs\n",
			intent{kind: fact.Replace, raw: "log-output", name: "log-outputs"},
			"name: n1\nlog-outputs: [stderr] # logs\n"},
		{"rename a quoted key and set a value", "\"debug\": true\nname: n1\n",
			intent{kind: fact.Replace, raw: "debug", name: "log-level", value: ptr("debug")},
			"\"log-level\": debug\nname: n1\n"},
		{"rename the 3.4 spelling", "experimental-snapshot-catch-up-entries: 5000\n",
			intent{kind: fact.Replace, raw: "experimental-snapshot-catch-up-entries", name: "snapshot-catchup-entries"},
			"snapshot-catchup-entries: 5000\n"},

		// values in each style
		{"flow list", "log-outputs: [default]\n",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("stderr")},
			"log-outputs: [stderr]\n"},
		{"flow list keeps spacing and quotes", "log-outputs: [ 'default',  stderr ]\n",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("systemd/journal,stderr,x y")},
			"log-outputs: [ 'systemd/journal',  'stderr',  'x y' ]\n"},
		{"flow list items that need quotes", "log-outputs: [default]\n",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("a,b]c,on")},
			"log-outputs: [a, \"b]c\", \"on\"]\n"},
		{"block list item by item", "log-outputs:\n  - default # was\n  - \"/var/log/etcd\"\nname: n1\n",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("stderr,/var/log/x")},
			"log-outputs:\n  - stderr # was\n  - \"/var/log/x\"\nname: n1\n"},
		{"block list grows", "log-outputs:\n- default\nname: n1\n",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("stderr,systemd/journal")},
			"log-outputs:\n- stderr\n- systemd/journal\nname: n1\n"},
		{"block list grows at the end of a file without newline", "name: n1\nlog-outputs:\n  - default",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("stderr,a,b")},
			"name: n1\nlog-outputs:\n  - stderr\n  - a\n  - b"},
		{"block list shrinks", "log-outputs:\n  - default\n  - a\n  # about b\n  - b\nname: n1\n",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("stderr")},
			"log-outputs:\n  - stderr\nname: n1\n"},
		{"block list empties", "log-outputs: # all\n  - default\nname: n1\n",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("")},
			"log-outputs: []\nname: n1\n"},
		{"list key written as a scalar", "log-outputs: default\n",
			intent{kind: fact.Replace, raw: "log-outputs", value: ptr("stderr")},
			"log-outputs: [stderr]\n"},
		{"double quotes stay", "logger: \"capnslog\" # old\n",
			intent{kind: fact.Replace, raw: "logger", value: ptr("zap")},
			"logger: \"zap\" # old\n"},
		{"single quotes stay", "logger: 'capnslog'\n",
			intent{kind: fact.Replace, raw: "logger", value: ptr("it's zap")},
			"logger: 'it''s zap'\n"},
		{"plain stays plain", "name: n1\ndebug: true\n",
			intent{kind: fact.Replace, raw: "debug", value: ptr("false")},
			"name: n1\ndebug: false\n"},
		{"plain bool word for a string key gets quoted", "proxy: on\n",
			intent{kind: fact.Replace, raw: "proxy", value: ptr("off")},
			"proxy: \"off\"\n"},
		{"plain number for a string key gets quoted", "initial-cluster-token: tok\n",
			intent{kind: fact.Replace, raw: "initial-cluster-token", value: ptr("1234")},
			"initial-cluster-token: \"1234\"\n"},
		{"plain number stays a number", "snapshot-count: 100\n",
			intent{kind: fact.Replace, raw: "snapshot-count", value: ptr("10000")},
			"snapshot-count: 10000\n"},
		{"plain with a comment marker gets quoted", "name: n1\n",
			intent{kind: fact.Replace, raw: "name", value: ptr("a #b")},
			"name: \"a #b\"\n"},
		{"empty value", "name: n1\nlogger:\n",
			intent{kind: fact.Replace, raw: "logger", value: ptr("zap")},
			"name: n1\nlogger: zap\n"},
		{"folded block scalar", "initial-cluster: >\n    n1=https://a:2380\nname: n1\n",
			intent{kind: fact.Replace, raw: "initial-cluster", value: ptr("n1=https://b:2380")},
			"initial-cluster: >\n    n1=https://b:2380\nname: n1\n"},
		{"literal block scalar", "log-rotation-config-json: |\r\n  {}\r\n",
			intent{kind: fact.Replace, raw: "log-rotation-config-json", value: ptr("{\"a\": 1}\n{}\n")},
			"log-rotation-config-json: |\r\n  {\"a\": 1}\r\n  {}\r\n"},
		{"value in a flow mapping", "client-transport-security: {cert-file: a, auto-tls: true}\n",
			intent{kind: fact.Replace, raw: "client-transport-security.cert-file", value: ptr("b,c")},
			"client-transport-security: {cert-file: \"b,c\", auto-tls: true}\n"},

		// removal
		{"remove a line with its comment", "# head\nname: n1\ndebug: true # noisy\ndata-dir: /d\n",
			intent{kind: fact.Remove, raw: "debug"},
			"# head\nname: n1\ndata-dir: /d\n"},
		{"remove a block list", "name: n1\nlog-output:\n  - stderr\n  # more\n  - x\n# stays\ndata-dir: /d\n",
			intent{kind: fact.Remove, raw: "log-output"},
			"name: n1\n# stays\ndata-dir: /d\n"},
		{"remove a block scalar", "log-package-levels: |\n  etcdserver=DEBUG\nname: n1\n",
			intent{kind: fact.Remove, raw: "log-package-levels"},
			"name: n1\n"},
		{"remove the last line without newline", "name: n1\r\ndebug: true",
			intent{kind: fact.Remove, raw: "debug"},
			"name: n1"},
		{"remove a nested key", "client-transport-security:\n  cert-file: a\n  auto-tls: true\nname: n1\n",
			intent{kind: fact.Remove, raw: "client-transport-security.auto-tls"},
			"client-transport-security:\n  cert-file: a\nname: n1\n"},
		{"remove the only nested key with its parent", "name: n1\ndiscovery-config:\n  client:\n    secure:\n      cert: /d.pem\nwal-dir: /w\n",
			intent{kind: fact.Remove, raw: "discovery-config.client.secure.cert"},
			"name: n1\nwal-dir: /w\n"},
		{"remove from a flow mapping", "peer-transport-security: {cert-file: a, auto-tls: true}\n",
			intent{kind: fact.Remove, raw: "peer-transport-security.cert-file"},
			"peer-transport-security: {auto-tls: true}\n"},
		{"remove the last of a flow mapping", "peer-transport-security: {cert-file: a, auto-tls: true}\n",
			intent{kind: fact.Remove, raw: "peer-transport-security.auto-tls"},
			"peer-transport-security: {cert-file: a}\n"},
		{"remove the only key of a flow mapping", "name: n\npeer-transport-security: {auto-tls: true}\n",
			intent{kind: fact.Remove, raw: "peer-transport-security.auto-tls"},
			"name: n\n"},

		// addition
		{"add after the last key, before trailing comments", "name: n1\ndata-dir: /d # dir\n\n# end\n",
			intent{kind: fact.Add, name: "enable-grpc-gateway", value: ptr("false")},
			"name: n1\ndata-dir: /d # dir\nenable-grpc-gateway: false\n\n# end\n"},
		{"add after a block value", "name: n1\nlog-outputs:\n  - stderr\n",
			intent{kind: fact.Add, name: "logger", value: ptr("zap")},
			"name: n1\nlog-outputs:\n  - stderr\nlogger: zap\n"},
		{"add a list", "name: n1\n",
			intent{kind: fact.Add, name: "log-outputs", value: ptr("stderr")},
			"name: n1\nlog-outputs: [stderr]\n"},
		{"add keeps indentation and CRLF", "  name: n1\r\n  wal-dir: /w",
			intent{kind: fact.Add, name: "enable-grpc-gateway", value: ptr("false")},
			"  name: n1\r\n  wal-dir: /w\r\n  enable-grpc-gateway: false"},
		{"add quotes a bool word for a string key", "name: n1\n",
			intent{kind: fact.Add, name: "proxy", value: ptr("off")},
			"name: n1\nproxy: \"off\"\n"},
		{"add in a template goes after the last statement", "name: {{ x }}\n{% if tls %}\nclient-transport-security:\n  cert-file: a\n{% endif %}\n",
			intent{kind: fact.Add, name: "enable-grpc-gateway", value: ptr("false")},
			"name: {{ x }}\n{% if tls %}\nclient-transport-security:\n  cert-file: a\n{% endif %}\nenable-grpc-gateway: false\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := parse(t, tc.src)
			in := fact.Intent{Kind: tc.intent.kind, Name: tc.intent.name, Value: tc.intent.value, Process: p}
			if tc.intent.raw != "" {
				in.Setting = setting(t, p, tc.intent.raw)
			}
			edits, err := p.Render.Render([]byte(tc.src), in)
			if err != nil {
				t.Fatal(err)
			}
			got := kindtest.Apply(t, tc.src, edits)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			after := parse(t, got) // the result must still parse
			switch tc.intent.kind {
			case fact.Remove:
				if after.Has(in.Setting.Name) {
					t.Errorf("%s still set", in.Setting.Raw)
				}
			case fact.Add:
				if s := after.Lookup(tc.intent.name); len(s) != 1 || s[0].Value != *tc.intent.value {
					t.Errorf("%s not added with value %q: %v", tc.intent.name, *tc.intent.value, s)
				}
			case fact.Replace:
				name := tc.intent.name
				if name == "" {
					name = in.Setting.Name
				}
				if s := after.Lookup(name); len(s) != 1 || tc.intent.value != nil && strings.TrimSuffix(s[0].Value, "\n") != strings.TrimSuffix(strings.Join(splitList(*tc.intent.value), ","), "\n") && s[0].Value != *tc.intent.value {
					t.Errorf("%s not set to %q: %+v", name, *tc.intent.value, s)
				}
			}
		})
	}
}

func TestRenderRefusesNestedRename(t *testing.T) {
	src := "client-transport-security:\n  cert-file: a\n"
	p := parse(t, src)
	_, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "peer-cert-file"})
	if err == nil {
		t.Fatal("renaming a nested key across parents must fail")
	}
}
