package k8s

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var testSchema = kindtest.Schema{Bools: []string{"debug"}}

type envOnly struct{}

func (envOnly) Classify(string, []byte) fact.Kind { return nil }

func parse(t *testing.T, src string) *fact.Facts {
	t.Helper()
	facts, errs := NewKind(envOnly{}).Parse("x.yaml", []byte(src), testSchema)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs[0])
	}
	return facts
}

func TestListAndFlowItems(t *testing.T) {
	src := "kind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n    - image: x\n      command: [etcd, --debug, \"--name\", 'n1']\n"
	f := parse(t, src)
	if len(f.Processes) != 1 {
		t.Fatalf("%d processes", len(f.Processes))
	}
	p := f.Processes[0]
	var got []string
	for _, s := range p.Settings {
		got = append(got, src[s.Span.Start:s.Span.End]+"="+s.Value)
	}
	if strings.Join(got, "|") != `--debug=|"--name", 'n1'=n1` {
		t.Fatalf("settings %q", got)
	}
	edits, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Remove, Setting: p.Settings[0]})
	if err != nil || len(edits) != 1 || src[edits[0].Span.Start:edits[0].Span.End] != ", --debug" {
		t.Fatalf("remove: %v %v", edits, err)
	}
	v := "n2"
	edits, err = p.Render.Render([]byte(src), fact.Intent{Kind: fact.Replace, Setting: p.Settings[1], Value: &v})
	if err != nil || len(edits) != 1 || edits[0].NewText != "'n2'" {
		t.Fatalf("replace: %v %v", edits, err)
	}
}

func TestLookAlikes(t *testing.T) {
	for _, src := range []string{
		"kind: Pod\nspec:\n  containers:\n  - image: k8s/kube-apiserver\n    command: [kube-apiserver, --etcd-servers=x, --debug]\n",
		"kind: Pod\nspec:\n  containers:\n  - image: quay.io/coreos/etcd:v3.4.0\n    command: [etcdctl, --debug, get, x]\n",
		"kind: Pod\nspec:\n  containers:\n  - image: busybox\n    args: [--debug]\n",
	} {
		if f := parse(t, src); len(f.Processes) != 0 {
			t.Errorf("%q: %d processes", src, len(f.Processes))
		}
	}
}

func TestEtcdImageArgsAndEnv(t *testing.T) {
	src := "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - image: bitnami/etcd:3.4\n        args:\n        - --debug\n        env:\n        - name: ETCD_NAME\n          value: \"n1\"\n        - name: ETCD_DATA_DIR\n          valueFrom: {secretKeyRef: {name: a, key: b}}\n"
	f := parse(t, src)
	if len(f.Processes) != 1 || len(f.Processes[0].Settings) != 3 {
		t.Fatalf("%+v", f.Processes)
	}
	p := f.Processes[0]
	name := p.Settings[0]
	if src[name.NameSpan.Start:name.NameSpan.End] != "ETCD_NAME" || name.Value != "n1" {
		t.Fatalf("env %+v", name)
	}
	if !p.Settings[1].Templated {
		t.Errorf("valueFrom is not templated")
	}
	v := "true"
	edits, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Replace, Setting: name, Value: &v})
	if err != nil || edits[0].NewText != `"true"` {
		t.Fatalf("env value: %v %v", edits, err)
	}
	if !podspec.EtcdImage("gcr.io/etcd-development/etcd:v3.5.0@sha256:ab") || podspec.EtcdImage("bitnami/etcd-operator:1") {
		t.Error("EtcdImage")
	}
}

