package rules

import (
	"github.com/etcdlint/etcdlint/lint/fact"
)

var etcdVersionEnv = &Rule{
	ID:        "etcd-version-env",
	Title:     "ETCD_VERSION in etcd's environment",
	Severity:  Warning,
	Surfaces:  []string{"env"},
	Fixable:   true,
	FixSafety: "unsafe: something besides etcd may read ETCD_VERSION",
	Rationale: `Container images and install scripts often export ETCD_VERSION=3.x.y. etcd reads every ETCD_*
variable as a flag, and ETCD_VERSION is the --version flag: etcd 3.4 exits with 'invalid value "3.4.0"
for ETCD_VERSION: parse error', and 3.5/3.6 unset it with the warning "cannot set special environment
variable". Keep the version under another name (ETCD_VER, ETCD_IMAGE_TAG) or unset it for etcd.`,
	Before:      "ETCD_VERSION=3.5.17\nETCD_NAME=n1",
	After:       "ETCD_NAME=n1",
	ExampleFile: "etcd.env",
	OwnsSetting: func(_ *Pass, s *fact.Setting) bool {
		return s.Surface == fact.Env && s.Name == "version" && effective(s)
	},
	Check: func(p *Pass) {
		for _, s := range p.ownSettings() {
			p.Report(Diagnostic{
				Severity: Warning,
				Span:     s.Span,
				Message:  "ETCD_VERSION is read by etcd as its --version flag: etcd 3.4 exits with 'invalid value for ETCD_VERSION: parse error' and 3.5 logs \"cannot set special environment variable\"; delete it or use another name such as ETCD_VER",
				Fix:      &Fix{Description: "delete ETCD_VERSION (check nothing else reads it)", Phase: Pre, Safety: Unsafe, Intents: []fact.Intent{remove(s)}},
			})
		}
	},
}
