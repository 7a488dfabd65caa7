package rules

import "fmt"

var authRollingUpgrade = &Rule{
	ID:       "auth-rolling-upgrade",
	Title:    "a rolling 3.4 → 3.5 upgrade is not supported with auth enabled",
	Severity: Warning,
	Surfaces: []string{"invocation", "flag", "env", "key", "platform"},
	Rationale: `The 3.5 upgrade guide: a rolling upgrade from 3.4 with authentication enabled "isn't supported",
because the WAL format of auth entries changed. A cluster where auth is enabled (etcdctl auth enable,
an --auth-token setting, the Bitnami chart's auth.rbac.create: true) has to be upgraded with a full restart (stop every member, start them all on
3.5) or a snapshot restore. There is nothing to change in the file itself.`,
	Before:      "etcdctl auth enable",
	After:       "(plan a full-cluster restart for the 3.5 upgrade)",
	ExampleFile: "run.sh",
	Since:       "3.5",
	Until:       "3.5",
	Check: func(p *Pass) {
		const plan = "a rolling upgrade from 3.4 to 3.5 is not supported while auth is enabled (the WAL format of auth entries changed); plan a full-cluster restart or a snapshot restore instead of replacing members one by one"
		t := etcdctlTable()
		for _, inv := range invocations(p, "etcdctl") {
			if cmd, span, ok := t.command(inv); ok && cmd == "auth enable" && ctlAPI(inv) != "2" {
				p.Report(Diagnostic{Severity: Warning, Span: fromProgram(inv, span), Message: "etcdctl auth enable turns on authentication: " + plan})
			}
		}
		for _, a := range p.Facts.AuthSwitches {
			p.Report(Diagnostic{Severity: Warning, Span: a.Span, Message: a.What + " makes the chart turn authentication on (its setup runs etcdctl auth enable): " + plan})
		}
		for _, s := range p.Settings("auth-token") {
			if !effective(s) {
				continue // an empty ETCD_AUTH_TOKEN= sets nothing
			}
			p.Report(Diagnostic{Severity: Warning, Span: s.Span, Message: fmt.Sprintf("%s %s configures authentication tokens: %s", s.Surface.Noun(), written(s), plan)})
		}
	},
}
