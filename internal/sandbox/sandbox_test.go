package sandbox

import (
	"crypto/x509"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

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

// The warnings that answer the sandbox's own /health polling before the
// leader election are not the file's: etcd 3.5 logs them on a loaded machine.
func TestHealthProbeWarnings(t *testing.T) {
	out := `{"level":"warn","ts":"t","caller":"etcdhttp/metrics.go:173","msg":"serving /health false; no leader"}
{"level":"warn","ts":"t","caller":"etcdhttp/metrics.go:86","msg":"/health error","output":"{\"health\":\"false\",\"reason\":\"RAFT NO LEADER\"}","status-code":503}
{"level":"warn","ts":"t","caller":"flags/flag.go:93","msg":"unrecognized environment variable","environment-variable":"ETCD_DEBUG=true"}
{"level":"warn","ts":"t","caller":"embed/config_logging.go:287","msg":"rejected connection on client endpoint","remote-addr":"127.0.0.1:53952","server-name":"","error":"read tcp 127.0.0.1:42223->127.0.0.1:53952: read: connection reset by peer"}
{"level":"warn","ts":"t","caller":"embed/config_logging.go:287","msg":"rejected connection on client endpoint","remote-addr":"127.0.0.1:53952","server-name":"","error":"EOF"}
{"level":"warn","ts":"t","caller":"embed/config_logging.go:287","msg":"rejected connection on client endpoint","remote-addr":"127.0.0.1:53952","server-name":"","error":"remote error: tls: bad certificate"}
`
	var probe []bool
	for _, l := range ParseLog([]byte(out)) {
		probe = append(probe, fromHealthProbe(l))
	}
	if want := []bool{true, true, false, true, true, false}; !slices.Equal(probe, want) {
		t.Errorf("fromHealthProbe = %v, want %v", probe, want)
	}
}

func TestCommandRewritesOnlySandboxSettings(t *testing.T) {
	inv := &Invocation{Settings: []Setting{
		{Surface: fact.Flag, Name: "name", Raw: "--name", Value: "n1", HasValue: true},
		{Surface: fact.Flag, Name: "debug", Raw: "debug"}, // a map key (argsbuilder) the program writes as --debug
		{Surface: fact.Flag, Name: "listen-client-urls", Raw: "-listen-client-urls", Value: "https://10.0.0.1:2379,https://10.0.0.2:2379", HasValue: true},
		{Surface: fact.Flag, Name: "discovery-srv", Raw: "--discovery-srv", Value: "example.com", HasValue: true},
		{Surface: fact.Env, Name: "data-dir", Raw: "ETCD_DATA_DIR", Value: "/var/lib/etcd", HasValue: true},
		{Surface: fact.Env, Name: "log-outputs", Raw: "ETCD_LOG_OUTPUTS", Value: "/var/log/etcd.log,stdout,systemd/journal", HasValue: true},
		{Surface: fact.Env, Name: "log-level", Raw: "ETCD_LOG_LEVEL", Value: "debug", HasValue: true},
	}}
	pt := ports{client: 1, peer: 2, metrics: 3, clientHTTP: 4}
	args, env, config, _, err := inv.command("/tmp/sb", pt, nil)
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
	args, _, config, _, err := inv.command("/tmp/sb", ports{client: 1, peer: 2, metrics: 3, clientHTTP: 4}, nil)
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

func TestCommandPointsTLSFilesAtTestCerts(t *testing.T) {
	certs := &Certs{CA: "/sb/certs/ca.pem", Cert: "/sb/certs/server.pem", Key: "/sb/certs/server-key.pem"}
	inv := &Invocation{TestCerts: true, Settings: []Setting{
		{Surface: fact.Flag, Name: "listen-client-urls", Raw: "--listen-client-urls", Value: "https://10.0.0.1:2379", HasValue: true},
		{Surface: fact.Flag, Name: "cert-file", Raw: "--cert-file", Value: "/etc/etcd/pki/server.crt", HasValue: true},
		{Surface: fact.Flag, Name: "client-cert-auth", Raw: "--client-cert-auth"},
		{Surface: fact.Env, Name: "key-file", Raw: "ETCD_KEY_FILE", Value: "/etc/etcd/pki/server.key", HasValue: true},
		{Surface: fact.Env, Name: "trusted-ca-file", Raw: "ETCD_TRUSTED_CA_FILE", Value: "/etc/etcd/pki/ca.crt", HasValue: true},
		{Surface: fact.Env, Name: "peer-client-cert-file", Raw: "ETCD_PEER_CLIENT_CERT_FILE", Value: "/etc/etcd/pki/peer.crt", HasValue: true},
		{Surface: fact.Flag, Name: "client-crl-file", Raw: "--client-crl-file", Value: "/etc/etcd/pki/crl.pem", HasValue: true},
		// A look-alike: not a file.
		{Surface: fact.Flag, Name: "cipher-suites", Raw: "--cipher-suites", Value: "TLS_AES_128_GCM_SHA256", HasValue: true},
	}}
	args, env, _, _, err := inv.command("/sb", ports{client: 1, peer: 2, metrics: 3, clientHTTP: 4}, certs)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--listen-client-urls=https://127.0.0.1:1", "--cert-file=/sb/certs/server.pem", "--client-cert-auth", "--cipher-suites=TLS_AES_128_GCM_SHA256"} {
		if !slices.Contains(args, want) {
			t.Errorf("args lack %q: %q", want, args)
		}
	}
	wantEnv := []string{"ETCD_KEY_FILE=/sb/certs/server-key.pem", "ETCD_TRUSTED_CA_FILE=/sb/certs/ca.pem", "ETCD_PEER_CLIENT_CERT_FILE=/sb/certs/server.pem"}
	if !slices.Equal(env, wantEnv) {
		t.Errorf("env %q, want %q", env, wantEnv)
	}
	if strings.Contains(strings.Join(args, " "), "/etc/etcd") {
		t.Errorf("a user's TLS file is left: %q", args)
	}
	// Without test certificates the user's files stay.
	inv.TestCerts = false
	args, _, _, _, _ = inv.command("/sb", ports{client: 1, peer: 2, metrics: 3, clientHTTP: 4}, nil)
	if !slices.Contains(args, "--cert-file=/etc/etcd/pki/server.crt") || !slices.Contains(args, "--client-crl-file=/etc/etcd/pki/crl.pem") {
		t.Errorf("without TestCerts the user's TLS files must stay: %q", args)
	}
}

func TestSandboxConfigPointsTransportSecurityAtTestCerts(t *testing.T) {
	src := `name: n1
listen-client-urls: https://10.0.0.1:2379
listen-peer-urls: https://10.0.0.1:2380
client-transport-security:
  cert-file: /etc/etcd/pki/server.crt
  key-file: /etc/etcd/pki/server.key
  client-cert-auth: true
  trusted-ca-file: /etc/etcd/pki/ca.crt
peer-transport-security:
  cert-file: /etc/etcd/pki/peer.crt
  key-file: /etc/etcd/pki/peer.key
  trusted-ca-file: /etc/etcd/pki/ca.crt
  allowed-cn: member
cert-file: /etc/etcd/pki/not-read-here.crt
`
	certs := &Certs{CA: "/sb/certs/ca.pem", Cert: "/sb/certs/server.pem", Key: "/sb/certs/server-key.pem"}
	inv := &Invocation{Config: []byte(src), TestCerts: true}
	_, _, config, _, err := inv.command("/sb", ports{client: 1, peer: 2, metrics: 3, clientHTTP: 4}, certs)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Client map[string]any `yaml:"client-transport-security"`
		Peer   map[string]any `yaml:"peer-transport-security"`
		Listen string         `yaml:"listen-peer-urls"`
	}
	if err := yaml.Unmarshal(config, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"cert-file": certs.Cert, "key-file": certs.Key, "trusted-ca-file": certs.CA}
	for k, v := range want {
		if got.Client[k] != v || got.Peer[k] != v {
			t.Errorf("%s: client %v, peer %v, want %s\n%s", k, got.Client[k], got.Peer[k], v, config)
		}
	}
	if got.Client["client-cert-auth"] != true || got.Peer["allowed-cn"] != "member" || got.Listen != "https://127.0.0.1:2" {
		t.Errorf("other keys changed:\n%s", config)
	}
	if strings.Contains(string(config), "/etc/etcd/pki/server") || strings.Contains(string(config), "/etc/etcd/pki/peer") {
		t.Errorf("a user's TLS file is left:\n%s", config)
	}
}

