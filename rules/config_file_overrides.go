package rules

import (
	"fmt"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var configFileOverrides = &Rule{
	ID:       "config-file-overrides",
	Title:    "flags and ETCD_* variables next to --config-file are ignored",
	Severity: Warning,
	Surfaces: []string{"flag", "env"},
	Rationale: `When etcd is given --config-file (or ETCD_CONFIG_FILE), it reads only that file: every other
flag and ETCD_* variable is ignored, silently, in 3.4, 3.5 and 3.6 (--log-level=debug and
ETCD_LOG_LEVEL were observed to have no effect). Settings written next to it look active but are not;
move them into the config file.`,
	Before:      "etcd --config-file=/etc/etcd/etcd.yaml --log-level=debug",
	After:       "etcd --config-file=/etc/etcd/etcd.yaml   # log-level: debug in etcd.yaml",
	ExampleFile: "run.sh",
	Check: func(p *Pass) {
		for _, proc := range p.ServerProcesses() {
			var cfg *fact.Setting
			for _, s := range proc.Lookup("config-file") {
				if effective(s) && s.Surface != fact.ConfigKey {
					cfg = s
					break
				}
			}
			if cfg == nil {
				continue
			}
			for _, s := range proc.Settings {
				if s == cfg || s.Name == "config-file" || s.Surface == fact.ConfigKey || !effective(s) || s.Name == "version" {
					continue
				}
				if p.Catalog.Flag(s.Name) == nil {
					// not a flag (ETCD_UNSUPPORTED_ARCH, which etcd reads
					// itself): no config key takes it; unknown-flag speaks
					// for the rest
					continue
				}
				p.Report(Diagnostic{
					Severity: Warning,
					Span:     s.Span,
					Message: fmt.Sprintf("%s %s is ignored because %s is given: etcd reads only the config file and drops every other flag and ETCD_* variable without a warning; move it into the config file as %s",
						s.Surface.Noun(), written(s), written(cfg), p.Catalog.spelled(s.Name, fact.ConfigKey, p.Upgrade.To)),
				})
			}
		}
	},
}
