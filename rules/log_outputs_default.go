package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var logOutputsDefault = &Rule{
	ID:        "log-outputs-default",
	Title:     "log-outputs=default means journald under systemd in 3.4, stderr in 3.5",
	Severity:  Warning,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "safe when it writes stderr, what 3.4 did outside systemd; unsafe under systemd, where journald or stderr is a choice",
	Rationale: `etcd 3.4 resolved log-outputs=default to systemd/journal when its parent was PID 1 (a
systemd unit) and to stderr otherwise. etcd 3.5 accepts "default" without a word and always writes to
stderr, so a unit whose logs went to the journal's etcd fields now writes plain lines to stdout/stderr.
Name the output explicitly: stderr keeps what 3.4 did outside systemd; under systemd, systemd/journal
keeps the journal (a choice to review, so the fix is unsafe there; etcd 3.4 accepts systemd/journal only
with --logger=zap).`,
	Before:      "ExecStart=/usr/bin/etcd --logger=zap --log-outputs=default",
	After:       "ExecStart=/usr/bin/etcd --logger=zap --log-outputs=systemd/journal",
	ExampleFile: "etcd.service",
	Since:       "3.5",
	Until:       "3.5",
	Check: func(p *Pass) {
		for _, s := range p.Settings("log-outputs") {
			items := listValue(s)
			if !slices.Contains(items, "default") || s.Templated || !effective(s) {
				continue
			}
			choice, safety, phase := "stderr", Safe, Pre
			why := "etcd 3.4 wrote to stderr here too"
			if s.Process.Form != fact.CommandLine && !s.Process.UnderSystemd {
				// who starts etcd is not in this file: stderr is a guess
				safety = Unsafe
				why = "what etcd 3.4 did unless systemd starts it; if it does, write systemd/journal to keep the journal"
			}
			if s.Process.UnderSystemd {
				choice, safety = "systemd/journal", Unsafe
				why = "systemd/journal keeps the journal output that etcd 3.4 gave this unit"
				if !loggerIsZap(s.Process.Settings) {
					phase = Cutover
				}
			}
			newItems := slices.Clone(items)
			newItems[slices.Index(newItems, "default")] = choice
			newItems = slices.Compact(newItems)
			p.Report(Diagnostic{
				Severity: Warning,
				Span:     s.Span,
				Message: fmt.Sprintf("log-outputs=default changes meaning in etcd %s: etcd 3.4 sent logs to the systemd journal when run by systemd, etcd %s always writes them to stderr; write %s (%s)",
					p.Upgrade.To, p.Upgrade.To, p.Catalog.assignment("log-outputs", strings.Join(newItems, ","), s.Surface, p.Upgrade.To), why),
				Fix: &Fix{Description: "replace log-outputs default with " + choice, Phase: phase, Safety: safety, Intents: listIntent(s, newItems)},
			})
		}
	},
}
