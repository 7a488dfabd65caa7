package compose_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/compose"
	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

func parse(t *testing.T, src string) (*fact.Facts, []*fact.ParseError) {
	t.Helper()
	c, err := rules.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return compose.Kind.Parse("compose.yaml", []byte(src), c)
}

func describe(src string, f *fact.Facts) string {
	var b strings.Builder
	for _, p := range f.Processes {
		fmt.Fprintf(&b, "%d %q partial=%v\n", p.Form, src[p.Anchor.Start:p.Anchor.End], p.Partial)
		for _, s := range p.Settings {
			fmt.Fprintf(&b, "  %s %q name=%q value=%q templated=%v\n", s.Name, src[s.Span.Start:s.Span.End], src[s.NameSpan.Start:s.NameSpan.End], s.Value, s.Templated)
		}
	}
	return b.String()
}

func TestMatch(t *testing.T) {
	svc := []byte("services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.4.27\n")
	for p, want := range map[string]bool{
		"docker-compose.yml":      true,
		"compose.override.yaml":   true,
		"deploy/stack.yml":        true, // services with image:
		"docker-compose.json":     false,
		"docker-compose.yml.orig": false,
	} {
		if got := compose.Kind.Match(p, svc); got != want {
			t.Errorf("Match(%q) = %v", p, got)
		}
	}
	if compose.Kind.Match("docker-compose.yml", []byte("apiVersion: v1\nkind: Service\nservices:\n  x: {}\n")) {
		t.Error("a manifest matched")
	}
	if compose.Kind.Match("stack.yml", []byte("services:\n  - name: a\n")) {
		t.Error("a services list without compose keys matched")
	}
}

func TestServices(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"command string, environment map",
			"services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.4.27\n    command: etcd --name n1 --debug\n    environment:\n      ETCD_LOG_OUTPUT: stderr\n      ETCD_DATA_DIR:\n      OTHER: x\n",
			`0 "etcd" partial=false
  log-output "ETCD_LOG_OUTPUT: stderr" name="ETCD_LOG_OUTPUT" value="stderr" templated=false
  data-dir "ETCD_DATA_DIR" name="ETCD_DATA_DIR" value="" templated=true
  name "--name n1" name="name" value="n1" templated=false
  debug "--debug" name="debug" value="" templated=false
`},
		{"flags only for an etcd image, environment list with interpolation",
			"services:\n  etcd:\n    image: bitnami/etcd:3.4\n    command: --name n1\n    environment:\n      - ETCD_LOG_OUTPUT=${OUT:-stderr}\n      - ETCD_NAME\n",
			`0 "--name n1" partial=false
  log-output "ETCD_LOG_OUTPUT=${OUT:-stderr}" name="ETCD_LOG_OUTPUT" value="${OUT:-stderr}" templated=true
  name "ETCD_NAME" name="ETCD_NAME" value="" templated=true
  name "--name n1" name="name" value="n1" templated=false
`},
		{"entrypoint list plus command list, env_file makes it partial",
			"services:\n  e:\n    image: alpine\n    entrypoint: [\"/usr/local/bin/etcd\"]\n    command: [\"--debug\"]\n    env_file: etcd.env\n",
			`0 "\"/usr/local/bin/etcd\"" partial=true
  debug "\"--debug\"" name="debug" value="" templated=false
`},
		{"look-alikes: another program, etcd-operator image, etcdctl",
			"services:\n  api:\n    image: example/api\n    command: api --debug\n    environment: {ETCD_DEBUG: \"true\"}\n  op:\n    image: quay.io/coreos/etcd-operator:v0.9.4\n    command: [--debug]\n  ctl:\n    image: quay.io/coreos/etcd:v3.4.27\n    entrypoint: etcdctl --debug get x\n",
			``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := parse(t, tc.src)
			if len(errs) > 0 {
				t.Fatal(errs[0])
			}
			if got := describe(tc.src, f); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestRender(t *testing.T) {
	src := "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.4.27\n    command:\n      - etcd\n      - --debug\n    environment:\n      - ETCD_LOG_OUTPUT=stderr\n      - \"ETCD_NAME=n1\"\n"
	f, _ := parse(t, src)
	p := f.Processes[0]
	got := kindtest.Render(t, src, p.Render, fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "log-outputs"})
	if !strings.Contains(got, "      - ETCD_LOG_OUTPUTS=stderr\n") {
		t.Errorf("rename: %q", got)
	}
	got = kindtest.Render(t, src, p.Render, fact.Intent{Kind: fact.Replace, Setting: p.Settings[1], Value: new("a b")})
	if !strings.Contains(got, "      - \"ETCD_NAME=a b\"\n") {
		t.Errorf("value: %q", got)
	}
	got = kindtest.Render(t, src, p.Render, fact.Intent{Kind: fact.Add, Process: p, Name: "logger", Value: new("zap")})
	if !strings.Contains(got, "      - --debug\n      - --logger=zap\n    environment:") {
		t.Errorf("add: %q", got)
	}
	got = kindtest.Render(t, src, p.Render, fact.Intent{Kind: fact.Remove, Setting: p.Settings[2]})
	if strings.Contains(got, "--debug") || !strings.Contains(got, "      - etcd\n    environment:") {
		t.Errorf("remove: %q", got)
	}
}

func TestMalformed(t *testing.T) {
	for _, src := range []string{
		"services:\n  etcd:\n    command: [etcd\n",
		"services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.4.27\n    command: etcd --name \"x\n",
		"services: [1, 2]\n",
		"services:\n  etcd: 3\n---\nservices:\n  e:\n    command: [etcd, --debug]\n",
		"services:\n  etcd:\n    environment: [ETCD_X=1\n",
	} {
		f, errs := parse(t, src)
		if f == nil {
			t.Fatalf("%q: nil facts", src)
		}
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > len(src) {
				t.Errorf("%q: offset %d", src, e.Offset)
			}
		}
	}
	// one bad document does not hide the next
	src := "services:\n  a: [\n---\nservices:\n  e:\n    command: [etcd, --debug]\n"
	f, errs := parse(t, src)
	if len(errs) != 1 || len(f.Processes) != 1 {
		t.Errorf("%v %s", errs, describe(src, f))
	}
}
