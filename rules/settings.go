package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// written is how a setting appears in the file: "--log-output",
// "ETCD_LOG_OUTPUT", "log-output".
func written(s *fact.Setting) string {
	if s.Surface == fact.Flag {
		return "--" + s.Name
	}
	return s.Raw
}

// spelled is how the setting flag would be written on surface sf in version v.
func (c *Catalog) spelled(flag string, sf fact.Surface, v string) string {
	switch sf {
	case fact.Env:
		return fact.EnvName(flag)
	case fact.ConfigKey:
		if k := c.KeyForFlag(flag, v); k != "" {
			return k
		}
		return flag
	}
	return "--" + flag
}

// assignment is how "flag=value" is written on a surface, for messages.
func (c *Catalog) assignment(flag, value string, sf fact.Surface, v string) string {
	switch sf {
	case fact.Env:
		return fact.EnvName(flag) + "=" + value
	case fact.ConfigKey:
		key := c.spelled(flag, sf, v)
		if k := c.Key(key); k != nil && strings.HasPrefix(k.Note, "list") {
			value = "[" + value + "]" // etcd exits on a scalar where it decodes a list
		}
		return key + ": " + value
	}
	return "--" + flag + "=" + value
}

// effect says what the target etcd does with a setting it no longer
// honours, and how bad that is: a flag stops etcd from starting, an env var
// is dropped with a warning, a config key is dropped silently.
func (p *Pass) effect(s *fact.Setting) (Severity, string) {
	to := p.Upgrade.To
	switch s.Surface {
	case fact.Env:
		return Warning, fmt.Sprintf("etcd %s only logs \"unrecognized environment variable %s\" and drops the value", to, s.Raw)
	case fact.ConfigKey:
		return Warning, fmt.Sprintf("etcd %s silently ignores this config-file key", to)
	}
	return Error, fmt.Sprintf("etcd %s exits at start with \"flag provided but not defined: -%s\"", to, s.Name)
}

// phaseFor is Pre when the old etcd already accepts flag, else Cutover.
func (p *Pass) phaseFor(flag string) Phase {
	if f := p.Catalog.Flag(flag); f != nil && f.Defined(p.Upgrade.From) && !f.Ignored(p.Upgrade.From) {
		return Pre
	}
	return Cutover
}

// parseBool reads a boolean as Go's flag package (and YAML) would; a bare
// flag is true.
func parseBool(s *fact.Setting) (val, ok bool) {
	if !s.HasValue {
		return true, true
	}
	switch strings.ToLower(s.Value) {
	case "yes", "on":
		return true, s.Surface == fact.ConfigKey
	case "no", "off":
		return false, s.Surface == fact.ConfigKey
	}
	b, err := strconv.ParseBool(s.Value)
	return b, err == nil
}

// listValue splits a comma-separated (or YAML list) value.
func listValue(s *fact.Setting) []string {
	var out []string
	for item := range strings.SplitSeq(s.Value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// effective reports whether etcd reads the setting at all: an empty
// environment variable is skipped by etcd (pkg/flags.SetFlagsFromEnv).
func effective(s *fact.Setting) bool {
	return s.Surface != fact.Env || (s.HasValue && s.Value != "")
}

func rename(s *fact.Setting, name string) fact.Intent {
	return fact.Intent{Kind: fact.Replace, Setting: s, Name: name}
}

func setValue(s *fact.Setting, value string) fact.Intent {
	return fact.Intent{Kind: fact.Replace, Setting: s, Value: &value}
}

func replace(s *fact.Setting, name, value string) fact.Intent {
	return fact.Intent{Kind: fact.Replace, Setting: s, Name: name, Value: &value}
}

func remove(s *fact.Setting) fact.Intent { return fact.Intent{Kind: fact.Remove, Setting: s} }

func add(p *fact.Process, name, value string) fact.Intent {
	return fact.Intent{Kind: fact.Add, Process: p, Name: name, Value: &value}
}

// listIntent sets a list-valued setting; file kinds render the list in
// their own syntax (comma-separated for flags and env, a YAML sequence for
// config keys).
func listIntent(s *fact.Setting, items []string) []fact.Intent {
	return []fact.Intent{setValue(s, strings.Join(items, ","))}
}

// loggerIsZap reports whether the settings choose the zap logger.
func loggerIsZap(settings []*fact.Setting) bool {
	for _, s := range settings {
		if s.Name == "logger" && strings.EqualFold(strings.TrimSpace(s.Value), "zap") {
			return true
		}
	}
	return false
}

// lookup returns the settings of proc named name that etcd actually reads.
func lookup(proc *fact.Process, name string) []*fact.Setting {
	var out []*fact.Setting
	for _, s := range proc.Lookup(name) {
		if effective(s) {
			out = append(out, s)
		}
	}
	return out
}

// has reports whether proc sets name in a way etcd reads.
func has(proc *fact.Process, name string) bool { return len(lookup(proc, name)) > 0 }

// besides reports whether proc sets name where s may be set too: not only
// in another branch of a template's if/else than s.
func besides(s *fact.Setting, name string) bool {
	return slices.ContainsFunc(lookup(s.Process, name), func(o *fact.Setting) bool { return !s.Excludes(o) })
}

// isOff reports whether a setting is written as off: a false boolean or
// the word "off" (--proxy=off).
func isOff(s *fact.Setting) bool {
	if strings.EqualFold(strings.TrimSpace(s.Value), "off") {
		return true
	}
	on, ok := parseBool(s)
	return ok && !on
}
