package rules

import (
	"fmt"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var bboltFreelistExperimental = &Rule{
	ID:        "bbolt-freelist-experimental",
	Title:     "experimental-backend-bbolt-freelist-type is renamed in etcd 3.5",
	Severity:  Error,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "safe: the new name takes the same value",
	Rationale: `etcd 3.5 renamed --experimental-backend-bbolt-freelist-type to --backend-bbolt-freelist-type
and does not define the old name: the flag stops etcd from starting (exit 2), the env var only warns,
and the config key is silently ignored. etcd 3.4 does not know the new name either, so the rename ships
with the binary swap (phase cutover). The default also changes from array (3.4) to map (3.5): to keep
the 3.4 behaviour, write backend-bbolt-freelist-type=array explicitly.`,
	Before:      "etcd --experimental-backend-bbolt-freelist-type=array",
	After:       "etcd --backend-bbolt-freelist-type=array",
	ExampleFile: "run.sh",
	Since:       "3.5",
	OwnsSetting: func(_ *Pass, s *fact.Setting) bool { return s.Name == "experimental-backend-bbolt-freelist-type" },
	Check: func(p *Pass) {
		for _, s := range p.ownSettings() {
			sev, effect := p.effect(s)
			newName := p.Catalog.spelled("backend-bbolt-freelist-type", s.Surface, p.Upgrade.To)
			fix := &Fix{Description: "rename to backend-bbolt-freelist-type", Phase: p.phaseFor("backend-bbolt-freelist-type"), Safety: Safe,
				Intents: []fact.Intent{rename(s, "backend-bbolt-freelist-type")}}
			instead := fmt.Sprintf("write %s with the same value when the binary is swapped (etcd 3.4 rejects the new name); the default changes from array to map, so keep an explicit value", newName)
			if p.Upgrade.From != "3.4" {
				instead = fmt.Sprintf("write %s with the same value (etcd %s has it already)", newName, p.Upgrade.From)
			}
			if has(s.Process, "backend-bbolt-freelist-type") {
				fix = &Fix{Description: "delete the experimental name: the new one is set", Phase: Pre, Safety: Safe, Intents: []fact.Intent{remove(s)}}
				instead = "delete it: " + newName + " is already set"
			}
			p.Report(Diagnostic{
				Severity: sev,
				Span:     s.Span,
				Message:  fmt.Sprintf("%s %s was renamed in etcd 3.5: %s; %s", s.Surface.Noun(), written(s), effect, instead),
				Fix:      fix,
			})
		}
	},
}
