package etcdtest_test

import (
	"slices"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// Each value config-value-type reports stops real etcd, and the value its
// fix writes starts it: checked on 3.5 and 3.6 for every type class.
func TestConfigValueTypes(t *testing.T) {
	skipShort(t)
	base := "name: n1\nlogger: zap\nenable-grpc-gateway: false\n"
	for _, tc := range []struct {
		name, to, bad, good string
	}{
		{"list key as one value", "3.5", "log-outputs: stderr\n", "log-outputs: [stderr]\n"},
		{"list key as one value", "3.6", "log-outputs: stderr\n", "log-outputs: [stderr]\n"},
		{"duration as text", "3.5", "experimental-corrupt-check-time: \"1m\"\n", "experimental-corrupt-check-time: 60000000000\n"},
		{"duration as text", "3.6", "corrupt-check-time: \"1m\"\n", "corrupt-check-time: 60000000000\n"},
		{"boolean word for text", "3.5", "log-outputs: [stderr]\nproxy: off\n", "log-outputs: [stderr]\nproxy: \"off\"\n"},
		{"number for text", "3.6", "log-outputs: [stderr]\ninitial-cluster-token: 1234\n", "log-outputs: [stderr]\ninitial-cluster-token: \"1234\"\n"},
		{"quoted number", "3.5", "log-outputs: [stderr]\nsnapshot-count: \"10000\"\n", "log-outputs: [stderr]\nsnapshot-count: 10000\n"},
		{"quoted boolean", "3.6", "log-outputs: [stderr]\nstrict-reconfig-check: \"true\"\n", "log-outputs: [stderr]\nstrict-reconfig-check: true\n"},
	} {
		t.Run(tc.to+"/"+tc.name, func(t *testing.T) {
			up, err := rules.ParseUpgrade("", tc.to)
			if err != nil {
				t.Fatal(err)
			}
			eng, err := lint.New(lint.Options{Upgrade: up})
			if err != nil {
				t.Fatal(err)
			}
			bin := etcdtest.Binary(t, tc.to)
			for _, v := range []struct {
				text      string
				reported  bool
				wantStart bool
			}{{base + tc.bad, true, false}, {base + tc.good, false, true}} {
				doc := lint.Document{Path: "etcd.yml", Src: []byte(v.text)}
				f, _ := eng.Lint(doc)
				got := f != nil && slices.ContainsFunc(f.Findings, func(fd lint.Finding) bool { return fd.Rule == "config-value-type" })
				if got != v.reported {
					t.Errorf("etcdlint --to %s reports config-value-type %v on\n%s", tc.to, got, v.text)
				}
				r := bootFirst(t, eng, doc, bin)
				if started := r.Outcome != sandbox.Failed; started != v.wantStart {
					t.Errorf("real etcd %s on\n%s: %s (%s)", tc.to, v.text, r.Outcome, r.Reason)
				}
			}
		})
	}
}