func TestValuesMatch(t *testing.T) {
	src := []byte("image:\n  repository: bitnami/etcd\nextraEnvVars:\n  - name: ETCD_DEBUG\n    value: \"1\"\n")
	k := NewKind(envOnly{})
	for p, want := range map[string]bool{
		"charts/etcd/values.yaml":     true,
		"values-prod.yml":             true,
		"values.staging.yaml":         true,
		"charts/etcd/myvalues.yaml":   false,
		"charts/etcd/values.json":     false,
		"charts/etcd/values.yaml.bak": false,
	} {
		if got := k.Match(p, src); got != want {
			t.Errorf("Match(%q) = %v", p, got)
		}
	}
	if k.Match("values.yaml", []byte("image: nginx\nreplicas: 2\n# etcd\n")) {
		t.Error("a values file without ETCD_ variables or flag lists matched")
	}
}

func TestValuesSections(t *testing.T) {
	src := "image:\n  repository: bitnami/etcd\nextraFlags:\n- --debug\nextraEnvVars:\n- name: ETCD_NAME\n  value: n1\n- name: OTHER\n  value: x\n" +
		"metrics:\n  image: prom/exporter\n  args: [--debug]\n  env: {ETCD_NAME: m}\n" +
		"etcd:\n  env:\n    ETCD_LOGGER: capnslog\n  sidecar:\n    image: {repository: busybox}\n    extraArgs: [--debug]\n" +
		"app:\n  extraEnvVars:\n  - name: ETCD_ENDPOINTS\n    value: x\n  extraArgs: [--debug]\n"
	facts, errs := NewKind(envOnly{}).Parse("values.yaml", []byte(src), testSchema)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var got []string
	for _, p := range facts.Processes {
		var b strings.Builder
		fmt.Fprintf(&b, "%d partial=%v anchor=%q:", p.Form, p.Partial, src[p.Anchor.Start:p.Anchor.End])
		for _, s := range p.Settings {
			fmt.Fprintf(&b, " %s=%q", s.Name, src[s.Span.Start:s.Span.End])
		}
		got = append(got, b.String())
	}
	want := []string{
		`0 partial=true anchor="extraFlags": name="name: ETCD_NAME\n  value: n1" debug="--debug"`,
		`1 partial=true anchor="ETCD_LOGGER": logger="ETCD_LOGGER: capnslog"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// rename a map key, remove a list entry
	p := facts.Processes[1]
	edits, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "log-outputs"})
	if err != nil || len(edits) != 1 || edits[0].NewText != "ETCD_LOG_OUTPUTS" || src[edits[0].Span.Start:edits[0].Span.End] != "ETCD_LOGGER" {
		t.Fatalf("rename: %v %v", edits, err)
	}
	p = facts.Processes[0]
	edits, err = p.Render.Render([]byte(src), fact.Intent{Kind: fact.Remove, Setting: p.Settings[0]})
	if err != nil || len(edits) != 1 || src[edits[0].Span.Start:edits[0].Span.End] != "- name: ETCD_NAME\n  value: n1\n" {
		t.Fatalf("remove: %v %v", edits, err)
	}
}

// Each document of a stream is parsed on its own: its settings and its
// syntax errors are still where they are in the file.
func TestStreamPositions(t *testing.T) {
	pod := "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: quay.io/coreos/etcd:v3.4.0\n    command: [etcd, --debug]\n"
	src := "# pods\n---\n" + pod + "---\nkind: [broken\n---\n" + pod
	facts, errs := NewKind(envOnly{}).Parse("x.yaml", []byte(src), testSchema)
	if len(facts.Processes) != 2 {
		t.Fatalf("%d processes", len(facts.Processes))
	}
	last := facts.Processes[1].Settings[0]
	if want := strings.LastIndex(src, "--debug"); last.Span.Start != want {
		t.Errorf("the second pod's --debug is at %d, want %d", last.Span.Start, want)
	}
	broken := strings.Index(src, "kind: [broken")
	if len(errs) != 1 || errs[0].Offset < broken || errs[0].Offset > strings.Index(src[broken:], "\n---")+broken+5 {
		t.Errorf("errors %+v, want one on the broken document at %d", errs, broken)
	}
}
