package etcdconfig

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func TestNested(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"harness: a block per member", `members:
  - etcd:
      name: a
      debug: true
      log-output: stderr
      initial-cluster: a=http://x:2380
  - etcd: {name: b, enable-v2: true, listen-client-urls: "http://y:2379"}
`, `partial a: name debug log-output initial-cluster
partial b: name enable-v2 listen-client-urls`},
		{"role variables under a key naming etcd", `etcd_settings:
  name: "{{ inventory_hostname }}"
  debug: true
  log-package-levels: DEBUG
  image: quay.io/coreos/etcd
other_settings:
  debug: true
  name: x
etcdClusters:
- name: main
  version: 3.3.10
  manager: {}
`, `partial {{ inventory_hostname }}: name debug log-package-levels`},
		{"a config whose name says nothing", "name: n\nlisten-client-urls: http://a:2379\nlog-package-levels: DEBUG\n",
			`config n: name listen-client-urls log-package-levels`},
		{"later documents are no config etcd reads", "kind: X\n---\nname: n\nlisten-client-urls: a\nlog-output: x\n", ``},
		{"look-alikes", `app:
  debug: true
  log-output: stderr
etcd:
  enabled: true
  replicaCount: 3
  debug: true
`, ``},
		{"not YAML", "ETCD_DEBUG=1\n[Service]\n", ``},
		// A role that writes --key=value: TLS flags at top level are no
		// config-file keys (etcd reads those under *-transport-security).
		{"role flags", `etcd_settings:
  "name": "{{ inventory_hostname }}"
  "cert-file": "/etc/etcd/server.pem"
  "peer-cert-file": "/etc/etcd/peer.pem"
  "snapshot-count": "100000"
  "enable-v2": "true"
`, `flags {{ inventory_hostname }}: --name --cert-file --peer-cert-file --snapshot-count --enable-v2`},
		{"an operator's options", `spec:
  options:
    election-timeout: "1000"
    max-wals: "5"
    max-snapshots: "5"
`, `flags : --election-timeout --max-wals --max-snapshots`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range Nested([]byte(tc.src), testSchema{}, nil) {
				var keys []string
				name := ""
				for _, s := range p.Settings {
					keys = append(keys, s.Raw)
					if s.Name == "name" {
						name = s.Value
					}
					if strings.Trim(tc.src[s.NameSpan.Start:s.NameSpan.End], `"`) != strings.TrimPrefix(s.Raw, "--") {
						t.Errorf("name span of %s covers %q", s.Raw, tc.src[s.NameSpan.Start:s.NameSpan.End])
					}
				}
				form := "config"
				switch {
				case p.Form == fact.CommandLine:
					form = "flags"
				case p.Partial:
					form = "partial"
				}
				got = append(got, fmt.Sprintf("%s %s: %s", form, name, strings.Join(keys, " ")))
			}
			if g := strings.Join(got, "\n"); g != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tc.want)
			}
		})
	}
}

// A mapping another kind already read is not read again.
func TestNestedSkip(t *testing.T) {
	src := "etcd:\n  local:\n    extraArgs:\n      name: a\n      listen-client-urls: x\n      initial-cluster: y\n"
	skip := []fact.Span{{Start: strings.Index(src, "name"), End: strings.Index(src, "name") + 7}}
	if got := Nested([]byte(src), testSchema{}, skip); len(got) != 0 {
		t.Errorf("read %d processes", len(got))
	}
}

// A config file that does not parse is read line by line: one bad line
// does not hide the keys around it.
func TestScanLines(t *testing.T) {
	src := "name: {{ name }}\n{% for x in y %}: bad\ndebug: true\nclient-transport-security:\n  ca-file: /ca.pem\n  cert-file: /c.pem\nlog-output: default # a comment\nother:\n  debug: true\nlog-outputs: [stderr, 'default']\n"
	facts, errs := Kind.Parse("etcd.yml", []byte(src), testSchema{})
	if len(errs) != 1 {
		t.Fatalf("errors: %v", errs)
	}
	var got []string
	for _, s := range facts.Settings() {
		got = append(got, fmt.Sprintf("%s=%q", s.Raw, s.Value))
	}
	want := `name="{{ name }}" debug="true" client-transport-security.ca-file="/ca.pem" client-transport-security.cert-file="/c.pem" log-output="default" log-outputs="stderr,default"`
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
	p := facts.Processes[0]
	for _, s := range p.Settings {
		if s.Raw != "log-output" {
			continue
		}
		v := "stderr"
		edits, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Replace, Setting: s, Name: "log-outputs", Value: &v})
		if err == nil {
			t.Errorf("a list key's value was written by a line edit: %v", edits)
		}
		edits, err = p.Render.Render([]byte(src), fact.Intent{Kind: fact.Remove, Setting: s})
		if err != nil || len(edits) != 1 || src[edits[0].Span.Start:edits[0].Span.End] != "log-output: default # a comment\n" {
			t.Errorf("remove: %v %v", edits, err)
		}
	}
}