func TestNewCertsVerify(t *testing.T) {
	c, err := NewCerts(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tc := c.ClientTLS()
	leaf, err := x509.ParseCertificate(tc.Certificates[0].Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"127.0.0.1", "localhost", "::1"} {
		if _, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: tc.RootCAs, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: "etcd.example.com", Roots: tc.RootCAs}); err == nil {
		t.Errorf("the sandbox certificate must be for loopback only")
	}
}

func TestFromProcessEmbeddedConfig(t *testing.T) {
	src := "Steps:\n\n1. Write it:\n\n   ```yaml\n   name: infra2\n   log-outputs: [stderr]\n   client-transport-security:\n     client-cert-auth: true\n   ```\n"
	at := func(s string) fact.Span {
		i := strings.Index(src, s)
		return fact.Span{Start: i, End: i + len(s)}
	}
	p := &fact.Process{Form: fact.ConfigFile, Settings: []*fact.Setting{
		{Name: "name", Surface: fact.ConfigKey, Raw: "name", Value: "infra2", HasValue: true, Span: at("name: infra2")},
		{Name: "log-outputs", Surface: fact.ConfigKey, Raw: "log-outputs", Value: "stderr", HasValue: true, Span: at("log-outputs: [stderr]")},
		{Name: "client-cert-auth", Surface: fact.ConfigKey, Raw: "client-transport-security.client-cert-auth", Value: "true", HasValue: true, Span: at("client-cert-auth: true")},
	}}
	inv, err := FromProcess(p, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "name: infra2\nlog-outputs: [stderr]\nclient-transport-security:\n  client-cert-auth: true\n"
	if string(inv.Config) != want {
		t.Errorf("config %q, want %q", inv.Config, want)
	}
	// A whole config file is passed as it is.
	whole := "# c\nname: n1\n"
	p.Settings = p.Settings[:1]
	if inv, _ := FromProcess(p, []byte(whole), nil); string(inv.Config) != whole {
		t.Errorf("config %q, want the file", inv.Config)
	}
}
