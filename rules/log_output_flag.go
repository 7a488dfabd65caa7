package rules

import (
	"fmt"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var logOutputFlag = &Rule{
	ID:        "log-output-flag",
	Title:     "log-output is gone in etcd 3.5: use log-outputs",
	Severity:  Error,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "safe: log-outputs reads the same value",
	Rationale: `etcd's documentation calls --log-output "deprecated" in 3.5, but the 3.5 binary does not
define it: the flag stops etcd from starting (exit 2, "flag provided but not defined: -log-output"),
ETCD_LOG_OUTPUT only logs "unrecognized environment variable" and the value is lost, and the config
key is silently ignored. --log-outputs takes the same values and exists in 3.4, so the rename ships
before the upgrade. In a config file both keys are YAML lists; etcd 3.4 already rejects a plain string.
If log-outputs is set as well, log-output is simply deleted.`,
	Before:      "etcd --log-output=stderr",
	After:       "etcd --log-outputs=stderr",
	ExampleFile: "run.sh",
	Since:       "3.5",
	OwnsSetting: func(_ *Pass, s *fact.Setting) bool { return s.Name == "log-output" },
	Check: func(p *Pass) {
		for _, s := range p.ownSettings() {
			sev, effect := p.effect(s)
			fix := &Fix{Description: "rename log-output to log-outputs", Phase: Pre, Safety: Safe, Intents: []fact.Intent{rename(s, "log-outputs")}}
			instead := "write " + p.Catalog.spelled("log-outputs", s.Surface, p.Upgrade.To) + " with the same value"
			if has(s.Process, "log-outputs") {
				fix = &Fix{Description: "delete log-output: log-outputs is already set", Phase: Pre, Safety: Safe, Intents: []fact.Intent{remove(s)}}
				instead = "delete it: " + p.Catalog.spelled("log-outputs", s.Surface, p.Upgrade.To) + " is already set"
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
