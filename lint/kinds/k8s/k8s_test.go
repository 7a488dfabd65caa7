package k8s

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

type schema struct{}

func (schema) IsBool(f string) bool       { return f == "debug" }
func (schema) FlagForKey(k string) string { return k }
func (schema) FlagForEnv(e string) string { n, _ := fact.FlagFromEnv(e); return n }

type envOnly struct{}

func (envOnly) Classify(string, []byte) fact.Kind { return nil }

func parse(t *testing.T, src string) *fact.Facts {
	t.Helper()
	facts, errs := NewKind(envOnly{}).Parse("x.yaml", []byte(src), schema{})
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
	if !EtcdImage("gcr.io/etcd-development/etcd:v3.5.0@sha256:ab") || EtcdImage("bitnami/etcd-operator:1") {
		t.Error("EtcdImage")
	}
}
