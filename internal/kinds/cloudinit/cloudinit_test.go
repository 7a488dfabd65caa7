package cloudinit_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds"
	"github.com/etcdlint/etcdlint/internal/kinds/cloudinit"
	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

type classifier struct{}

func (classifier) Classify(p string, src []byte) fact.Kind { return kinds.Classify(p, src) }

var kind = cloudinit.NewKind(classifier{})

func parse(t *testing.T, src string) *fact.Facts {
	t.Helper()
	c, err := rules.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	f, errs := kind.Parse("user-data", []byte(src), c)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs[0])
	}
	return f
}

func describe(src string, f *fact.Facts) string {
	var b strings.Builder
	for _, p := range f.Processes {
		fmt.Fprintf(&b, "%d %q\n", p.Form, src[p.Anchor.Start:p.Anchor.End])
		for _, s := range p.Settings {
			fmt.Fprintf(&b, "  %s %q=%q\n", s.Name, src[s.Span.Start:s.Span.End], s.Value)
		}
	}
	return b.String()
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		want      bool
	}{
		{"user-data", "#cloud-config\nruncmd: [etcd]\n", true},
		{"user-data", "\ufeff#cloud-config\r\nruncmd: [etcd]\r\n", true},
		{"node.bu", "variant: fcos\nversion: 1.5.0\n", true},
		{"node.yaml", "systemd:\n  units:\n  - name: etcd.service\n", true},
		{"user-data", "# cloud-config\nruncmd: [etcd]\n", false},
		{"node.json", "variant: fcos\n", false},
		{"values.yaml", "systemd:\n  enabled: true\n", false},
	} {
		if got := kind.Match(tc.path, []byte(tc.src)); got != tc.want {
			t.Errorf("Match(%q, %q) = %v", tc.path, tc.src, got)
		}
	}
}

