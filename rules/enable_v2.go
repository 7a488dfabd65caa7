package rules

import (
	"fmt"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var enableV2 = &Rule{
	ID:        "enable-v2",
	Title:     "the v2 API (enable-v2, experimental-enable-v2v3) is deprecated in 3.5 and gone in 3.6",
	Severity:  Warning,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "safe: only a setting that is off is deleted",
	Rationale: `etcd 3.5 still serves the v2 API with --enable-v2=true but logs "--enable-v2 is deprecated
in 3.5 and will be decommissioned in 3.6", and while it is on, /livez and /readyz return 404;
experimental-enable-v2v3 also makes /health return an empty reply. etcd 3.6 does not define either
flag (exit 2), and ignores the env vars and config keys. Clients of the v2 API must move to v3 before
3.6; before upgrading to 3.6, run "etcdutl check v2store --data-dir DIR" (etcdutl 3.5.32 or later). A
false value is deleted (safe); a true value needs that migration, so it has no automatic fix.`,
	Before:      "etcd --enable-v2=true",
	After:       "etcd",
	ExampleFile: "run.sh",
	Since:       "3.5",
	OwnsSetting: func(_ *Pass, s *fact.Setting) bool {
		return (s.Name == "enable-v2" || s.Name == "experimental-enable-v2v3") && effective(s)
	},
	Check: func(p *Pass) {
		for _, s := range p.ownSettings() {
			f := p.Catalog.Flag(s.Name)
			sev := Warning
			effect := fmt.Sprintf("etcd %s logs a deprecation warning and 3.6 removes the v2 API", p.Upgrade.To)
			if f != nil && !f.Defined(p.Upgrade.To) {
				sev, effect = p.effect(s)
			}
			var fix *Fix
			instead := "move v2 clients to the v3 API, then delete it"
			on, ok := parseBool(s)
			if s.Name == "experimental-enable-v2v3" {
				on = s.Value != "" // a storage prefix, not a boolean
				ok = true
			}
			if ok && !on {
				instead = "delete it (it is off)"
				fix = &Fix{Description: "delete " + s.Name, Phase: Pre, Safety: Safe, Intents: []fact.Intent{remove(s)}}
			}
			what := "keeps the v2 API on"
			switch {
			case fix != nil:
				what = "is deprecated"
			case !ok && s.Templated:
				what = "may keep the v2 API on (its value is templated)"
			}
			p.Report(Diagnostic{
				Severity: sev,
				Span:     s.Span,
				Message:  fmt.Sprintf("%s %s %s: %s; %s", s.Surface.Noun(), written(s), what, effect, instead),
				Fix:      fix,
			})
		}
	},
}
