package rules

import (
	"fmt"
	"slices"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var flagEnvConflict = &Rule{
	ID:        "flag-env-conflict",
	Title:     "the same setting as a flag and as an ETCD_* variable",
	Severity:  Error,
	Surfaces:  []string{"flag", "env"},
	Fixable:   true,
	FixSafety: "safe: the variable deleted is the one the flag shadows",
	Rationale: `etcd refuses to start when a setting is given both as a command-line flag and as its
ETCD_* environment variable: 3.4 logs "C | pkg/flags: conflicting environment variable ... is shadowed by
corresponding command-line flag" and 3.5/3.6 exit with "[fatal] conflicting environment variable is
shadowed by corresponding command-line flag". The flag is what was meant to win, so the variable is
deleted. An empty variable does not count: etcd skips it.`,
	Before:      "Environment=ETCD_NAME=n1\nExecStart=/usr/bin/etcd --name n1",
	After:       "ExecStart=/usr/bin/etcd --name n1",
	ExampleFile: "etcd.service",
	Check: func(p *Pass) {
		for _, proc := range p.ServerProcesses() {
			// one pass for the flags: a file of thousands of variables
			// must not cost thousands of scans
			flags := map[string][]*fact.Setting{}
			for _, s := range proc.Settings {
				if s.Surface == fact.Flag {
					flags[s.Name] = append(flags[s.Name], s)
				}
			}
			for _, env := range proc.Settings {
				if env.Surface != fact.Env || !effective(env) || env.Name == "config-file" {
					continue
				}
				// a flag in another branch of the template's if/else than
				// the variable is never given with it
				if i := slices.IndexFunc(flags[env.Name], func(f *fact.Setting) bool { return !env.Excludes(f) }); i >= 0 {
					flag := flags[env.Name][i]
					d := Diagnostic{
						Severity: Error,
						Span:     env.Span,
						Message: fmt.Sprintf("%s and the flag --%s both set %s: etcd exits at start with \"conflicting environment variable is shadowed by corresponding command-line flag\" (in every version); delete one of them",
							env.Raw, flag.Name, flag.Name),
						Fix: &Fix{Description: "delete " + env.Raw + ": the flag wins", Phase: Pre, Safety: Safe, Intents: []fact.Intent{remove(env)}},
					}
					if !slices.ContainsFunc(flags[env.Name], func(f *fact.Setting) bool { return f.RendersWith(env) }) {
						d.Message += fmt.Sprintf(" (the flag is set only under a template condition: where it does not render, deleting %s loses the setting)", env.Raw)
						d.Fix.Safety = Unsafe
					}
					p.Report(d)
				}
			}
		}
	},
}
