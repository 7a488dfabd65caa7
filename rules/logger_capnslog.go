package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var loggerCapnslog = &Rule{
	ID:        "logger-capnslog",
	Title:     "logger=capnslog is removed in etcd 3.5",
	Severity:  Error,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "unsafe: zap writes JSON where capnslog wrote text lines, so whatever reads the logs must change with it",
	Rationale: `etcd 3.4 logged through capnslog by default and accepted --logger=capnslog with a
deprecation warning. etcd 3.5 refuses it on every surface (flag, ETCD_LOGGER, config key) and exits
with "--logger=capnslog is removed in v3.5". etcd 3.4 already supports --logger=zap, so the fix can
ship before the upgrade. Log lines become zap JSON: check the consumers of etcd's logs.`,
	Before:      "etcd --name n1 --logger=capnslog",
	After:       "etcd --name n1 --logger=zap",
	ExampleFile: "run.sh",
	Since:       "3.5",
	OwnsSetting: func(_ *Pass, s *fact.Setting) bool {
		return s.Name == "logger" && strings.EqualFold(strings.TrimSpace(s.Value), "capnslog") && effective(s)
	},
	Check: func(p *Pass) {
		for _, s := range p.ownSettings() {
			p.Report(Diagnostic{
				Severity: Error,
				Span:     s.Span,
				Message: fmt.Sprintf("%s was removed in etcd 3.5: etcd %s exits at start with \"--logger=capnslog is removed in v3.5\"; write %s (etcd 3.4 and later support it; logs become zap JSON, so check what reads them)",
					p.Catalog.assignment("logger", "capnslog", s.Surface, p.Upgrade.From), p.Upgrade.To, p.Catalog.assignment("logger", "zap", s.Surface, p.Upgrade.To)),
				Fix: &Fix{Description: "set logger to zap", Phase: Pre, Safety: Unsafe, Intents: []fact.Intent{setValue(s, "zap")}},
			})
		}
	},
}
