package rules

import (
	"fmt"
	"strings"
)

var configLocalLogEndpoint = &Rule{
	ID:       "config-local-log-endpoint",
	Title:    "/config/local/log is gone in 3.5: set --log-level and restart",
	Severity: Error,
	Surfaces: []string{"endpoint"},
	Rationale: `etcd 3.4 changes its log level at run time on PUT /config/local/log {"Level":"DEBUG"} (204,
also with --logger=zap). etcd 3.5 and 3.6 have no such endpoint and answer 404, so a script or tool
that raises the level for debugging silently does nothing. There is no run-time replacement: set
--log-level (ETCD_LOG_LEVEL, log-level:) and restart the member.`,
	Before:      `curl -X PUT http://127.0.0.1:2379/config/local/log -d '{"Level":"DEBUG"}'`,
	After:       `etcd --log-level=debug …   # and restart the member`,
	ExampleFile: "run.sh",
	Check: func(p *Pass) {
		for _, e := range p.Facts.Endpoints {
			if e.Path != "/config/local/log" && !strings.HasPrefix(e.Path, "/config/local/log/") {
				continue
			}
			if e.InComment {
				p.Report(Diagnostic{Severity: Info, Span: e.Span,
					Message: "a comment names /config/local/log: etcd 3.5 and later answer 404 there; set --log-level and restart the member instead"})
				continue
			}
			p.Report(Diagnostic{
				Severity: Error,
				Span:     e.Span,
				Message:  fmt.Sprintf("request path %s%s changes the log level at run time: etcd 3.5 and later answer 404 (3.4 answered 204); set --log-level on the member and restart it instead", e.Path, endpointWhere(e)),
			})
		}
	},
}
