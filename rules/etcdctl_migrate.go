package rules

import "fmt"

var etcdctlMigrate = &Rule{
	ID:       "etcdctl-migrate",
	Title:    "etcdctl migrate (v2 store to v3) is gone in 3.5",
	Severity: Error,
	Surfaces: []string{"invocation"},
	Rationale: `"etcdctl migrate" copied v2 store data into the v3 keyspace. etcdctl 3.5 has no such command
(unknown command "migrate"), so a script that still runs it fails. Finish the migration with etcdctl
3.4 before the upgrade and drop the step; there is nothing to rewrite it to.`,
	Before:      "ETCDCTL_API=3 etcdctl migrate --data-dir /var/lib/etcd",
	After:       "(run once with etcdctl 3.4 before upgrading, then delete)",
	ExampleFile: "run.sh",
	Check: func(p *Pass) {
		t := etcdctlTable()
		for _, inv := range invocations(p, "etcdctl") {
			cmd, span, ok := t.command(inv)
			if !ok || cmd != "migrate" || t.commands[cmd][p.Upgrade.From] != Present || t.commands[cmd][p.Upgrade.To] != Absent {
				continue
			}
			p.Report(Diagnostic{
				Severity: Error,
				Span:     span,
				Message:  fmt.Sprintf("etcdctl migrate copies v2 data into v3: etcdctl %s has no migrate command (unknown command \"migrate\"); migrate with etcdctl %s before the upgrade, then drop this step", p.Upgrade.To, p.Upgrade.From),
			})
		}
	},
}
