package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var v3betaEndpoint = &Rule{
	ID:        "v3beta-endpoint",
	Title:     "/v3beta/ and /v3alpha/ gateway paths: use /v3/",
	Severity:  Warning,
	Surfaces:  []string{"endpoint"},
	Fixable:   true,
	FixSafety: "safe: /v3/ serves the same gateway API",
	Rationale: `The gRPC gateway's /v3beta/ prefix is documented as removed in 3.5, yet etcd 3.4.45, 3.5.33
and 3.6.14 all still rewrite it to /v3/ silently (embed/serve.go), so requests keep working for now but
rest on an undocumented alias. /v3alpha/ is already answered with 404 by 3.4. /v3/ works on every
version, so the rewrite ships before the upgrade. A path in a comment is only reported as info.`,
	Before:      `curl -X POST http://127.0.0.1:2379/v3beta/kv/range -d '{"key":"Zm9v"}'`,
	After:       `curl -X POST http://127.0.0.1:2379/v3/kv/range -d '{"key":"Zm9v"}'`,
	ExampleFile: "run.sh",
	Check: func(p *Pass) {
		for _, e := range p.Facts.Endpoints {
			var prefix string
			for _, pre := range []string{"/v3beta/", "/v3alpha/"} {
				if strings.HasPrefix(e.Path, pre) {
					prefix = pre
				}
			}
			if prefix == "" {
				continue
			}
			v3 := "/v3/" + strings.TrimPrefix(e.Path, prefix)
			if e.InComment {
				p.Report(Diagnostic{Severity: Info, Span: e.Span,
					Message: fmt.Sprintf("a comment names %s: the %s gateway prefix is not part of etcd's documented API; write %s if it describes a request", e.Path, strings.Trim(prefix, "/"), v3)})
				continue
			}
			sev, effect := Warning, "etcd 3.4 to 3.6 still rewrite it to /v3/ silently, but it is documented as removed since 3.5"
			if prefix == "/v3alpha/" {
				sev, effect = Error, "etcd 3.4 and later answer 404"
			}
			p.Report(Diagnostic{
				Severity: sev,
				Span:     e.Span,
				Message:  fmt.Sprintf("request path %s%s uses the %s gateway prefix: %s; request %s instead", e.Path, endpointWhere(e), strings.Trim(prefix, "/"), effect, v3),
				Fix: &Fix{Description: "request " + v3, Phase: Pre, Safety: Safe,
					Intents: []fact.Intent{{Kind: fact.Replace, Endpoint: e, Value: &v3}}},
			})
		}
	},
}

// endpointWhere is " (curl PUT)" for messages.
func endpointWhere(e *fact.Endpoint) string {
	parts := strings.TrimSpace(e.Context + " " + e.Method)
	if parts == "" {
		return ""
	}
	return " (" + parts + ")"
}
