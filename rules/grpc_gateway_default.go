package rules

import (
	"fmt"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var grpcGatewayDefault = &Rule{
	ID:        "grpc-gateway-default",
	Title:     "config files without enable-grpc-gateway start serving the /v3 gateway in 3.5",
	Severity:  Warning,
	Surfaces:  []string{"key"},
	Fixable:   true,
	FixSafety: "safe: enable-grpc-gateway: false keeps 3.4's config-file behaviour (no gateway)",
	Rationale: `In config-file mode, etcd 3.4 left the gRPC gateway off unless the file said
enable-grpc-gateway: true, so /v3/* JSON requests got 404. etcd 3.5 turns it on by default. A config
file that does not mention the key silently starts serving the HTTP/JSON API on the client URLs.
Writing enable-grpc-gateway: false keeps the 3.4 behaviour and is valid in both versions; write true if
you want the gateway.`,
	Before:      "name: n1\ndata-dir: /var/lib/etcd\nlisten-client-urls: http://10.0.0.1:2379\n",
	After:       "name: n1\ndata-dir: /var/lib/etcd\nlisten-client-urls: http://10.0.0.1:2379\nenable-grpc-gateway: false\n",
	ExampleFile: "etcd.conf.yml",
	Since:       "3.5",
	Until:       "3.5",
	Check: func(p *Pass) {
		for _, proc := range p.ServerProcesses() {
			if proc.Form != fact.ConfigFile || proc.Partial || has(proc, "enable-grpc-gateway") {
				continue
			}
			p.Report(Diagnostic{
				Severity: Warning,
				Span:     proc.Anchor,
				Message: fmt.Sprintf("this etcd config file does not set enable-grpc-gateway: etcd 3.4 served no /v3 JSON gateway in config-file mode, etcd %s serves it by default; add \"enable-grpc-gateway: false\" to keep the 3.4 behaviour (or true to opt in)",
					p.Upgrade.To),
				Fix: &Fix{Description: "add enable-grpc-gateway: false", Phase: Pre, Safety: Safe, Intents: []fact.Intent{add(proc, "enable-grpc-gateway", "false")}},
			})
		}
	},
}
