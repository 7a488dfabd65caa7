package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var logPackageLevels = &Rule{
	ID:        "log-package-levels",
	Title:     "log-package-levels is gone in etcd 3.5",
	Severity:  Error,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "safe when the value is empty; unsafe otherwise: zap has no per-package levels, so what is logged changes",
	Rationale: `capnslog's per-package levels do not exist in zap. etcd 3.5 does not define
--log-package-levels (the flag stops etcd from starting, exit 2), ETCD_LOG_PACKAGE_LEVELS only logs
"unrecognized environment variable", and the config key is silently ignored. There is no equivalent:
delete the setting. If a package was at DEBUG, --log-level=debug is the closest (for every package).
Deleting a non-empty value changes what is logged, so that fix is unsafe.`,
	Before:      "etcd --log-package-levels=etcdserver=DEBUG",
	After:       "etcd --log-level=debug",
	ExampleFile: "run.sh",
	Since:       "3.5",
	OwnsSetting: func(_ *Pass, s *fact.Setting) bool { return s.Name == "log-package-levels" },
	Check: func(p *Pass) {
		for _, s := range p.ownSettings() {
			sev, effect := p.effect(s)
			safety, hint := Safe, "delete it (it is empty)"
			if strings.TrimSpace(s.Value) != "" {
				safety, hint = Unsafe, "delete it: zap has no per-package levels"
				if strings.Contains(strings.ToUpper(s.Value), "DEBUG") {
					hint += fmt.Sprintf("; %s is the closest to the DEBUG level asked for here", p.Catalog.assignment("log-level", "debug", s.Surface, p.Upgrade.To))
				}
			}
			p.Report(Diagnostic{
				Severity: sev,
				Span:     s.Span,
				Message:  fmt.Sprintf("%s %s is not supported by etcd %s: %s; %s", s.Surface.Noun(), written(s), p.Upgrade.To, effect, hint),
				Fix:      &Fix{Description: "delete log-package-levels", Phase: Pre, Safety: safety, Intents: []fact.Intent{remove(s)}},
			})
		}
	},
}