func TestWriteFilesOffsets(t *testing.T) {
	src := "#cloud-config\nwrite_files:\n  - path: /etc/etcd/etcd.env\n    content: |\n      ETCD_NAME=n1\n      ETCD_DEBUG=true\n" +
		"  - path: /etc/etcd/b64.env\n    encoding: b64\n    content: RVRDRF9ERUJVRz10cnVlCg==\n" +
		"  - path: /etc/etcd/quoted.env\n    content: \"ETCD_DEBUG=true\\n\"\n" +
		"  - path: /etc/app/app.env\n    content: |\n      APP_DEBUG=true\n" +
		"runcmd:\n  - [etcd, --name, n2]\n  - etcdctl --debug get x\n"
	// the env file without ETCD_ variables is an env file process
	// without settings; the quoted one is read through its escapes, the
	// base64 one is skipped
	want := `0 "etcd"
  name "--name, n2"="n2"
1 ""
  name "ETCD_NAME=n1"="n1"
  debug "ETCD_DEBUG=true"="true"
1 ""
  debug "ETCD_DEBUG=true"="true"
1 ""
`
	if got := describe(src, parse(t, src)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// An added key goes inside the content block, at its indentation, and the
// file still reads the same way with the key added.
func TestAddInsideContent(t *testing.T) {
	src := "#cloud-config\nwrite_files:\n  - path: /etc/etcd/etcd.conf.yml\n    content: |\n      name: n1\n      data-dir: /var/lib/etcd\n      log-outputs: [stderr]\n      logger: zap\n  - path: /etc/motd\n    content: hi\n"
	f := parse(t, src)
	if len(f.Processes) != 1 || f.Processes[0].Form != fact.ConfigFile {
		t.Fatalf("the config file is not read:\n%s", describe(src, f))
	}
	p := f.Processes[0]
	got := kindtest.Render(t, src, p.Render, fact.Intent{Kind: fact.Add, Process: p, Name: "enable-grpc-gateway", Value: new("false")})
	if want := "      logger: zap\n      enable-grpc-gateway: false\n  - path: /etc/motd\n"; !strings.Contains(got, want) {
		t.Fatalf("got %q", got)
	}
	after := parse(t, got)
	if len(after.Processes) != 1 || !after.Processes[0].Has("enable-grpc-gateway") || len(after.Processes[0].Settings) != 5 {
		t.Errorf("after the fix:\n%s", describe(got, after))
	}
}

func TestButaneUnits(t *testing.T) {
	src := "variant: fcos\nversion: 1.5.0\nsystemd:\n  units:\n    - name: etcd-member.service\n      contents: |\n        [Service]\n        ExecStart=/usr/bin/etcd --debug\n      dropins:\n        - name: 20-env.conf\n          contents: |\n            [Service]\n            Environment=ETCD_NAME=n1\n" +
		"storage:\n  files:\n    - path: /etc/etcd/etcd.env\n      contents:\n        inline: ETCD_LOG_OUTPUT=stderr\n"
	want := `0 "/usr/bin/etcd"
  debug "--debug"=""
1 "ETCD_NAME=n1"
  name "ETCD_NAME=n1"="n1"
1 ""
  log-output "ETCD_LOG_OUTPUT=stderr"="stderr"
`
	got := describe(src, parse(t, src))
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// CoreOS cloud-config: units and drop-ins under coreos.units, as content.
func TestCoreOSUnits(t *testing.T) {
	src := "#cloud-config\ncoreos:\n  etcd2:\n    discovery: x\n  units:\n    - name: etcd2.service\n      command: start\n    - name: flanneld.service\n      drop-ins:\n      - name: 50-network-config.conf\n        content: |\n          [Service]\n          ExecStartPre=/usr/bin/etcdctl set /coreos.com/network/config '{ \"Network\": \"10.1.0.0/16\" }'\n    - name: etcd-member.service\n      content: |\n        [Service]\n        ExecStart=/usr/bin/etcd --debug\n"
	f := parse(t, src)
	if got := describe(src, f); got != "0 \"/usr/bin/etcd\"\n  debug \"--debug\"=\"\"\n" {
		t.Errorf("processes:\n%s", got)
	}
	if len(f.Invocations) != 1 || f.Invocations[0].Program != "etcdctl" {
		t.Errorf("invocations: %+v", f.Invocations)
	}
}

func TestMalformed(t *testing.T) {
	c, _ := rules.LoadCatalog()
	for _, src := range []string{
		"#cloud-config\nwrite_files:\n  - path: x\n   content: [\n",
		"#cloud-config\nruncmd:\n  - \"etcd --name 'x\n",
		"#cloud-config\nruncmd:\n  - etcd --name \"x\n",
		"#cloud-config\nwrite_files: 3\nruncmd: {a: b}\nsystemd: [1]\n",
	} {
		f, errs := kind.Parse("user-data", []byte(src), c)
		if f == nil {
			t.Fatalf("%q: nil facts", src)
		}
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > len(src) {
				t.Errorf("%q: offset %d", src, e.Offset)
			}
		}
	}
}

// Quoted content is read through its escapes, and a fix written back
// through them reads as the fixed setting.
func TestQuotedContentRoundTrip(t *testing.T) {
	src := "#cloud-config\nwrite_files:\n  - path: /etc/etcd/etcd.env\n    content: \"ETCD_NAME=\\\"n1\\\"\\n\\\n      ETCD_LOG_OUTPUT=stderr\\n\"\n"
	f := parse(t, src)
	if got := describe(src, f); got != "1 \"\"\n  name \"ETCD_NAME=\\\\\\\"n1\\\\\\\"\"=\"n1\"\n  log-output \"ETCD_LOG_OUTPUT=stderr\"=\"stderr\"\n" {
		t.Fatalf("got\n%s", got)
	}
	s := f.Processes[0].Settings[1]
	v := "stderr \"x\"\t"
	out := kindtest.Render(t, src, s.Process.Render, fact.Intent{Kind: fact.Replace, Setting: s, Name: "log-outputs", Value: &v})
	s2 := parse(t, out).Processes[0].Settings[1]
	if s2.Name != "log-outputs" || s2.Value != v {
		t.Errorf("after the fix: %+v in\n%s", s2, out)
	}
}
