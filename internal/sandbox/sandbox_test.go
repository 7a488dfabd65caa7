package sandbox

import (
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func TestParseLog(t *testing.T) {
	out := `{"level":"info","ts":"t","caller":"c","msg":"Running: ","args":["etcd"]}
{"level":"warn","ts":"t","caller":"flags/flag.go:93","msg":"unrecognized environment variable","environment-variable":"ETCD_DEBUG=true"}
2024-01-02 03:04:05.678901 W | pkg/flags: unrecognized environment variable ETCD_DEBUG=true
2024-01-02T03:04:05Z	warn	embed/config.go:1	deprecated flag	{"flag": "x"}
flag provided but not defined: -debug
`
	got := ParseLog([]byte(out))
	want := []Line{
		{Level: "info", Msg: "Running: ", Text: `Running: args=["etcd"]`},
		{Level: "warn", Msg: "unrecognized environment variable", Text: "unrecognized environment variable environment-variable=ETCD_DEBUG=true"},
		{Level: "warn", Msg: "pkg/flags: unrecognized environment variable ETCD_DEBUG=true", Text: "pkg/flags: unrecognized environment variable ETCD_DEBUG=true"},
		{Level: "warn", Msg: "deprecated flag", Text: `deprecated flag {"flag": "x"}`},
		{Level: "", Text: "flag provided but not defined: -debug"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		got[i].Raw = ""
		if got[i] != want[i] {
			t.Errorf("line %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if r := failure(got, 2); r != "flag provided but not defined: -debug" {
		t.Errorf("failure with exit 2 = %q", r)
	}
	if r := failure(got[:4], 1); r != `deprecated flag {"flag": "x"}` {
		t.Errorf("failure with exit 1 = %q", r)
	}
}

func TestCommandRewritesOnlySandboxSettings(t *testing.T) {
	inv := &Invocation{Settings: []Setting{
		{Surface: fact.Flag, Name: "name", Raw: "--name", Value: "n1", HasValue: true},
		{Surface: fact.Flag, Name: "debug", Raw: "--debug"},
		{Surface: fact.Flag, Name: "listen-client-urls", Raw: "-listen-client-urls", Value: "https://10.0.0.1:2379,https://10.0.0.2:2379", HasValue: true},
		{Surface: fact.Flag, Name: "discovery-srv", Raw: "--discovery-srv", Value: "example.com", HasValue: true},
		{Surface: fact.Env, Name: "data-dir", Raw: "ETCD_DATA_DIR", Value: "/var/lib/etcd", HasValue: true},
		{Surface: fact.Env, Name: "log-outputs", Raw: "ETCD_LOG_OUTPUTS", Value: "/var/log/etcd.log,stdout,systemd/journal", HasValue: true},
		{Surface: fact.Env, Name: "log-level", Raw: "ETCD_LOG_LEVEL", Value: "debug", HasValue: true},
	}}
	pt := ports{client: 1, peer: 2, metrics: 3, clientHTTP: 4}
	args, env, config, err := inv.command("/tmp/sb", pt)
	if err != nil || config != nil {
		t.Fatal(err, config)
	}
	wantArgs := []string{"--name=n1", "--debug", "-listen-client-urls=https://127.0.0.1:1",
		"--advertise-client-urls=https://127.0.0.1:1", "--listen-peer-urls=http://127.0.0.1:2",
		"--initial-advertise-peer-urls=http://127.0.0.1:2", "--initial-cluster=n1=http://127.0.0.1:2",
		"--initial-cluster-state=new", "--listen-metrics-urls=http://127.0.0.1:3"}
	wantEnv := []string{"ETCD_DATA_DIR=/tmp/sb/data", "ETCD_LOG_OUTPUTS=stderr,stdout", "ETCD_LOG_LEVEL=debug"}
	if !slices.Equal(args, wantArgs) || !slices.Equal(env, wantEnv) {
		t.Errorf("got\n%q\n%q\nwant\n%q\n%q", args, env, wantArgs, wantEnv)
	}
}

func TestSandboxConfigKeepsOtherKeys(t *testing.T) {
	src := "# member\nname: n1\ndata-dir: /var/lib/etcd\nlog-outputs: [/var/log/etcd.log]\nexperimental-corrupt-check-time: \"1m\"\ndiscovery: https://discovery.etcd.io/x\nenable-v2: true\n"
	inv := &Invocation{Config: []byte(src)}
	args, _, config, err := inv.command("/tmp/sb", ports{client: 1, peer: 2, metrics: 3, clientHTTP: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(args, []string{"--config-file=/tmp/sb/etcd.conf.yml"}) {
		t.Errorf("args %q", args)
	}
	got := string(config)
	for _, want := range []string{"name: n1", "data-dir: /tmp/sb/data", "log-outputs: [stderr]", `experimental-corrupt-check-time: "1m"`,
		"enable-v2: true", "initial-cluster: n1=http://127.0.0.1:2", "listen-client-urls: http://127.0.0.1:1"} {
		if !strings.Contains(got, want) {
			t.Errorf("sandboxed config lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "discovery") || strings.Contains(got, "/var/") {
		t.Errorf("sandboxed config still reaches out:\n%s", got)
	}
}

func TestFromProcessRefusesTemplates(t *testing.T) {
	p := &fact.Process{Form: fact.EnvFile}
	p.Settings = []*fact.Setting{{Name: "name", Surface: fact.Env, Raw: "ETCD_NAME", Value: "{{ x }}", HasValue: true, Templated: true}}
	if _, err := FromProcess(p, nil, nil); err == nil || !strings.Contains(err.Error(), "ETCD_NAME") {
		t.Errorf("got %v", err)
	}
}
