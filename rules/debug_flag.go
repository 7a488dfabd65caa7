package rules

import (
	"fmt"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var debugFlag = &Rule{
	ID:        "debug-flag",
	Title:     "debug is gone in etcd 3.5: use log-level=debug",
	Severity:  Error,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "safe: log-level=debug is what debug did; unsafe when it overwrites a log-level already set",
	Rationale: `etcd's documentation calls --debug "deprecated" in 3.5, but the 3.5 binary does not define
it: the flag stops etcd from starting (exit 2), ETCD_DEBUG only logs "unrecognized environment
variable" and debug logging is lost, and the config key is silently ignored. --log-level=debug does the
same and exists in 3.4. A false value is deleted. When log-level is set too, the fix has to choose
between the two levels, so it is unsafe.`,
	Before:      "etcd --debug",
	After:       "etcd --log-level=debug",
	ExampleFile: "run.sh",
	Since:       "3.5",
	OwnsSetting: func(_ *Pass, s *fact.Setting) bool { return s.Name == "debug" },
	Check: func(p *Pass) {
		for _, s := range p.ownSettings() {
			sev, effect := p.effect(s)
			on, ok := parseBool(s)
			var fix *Fix
			var instead string
			levels := lookup(s.Process, "log-level")
			switch {
			case !ok:
				instead = fmt.Sprintf("write %s if debug logging is wanted", p.Catalog.assignment("log-level", "debug", s.Surface, p.Upgrade.To))
			case !on:
				instead = "delete it (it is false)"
				fix = &Fix{Description: "delete debug=false", Phase: Pre, Safety: Safe, Intents: []fact.Intent{remove(s)}}
			case len(levels) == 0 && len(s.Process.Lookup("log-level")) > 0:
				// an empty ETCD_LOG_LEVEL= would override a new assignment: fill it in
				empty := s.Process.Lookup("log-level")
				instead = "delete it and set the empty " + written(empty[0]) + " to debug"
				fix = &Fix{Description: "delete debug and set log-level to debug", Phase: Pre, Safety: Safe,
					Intents: []fact.Intent{remove(s), setValue(empty[len(empty)-1], "debug")}}
			case len(levels) > 0:
				instead = fmt.Sprintf("delete it and set the existing log-level to debug (it is %q now)", levels[0].Value)
				fix = &Fix{Description: "delete debug and set log-level to debug", Phase: Pre, Safety: Unsafe,
					Intents: []fact.Intent{remove(s), setValue(levels[0], "debug")}}
			default:
				instead = "write " + p.Catalog.assignment("log-level", "debug", s.Surface, p.Upgrade.To)
				fix = &Fix{Description: "replace debug with log-level=debug", Phase: Pre, Safety: Safe,
					Intents: []fact.Intent{replace(s, "log-level", "debug")}}
			}
			p.Report(Diagnostic{
				Severity: sev,
				Span:     s.Span,
				Message:  fmt.Sprintf("%s %s is not supported by etcd %s: %s; %s", s.Surface.Noun(), written(s), p.Upgrade.To, effect, instead),
				Fix:      fix,
			})
		}
	},
}
