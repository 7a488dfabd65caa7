package rules

import (
	"fmt"
	"slices"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var etcdctlToEtcdutl = &Rule{
	ID:        "etcdctl-to-etcdutl",
	Title:     "offline etcdctl commands (snapshot restore/status, defrag --data-dir) moved to etcdutl",
	Severity:  Warning,
	Surfaces:  []string{"invocation"},
	Fixable:   true,
	FixSafety: "unsafe: etcdutl must be installed where the command runs",
	Rationale: `etcdctl 3.5 still runs "snapshot restore", "snapshot status" and "defrag --data-dir" but prints
"Deprecated: Use etcdutl … instead". etcdctl 3.6 drops them: "etcdctl snapshot restore" prints the
snapshot help and exits 0 without restoring anything (a backup job reports success), and
"defrag --data-dir" fails with "unknown flag: --data-dir". etcdutl takes the same command and flags
but no connection flags (--endpoints, --cacert, …), which the fix drops. etcdutl ships from 3.5 on, so
the fix is unsafe: it needs etcdutl 3.5 or later installed where the script runs.`,
	Before:      "etcdctl snapshot restore /backup/snap.db --data-dir /var/lib/etcd",
	After:       "etcdutl snapshot restore /backup/snap.db --data-dir /var/lib/etcd",
	ExampleFile: "run.sh",
	Since:       "3.5",
	Check: func(p *Pass) {
		t := etcdctlTable()
		for _, inv := range invocations(p, "etcdctl") {
			if ctlAPI(inv) == "2" {
				continue
			}
			cmd, span, ok := t.command(inv)
			if !ok {
				continue
			}
			var effect string
			switch {
			case cmd == "snapshot restore" || cmd == "snapshot status":
				effect = "etcdctl 3.5 still runs it with a deprecation notice, and etcdctl 3.6 prints the snapshot help and exits 0 without doing anything"
				if _, ok := inv.Flag("data-dir"); ok {
					effect = "etcdctl 3.5 still runs it with a deprecation notice, and etcdctl 3.6 fails with \"Error: unknown flag: --data-dir\""
				}
				if t.commands[cmd][p.Upgrade.To] == Absent {
					effect = fmt.Sprintf("etcdctl %s has no such command: it prints the snapshot help and exits 0 without doing anything", p.Upgrade.To)
					if _, ok := inv.Flag("data-dir"); ok {
						// the flag belonged to the command, so the parent rejects it
						effect = fmt.Sprintf("etcdctl %s has no such command and fails with \"Error: unknown flag: --data-dir\"", p.Upgrade.To)
					}
				}
			case cmd == "defrag":
				if _, ok := inv.Flag("data-dir"); !ok {
					continue
				}
				effect = "etcdctl 3.5 still runs it with a deprecation notice, and etcdctl 3.6 fails with \"unknown flag: --data-dir\""
				if t.flags["defrag --data-dir"][p.Upgrade.To] == Absent {
					effect = fmt.Sprintf("etcdctl %s fails with \"unknown flag: --data-dir\"", p.Upgrade.To)
				}
			default:
				continue
			}
			sev := Warning
			if p.Upgrade.To != "3.5" {
				sev = Error
			}
			intents := []fact.Intent{{Kind: fact.Replace, Invocation: inv, Name: "etcdutl"}}
			var dropped []string
			for _, f := range inv.Flags {
				if t.globalFlag(f.Name) && f.Name != "write-out" && !slices.Contains(dropped, f.Name) {
					dropped = append(dropped, f.Name)
					intents = append(intents, fact.Intent{Kind: fact.Remove, Invocation: inv, Name: f.Name})
				}
			}
			desc := "run etcdutl " + cmd + " (needs etcdutl 3.5 or later installed)"
			if len(dropped) > 0 {
				desc += fmt.Sprintf(", without the connection flags %v", dropped)
			}
			p.Report(Diagnostic{
				Severity: sev,
				Span:     fromProgram(inv, span), // the line of the etcdctl word, as other client findings
				Message:  fmt.Sprintf("etcdctl %s works on files offline and moved to etcdutl: %s; run etcdutl %s with the same arguments instead", cmd, effect, cmd),
				Fix:      &Fix{Description: desc, Phase: Pre, Safety: Unsafe, Intents: intents},
			})
		}
	},
}
