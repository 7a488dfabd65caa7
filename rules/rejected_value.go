package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var rejectedValue = &Rule{
	ID:        "rejected-value",
	Title:     "a value the target etcd refuses at start",
	Severity:  Error,
	Surfaces:  []string{"flag", "env"},
	Fixable:   true,
	FixSafety: "safe when it deletes a value that is the old etcd's default; unsafe when it writes another value, which behaves differently where it matters (discovery-fallback=exit)",
	Rationale: `Some settings keep their name but lose a value: etcd 3.6 exits at start on
--discovery-fallback=proxy ("v2 proxy is deprecated, and --discovery-fallback can't be configured as
\"proxy\"") and on --v2-deprecation=not-yet (the v2 store is write-only from 3.6 on). The value-level
rows of the flag table list them with their replacement: discovery-fallback=exit is valid in 3.5
already, and dropping v2-deprecation=not-yet keeps 3.5's default, so both fixes ship before the upgrade.`,
	Before:      "etcd --discovery-fallback=proxy --v2-deprecation=not-yet",
	After:       "etcd --discovery-fallback=exit",
	ExampleFile: "run.sh",
	ExampleTo:   "3.6",
	Fallback:    1,
	OwnsSetting: func(p *Pass, s *fact.Setting) bool { return p.refusedRow(s) != nil },
	Check: func(p *Pass) {
		to := p.Upgrade.To
		for _, s := range p.ownSettings() {
			row := p.refusedRow(s)
			d := Diagnostic{Severity: Error, Span: s.Span,
				Message: fmt.Sprintf("%s is refused by etcd %s: etcd exits at start", p.Catalog.assignment(s.Name, s.Value, s.Surface, p.Upgrade.From), to)}
			switch r := row.Replacement; {
			case strings.HasPrefix(r, s.Name+"="):
				value := strings.TrimPrefix(r, s.Name+"=")
				d.Message += "; write " + p.Catalog.assignment(s.Name, value, s.Surface, to)
				// another value behaves differently where it matters
				d.Fix = &Fix{Description: "set " + s.Name + " to " + value, Phase: p.phaseForValue(s.Name, value), Safety: Unsafe, Intents: []fact.Intent{setValue(s, value)}}
			case r == "(drop the setting)":
				d.Message += "; delete it"
				d.Fix = &Fix{Description: "delete " + written(s), Phase: Pre, Safety: Safe, Intents: []fact.Intent{remove(s)}}
			}
			p.Report(d)
		}
	},
}

// refusedRow is the value-level row by which the target refuses s at
// start, or nil. The rows describe the flag and the variable; a config
// file drops or overrides these keys instead (unknown-flag and
// deprecated-setting say so), as measured on 3.6.
func (p *Pass) refusedRow(s *fact.Setting) *FlagInfo {
	if !effective(s) || s.Templated || s.Surface == fact.ConfigKey {
		return nil
	}
	if row := p.Catalog.valueRow(s.Name, s.Value); row != nil && row.Status[p.Upgrade.To] == StartupError {
		return row
	}
	return nil
}

// valueRow is the value-level row for flag=value ("discovery-fallback=proxy"),
// or nil. Rows that combine settings ("a=x+b>=y") are not single values.
func (c *Catalog) valueRow(flag, value string) *FlagInfo {
	for _, row := range c.values[flag] {
		if row.Name == flag+"="+strings.TrimSpace(value) {
			return row
		}
	}
	return nil
}

// phaseForValue is Pre when the old etcd accepts flag=value, else Cutover.
func (p *Pass) phaseForValue(flag, value string) Phase {
	if row := p.Catalog.valueRow(flag, value); row != nil && row.Status[p.Upgrade.From] == StartupError {
		return Cutover
	}
	return p.phaseFor(flag)
}
