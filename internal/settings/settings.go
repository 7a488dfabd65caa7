// Package settings builds the engine's options for every front end: the
// command line and the language server give their explicit choices, the
// .etcdlint.toml found for the path gives its settings, and Build applies
// one precedence rule to them: explicit choice, then the configuration,
// then the default. The GitHub Action runs the command line, so it gets
// the same options.
package settings

import (
	"fmt"
	"os"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/config"
	"github.com/etcdlint/etcdlint/rules"
)

// DefaultFailOn is the severity that fails a run when neither a choice nor
// the configuration names one.
const DefaultFailOn = rules.Warning

// Choice is a setting a front end may have been given. Set tells an
// explicit value apart from the zero value: an explicit "" for --from still
// overrides the configuration.
type Choice[T any] struct {
	Value T
	Set   bool
}

// Chose is an explicit choice of v.
func Chose[T any](v T) Choice[T] { return Choice[T]{Value: v, Set: true} }

// Choices are the settings a front end was given explicitly: command-line
// flags, or the language server's. A choice not Set leaves the
// configuration's value, else the default.
type Choices struct {
	From, To Choice[string]
	FailOn   Choice[string]
	// Enable and Disable, when either is set, replace the configuration's
	// top-level rule lists (its per-path overrides still apply).
	Enable, Disable Choice[[]string]
	// MetricsFrom is a /metrics scrape of the target etcd to read.
	MetricsFrom Choice[string]
	MaxFileSize Choice[int64]
	NoIgnore    Choice[bool]
}

// Resolved are the settings of a run.
type Resolved struct {
	Options lint.Options
	// FailOn is the severity from which a finding fails a run (the command
	// line's exit status).
	FailOn rules.Severity
}

// ChoiceError is a mistake in an explicit choice (a bad flag value), as
// opposed to one in the configuration or in a file a choice names.
type ChoiceError struct{ Msg string }

func (e ChoiceError) Error() string { return e.Msg }

// Build resolves the choices against cfg, the configuration found for the
// paths (the zero Config when there is none). cfg is not changed.
func Build(c Choices, cfg *config.Config) (Resolved, error) {
	var r Resolved
	up, err := rules.ParseUpgrade(upgrade(c, cfg))
	if err != nil {
		// the configuration is to blame only when it chose the upgrade
		if !c.From.Set && !c.To.Set && (cfg.From != "" || cfg.To != "") {
			return r, fmt.Errorf("%s: %v", cfg.Path, err)
		}
		return r, ChoiceError{err.Error()}
	}
	failOn := DefaultFailOn.String()
	if cfg.FailOn != "" {
		failOn = cfg.FailOn
	}
	if c.FailOn.Set {
		failOn = c.FailOn.Value
	}
	if r.FailOn, err = rules.ParseSeverity(failOn); err != nil {
		return r, ChoiceError{fmt.Sprintf("--fail-on: %v", err)}
	}
	enabled, err := ruleFilter(c.Enable.Value, c.Disable.Value)
	if err != nil {
		return r, err
	}
	if c.Enable.Set || c.Disable.Set {
		// the chosen lists replace the configuration's
		own := *cfg
		own.Rules.Enable, own.Rules.Disable = nil, nil
		cfg = &own
	}
	r.Options = lint.Options{Upgrade: up, Enabled: enabled, NoIgnore: c.NoIgnore.Value, MaxFileSize: lint.DefaultMaxFileSize}
	// 0 is the engine's default too: the front ends' own size checks
	// (stdin, an editor buffer) must agree with it
	if c.MaxFileSize.Set && c.MaxFileSize.Value != 0 {
		r.Options.MaxFileSize = c.MaxFileSize.Value
	}
	if path := c.MetricsFrom.Value; c.MetricsFrom.Set && path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return r, fmt.Errorf("--metrics-from: %v", err)
		}
		if r.Options.TargetMetrics, err = rules.ParseMetricNames(data); err != nil {
			return r, fmt.Errorf("--metrics-from %s: %v", path, err)
		}
	}
	if cfg.Path != "" {
		r.Options.Tune = cfg.Tune
		r.Options.KindFor = cfg.KindFor
		if len(cfg.Include)+len(cfg.Exclude) > 0 {
			r.Options.Skip = cfg.Skip
		}
	}
	return r, nil
}

// upgrade is the from/to pair to parse. A chosen --to alone derives its
// --from (the configuration's from would be for another hop); an empty
// pair is rules.DefaultUpgrade.
func upgrade(c Choices, cfg *config.Config) (from, to string) {
	switch {
	case c.From.Set:
		from = c.From.Value
	case !c.To.Set:
		from = cfg.From
	}
	to = cfg.To
	if c.To.Set {
		to = c.To.Value
	}
	return from, to
}

// ruleFilter checks rule ids and returns the enabled-rule predicate, nil
// when every rule runs.
func ruleFilter(enable, disable []string) (func(*rules.Rule) bool, error) {
	for _, id := range append(append([]string{}, enable...), disable...) {
		if rules.ByID(id) == nil {
			return nil, ChoiceError{fmt.Sprintf("unknown rule %q (see 'etcdlint rules')", id)}
		}
	}
	if len(enable) == 0 && len(disable) == 0 {
		return nil, nil
	}
	return func(r *rules.Rule) bool {
		for _, id := range disable {
			if id == r.ID {
				return false
			}
		}
		if len(enable) == 0 {
			return true
		}
		for _, id := range enable {
			if id == r.ID {
				return true
			}
		}
		return false
	}, nil
}
