package rules

import "fmt"

var etcdutlBackup = &Rule{
	ID:       "etcdutl-backup",
	Title:    "etcdutl backup (offline copy of a data directory) is gone in 3.6",
	Severity: Error,
	Surfaces: []string{"invocation"},
	Rationale: `etcdutl 3.5 still has "backup", the offline copy of a member's data directory that replaced
"ETCDCTL_API=2 etcdctl backup". etcdutl 3.6 drops it: the command fails with
'Error: unknown command "backup" for "etcdutl"', so a backup job stops producing backups. Take
backups online with "etcdctl snapshot save" instead (restore them with "etcdutl snapshot restore").
The v2 "etcdctl backup" is reported by v2-api-usage. There is no automatic fix: a snapshot is a
file, not a directory, and the restore steps differ.`,
	Before:      "etcdutl backup --data-dir /var/lib/etcd --backup-dir /backup/etcd",
	After:       "etcdctl snapshot save /backup/etcd.db",
	ExampleFile: "run.sh",
	Since:       "3.6",
	Check: func(p *Pass) {
		for _, inv := range invocations(p, "etcdutl") {
			cmd, span, ok := inv.Command(1)
			if !ok || cmd != "backup" {
				continue
			}
			p.Report(Diagnostic{
				Severity: Error,
				Span:     span,
				Message:  fmt.Sprintf("etcdutl backup copies a data directory offline: etcdutl %s has no backup command (it fails with 'Error: unknown command \"backup\" for \"etcdutl\"'); take the backup online with etcdctl snapshot save instead", p.Upgrade.To),
			})
		}
	},
}
