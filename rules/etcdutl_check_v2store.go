package rules

import "fmt"

var etcdutlCheckV2store = &Rule{
	ID:       "etcdutl-check-v2store",
	Title:    "etcdutl check v2store is a 3.5-only pre-upgrade check",
	Severity: Error,
	Surfaces: []string{"invocation"},
	Rationale: `"etcdutl check v2store --data-dir D" (etcdutl 3.5.18 and later) tells whether a 3.5 member's
v2 store holds custom content, which etcd 3.6 refuses to start on. It is a step to run before the
upgrade, with etcdutl 3.5.32 or later: etcdutl 3.6 has no "check" command and fails with
'Error: unknown command "check" for "etcdutl"'. A script that runs it after the binaries are
swapped stops there. Run it before the upgrade and drop it from scripts that run on 3.6.`,
	Before:      "etcdutl check v2store --data-dir /var/lib/etcd && systemctl start etcd",
	After:       "(run with etcdutl 3.5.32 or later before the upgrade; not on 3.6)",
	ExampleFile: "run.sh",
	Since:       "3.6",
	Check: func(p *Pass) {
		for _, inv := range invocations(p, "etcdutl") {
			cmd, span, ok := inv.Command(2)
			if !ok || cmd != "check v2store" {
				continue
			}
			p.Report(Diagnostic{
				Severity: Error,
				Span:     span,
				Message:  fmt.Sprintf("etcdutl check v2store is a check to run before the upgrade: etcdutl %s has no check command (it fails with 'Error: unknown command \"check\" for \"etcdutl\"'); run it with etcdutl 3.5.32 or later before upgrading and remove it from scripts that run with etcdutl %s", p.Upgrade.To, p.Upgrade.To),
			})
		}
	},
}
