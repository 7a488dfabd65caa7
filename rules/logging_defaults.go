package rules

import (
	"fmt"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var loggingDefaultsChanged = &Rule{
	ID:        "logging-defaults-changed",
	Title:     "unset logger/log-outputs change meaning in etcd 3.5",
	Severity:  Info,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "unsafe: writing logger and log-outputs chooses the log format and destination",
	Rationale: `etcd 3.4 defaulted to the capnslog logger (text lines such as "W | etcdserver: ...") and
sent them to the systemd journal when systemd started it. etcd 3.5 defaults to zap JSON on stderr. An
etcd command line or config file that sets neither logger nor log-outputs changes its log format and
destination on upgrade without any warning: log shippers, journald queries and alerts on log lines are
affected. Setting logger=zap and log-outputs explicitly now (both valid in 3.4) makes the change happen
on your schedule; the fix is unsafe because it changes 3.4's output today.`,
	Before:      "etcd --name n1",
	After:       "etcd --name n1 --logger=zap --log-outputs=stderr",
	ExampleFile: "run.sh",
	Since:       "3.5",
	Until:       "3.5",
	Check: func(p *Pass) {
		for _, proc := range p.ServerProcesses() {
			if proc.Form == fact.EnvFile || proc.Partial || has(proc, "config-file") {
				continue
			}
			var missing []string
			var intents []fact.Intent
			if !has(proc, "logger") {
				missing = append(missing, "logger (3.4: capnslog text; 3.5: zap JSON)")
				intents = append(intents, add(proc, "logger", "zap"))
			}
			if !has(proc, "log-outputs") && !has(proc, "log-output") {
				out, where := "stderr", "the systemd journal when systemd is its parent, else stderr"
				if proc.UnderSystemd {
					out, where = "systemd/journal", "the systemd journal"
				}
				missing = append(missing, fmt.Sprintf("log-outputs (3.4: %s; 3.5: stderr)", where))
				intents = append(intents, add(proc, "log-outputs", out))
			}
			if len(missing) == 0 {
				continue
			}
			msg := fmt.Sprintf("etcd logging defaults change in %s and this etcd leaves %s unset", p.Upgrade.To, missing[0])
			if len(missing) == 2 {
				msg = fmt.Sprintf("etcd logging defaults change in %s and this etcd leaves %s and %s unset", p.Upgrade.To, missing[0], missing[1])
			}
			p.Report(Diagnostic{
				Severity: Info,
				Span:     proc.Anchor,
				Message:  msg + "; set them explicitly so log consumers are ready for the change",
				Fix:      &Fix{Description: "set logger and log-outputs explicitly", Phase: Pre, Safety: Unsafe, Intents: intents},
			})
		}
	},
}
