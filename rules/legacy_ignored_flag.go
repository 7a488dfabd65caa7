package rules

import (
	"fmt"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var legacyIgnoredFlag = &Rule{
	ID:        "legacy-ignored-flag",
	Title:     "etcd 0.4-era flags that etcd accepts and ignores",
	Severity:  Warning,
	Surfaces:  []string{"flag", "env"},
	Fixable:   true,
	FixSafety: "safe: etcd ignored the flag",
	Rationale: `etcd still accepts a handful of flags from etcd 0.4 (--peer-heartbeat-interval, --snapshot,
-v, --force, ...) so that old command lines parse, and does nothing with them. etcd 3.4 at least logged
'flag "-X" is no longer supported - ignoring.'; 3.5 and 3.6 ignore them without a word. They look like
they configure something and do not: delete them.`,
	Before:      "etcd --peer-heartbeat-interval=100",
	After:       "etcd",
	ExampleFile: "run.sh",
	OwnsSetting: func(p *Pass, s *fact.Setting) bool {
		f := p.Catalog.Flag(s.Name)
		return f != nil && f.Ignored(p.Upgrade.To) && s.Surface != fact.ConfigKey && effective(s)
	},
	Check: func(p *Pass) {
		for _, s := range p.ownSettings() {
			p.Report(Diagnostic{
				Severity: Warning,
				Span:     s.Span,
				Message: fmt.Sprintf("%s %s has no effect: etcd %s accepts it for compatibility with etcd 0.4 and silently ignores it (3.4 at least warned); delete it",
					s.Surface.Noun(), written(s), p.Upgrade.To),
				Fix: &Fix{Description: "delete " + written(s), Phase: Pre, Safety: Safe, Intents: []fact.Intent{remove(s)}},
			})
		}
	},
}
