package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var deprecatedSetting = &Rule{
	ID:        "deprecated-setting",
	Title:     "a setting the target etcd still accepts but deprecates",
	Severity:  Warning,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "safe: the new name or feature gate takes the same value",
	Rationale: `Settings that the target etcd still honours but marks deprecated: the experimental-* flags
that etcd 3.6 renamed (--experimental-compaction-batch-limit → --compaction-batch-limit, ...) or turned
into feature gates (--experimental-initial-corrupt-check → --feature-gates=InitialCorruptCheck=true),
the v2 proxy flags in 3.5, --max-snapshots and --v2-deprecation in 3.6. The tables say which log a
warning and which are deprecated without a word; a silent one is still a warning when the next
release no longer defines it (3.6's silent feature-gate flags are gone in 3.7, where the flag stops
etcd from starting), else an info. etcd 3.5 rejects the new 3.6 names, so renames ship
with the binary swap (phase cutover). Giving the old and the new name together stops etcd 3.6 from
starting ("cannot set --experimental-X and --X at the same time"): the old one is deleted. Several
experimental gates must be merged into one --feature-gates list, which is left to a person.`,
	Before:      "etcd --experimental-compaction-batch-limit=1000 --experimental-initial-corrupt-check",
	After:       "etcd --compaction-batch-limit=1000 --feature-gates=InitialCorruptCheck=true",
	ExampleFile: "run.sh",
	ExampleTo:   "3.6",
	Fallback:    2,
	OwnsSetting: func(p *Pass, s *fact.Setting) bool {
		return effective(s) && isDeprecated(p.status(s))
	},
	Check: func(p *Pass) {
		to := p.Upgrade.To
		for _, proc := range p.ServerProcesses() {
			for _, s := range proc.Settings {
				if !p.owns(s) {
					continue
				}
				f := p.Catalog.Flag(s.Name)
				sev, logs := Warning, "logs a deprecation warning"
				if p.status(s) == DeprecatedSilent {
					sev, logs = Info, "accepts it without a warning, but it is deprecated"
					next := nextVersion(to)
					dropped := next != "" && (p.statusIn(s, next) == Removed || p.statusIn(s, next) == IgnoredSilent)
					if dropped && (s.Surface == fact.Flag || !isOff(s)) {
						// silent now, but the next release stops reading it
						// (a flag stops etcd whatever its value; a variable
						// or key that is off loses nothing): the swap to
						// this release is the time to rename it
						sev, logs = Warning, fmt.Sprintf("accepts it without a warning, but it is deprecated and etcd %s %s", next, whenUndefined(s.Surface))
					}
				}
				d := Diagnostic{Severity: sev, Span: s.Span}
				head := fmt.Sprintf("%s %s is deprecated in etcd %s: etcd %s %s", s.Surface.Noun(), written(s), to, to, logs)
				succ := p.Catalog.successor(f, to)
				gate, gateOK := featureGate(f)
				switch {
				case succ != "" && besides(s, succ):
					d.Severity = Error
					d.Message = fmt.Sprintf("%s %s and %s are both set: etcd %s exits at start (\"cannot set --%s and --%s at the same time\"); delete %s",
						s.Surface.Noun(), written(s), p.Catalog.spelled(succ, s.Surface, to), to, s.Name, succ, written(s))
					d.Fix = &Fix{Description: "delete " + written(s), Phase: p.phaseFor(succ), Safety: Safe, Intents: []fact.Intent{remove(s)}}
					if !slices.ContainsFunc(lookup(proc, succ), func(o *fact.Setting) bool { return o.RendersWith(s) }) {
						// the new name is under a condition the old one is
						// not: where it does not render, the setting is lost
						d.Message += fmt.Sprintf(" (%s is set only under a template condition: where it does not render, deleting %s loses the setting)",
							p.Catalog.spelled(succ, s.Surface, to), written(s))
						d.Fix.Safety = Unsafe
					}
				case succ != "":
					d.Message = fmt.Sprintf("%s; write %s instead, with the binary swap (etcd %s rejects the new name)", head, p.Catalog.spelled(succ, s.Surface, to), p.Upgrade.From)
					d.Fix = &Fix{Description: "rename to " + succ, Phase: p.phaseFor(succ), Safety: Safe, Intents: []fact.Intent{rename(s, succ)}}
				case gateOK:
					p.moveToGate(&d, proc, s, gate, head)
				default:
					d.Message = head + "; " + advice(f)
					if f != nil && strings.HasPrefix(f.Replacement, "(none") && isOff(s) {
						// off is the default of every such setting (--proxy=off,
						// --enable-v2=false): deleting it changes nothing
						d.Message += "; it is off, so delete it"
						d.Fix = &Fix{Description: "delete " + written(s), Phase: Pre, Safety: Safe, Intents: []fact.Intent{remove(s)}}
					}
				}
				p.Report(d)
			}
		}
	},
}

// status is what the target etcd does with a setting, from the flag table
// (flags, env vars) or the key table (config keys).
func (p *Pass) status(s *fact.Setting) string { return p.statusIn(s, p.Upgrade.To) }

// statusIn is what etcd v does with a setting.
func (p *Pass) statusIn(s *fact.Setting, v string) string {
	if s.Surface == fact.ConfigKey {
		if k := p.Catalog.Key(s.Raw); k != nil {
			return k.Status[v]
		}
		return ""
	}
	if f := p.Catalog.Flag(s.Name); f != nil {
		return f.Status[v]
	}
	return ""
}

// whenUndefined is what a release that no longer defines a setting does with it.
func whenUndefined(sf fact.Surface) string {
	switch sf {
	case fact.Flag:
		return "exits at start on it (flag provided but not defined)"
	case fact.Env:
		return "drops it (unrecognized environment variable)"
	}
	return "no longer reads it, without a word (the setting is lost)"
}

// nextVersion is the release after v in the tables, or "".
func nextVersion(v string) string {
	if i := slices.Index(Versions, v); i >= 0 && i+1 < len(Versions) {
		return Versions[i+1]
	}
	return ""
}

func isDeprecated(status string) bool {
	return status == DeprecatedWarns || status == DeprecatedSilent
}

// featureGate reads a "feature-gates=Name=<bool>" replacement.
func featureGate(f *FlagInfo) (string, bool) {
	if f == nil {
		return "", false
	}
	rest, ok := strings.CutPrefix(f.Replacement, "feature-gates=")
	name, _, _ := strings.Cut(rest, "=")
	return name, ok && name != ""
}

// advice turns a replacement column without a successor into a hint.
func advice(f *FlagInfo) string {
	if f == nil || f.Replacement == "" {
		return "it still works for now; delete it when you can"
	}
	r := f.Replacement
	if strings.HasPrefix(r, "(") && strings.HasSuffix(r, ")") {
		r = r[1 : len(r)-1] // "(none; v2 API removed)", not "log-level (no per-package levels)"
	}
	if rest, ok := strings.CutPrefix(r, "none; "); ok {
		return "there is no replacement (" + rest + ")"
	}
	if r == "none" {
		return "there is no replacement; delete it when you can"
	}
	return "use " + r
}

// movesToGate reports whether s is a gate boolean the target deprecates or
// no longer reads, so its value belongs in the feature-gates list.
func (p *Pass) movesToGate(s *fact.Setting) bool {
	if _, ok := featureGate(p.Catalog.Flag(s.Name)); !ok || !effective(s) {
		return false
	}
	switch st := p.status(s); st {
	case DeprecatedWarns, DeprecatedSilent, Removed, IgnoredSilent:
		return true
	}
	return false
}

// moveToGate completes d, a finding on the gate boolean s of proc, with the
// feature-gates entry that replaces it: renamed in place when it is the
// process's only gate, else merged into one list, or left to a person when
// values or surfaces differ.
func (p *Pass) moveToGate(d *Diagnostic, proc *fact.Process, s *fact.Setting, gate, head string) {
	to := p.Upgrade.To
	gates := 0
	for _, o := range proc.Settings {
		if p.movesToGate(o) {
			gates++
		}
	}
	phase := p.phaseFor("feature-gates")
	when := ", with the binary swap"
	if phase == Pre {
		when = fmt.Sprintf(" (etcd %s reads it too: this can ship now)", p.Upgrade.From)
	}
	on, ok := parseBool(s)
	value := gate + "=" + fmt.Sprint(on)
	shown := value
	switch {
	case !ok && s.Templated:
		shown = gate + "=" + s.Value // the template renders the bool
	case !ok:
		shown = gate + "=<true|false>"
	}
	d.Message = fmt.Sprintf("%s; write %s instead%s", head, p.Catalog.assignment("feature-gates", shown, s.Surface, to), when)
	merged := p.mergeGates(proc)
	switch {
	case ok && gates == 1 && !has(proc, "feature-gates"):
		d.Fix = &Fix{Description: "move to feature-gates", Phase: phase, Safety: Safe, Intents: []fact.Intent{replace(s, "feature-gates", value)}}
	case merged != nil:
		d.Message = fmt.Sprintf("%s; write %s instead%s: etcd reads one feature-gates list for every gate", head, p.Catalog.assignment("feature-gates", merged.value, s.Surface, to), when)
		d.Fix = merged.fix
	case gates > 1 || has(proc, "feature-gates"):
		d.Message += " (merge all gates into one feature-gates list by hand: etcd exits when a gate is set both ways)"
	}
}

// gateMerge is the one feature-gates list that replaces every deprecated
// gate boolean of a process, and the fix that writes it.
type gateMerge struct {
	value string
	fix   *Fix
}

// mergeGates builds the fix that moves every deprecated gate boolean of proc
// into one feature-gates list (etcd reads a single list, and exits when a
// gate is given both as a boolean and in the list): the gates already listed
// first, then each boolean with its value. nil when there is nothing to
// merge, or a value or surface a person must decide (a templated value, a
// gate set twice, gates written on different surfaces).
func (p *Pass) mergeGates(proc *fact.Process) *gateMerge {
	var gates []*fact.Setting
	var entries []string
	named := map[string]bool{}
	for _, s := range proc.Settings {
		if !p.movesToGate(s) {
			continue
		}
		gate, _ := featureGate(p.Catalog.Flag(s.Name))
		on, ok := parseBool(s)
		if !ok || named[gate] {
			return nil
		}
		named[gate] = true
		gates = append(gates, s)
		entries = append(entries, gate+"="+fmt.Sprint(on))
	}
	if len(gates) < 2 && !has(proc, "feature-gates") || len(gates) == 0 {
		return nil // one gate alone is renamed in place
	}
	surface := gates[0].Surface
	var list *fact.Setting
	if fg := lookup(proc, "feature-gates"); len(fg) > 0 {
		if len(fg) > 1 || fg[0].Templated {
			return nil
		}
		list = fg[0]
		var kept []string
		for _, e := range strings.Split(strings.Trim(strings.TrimSpace(list.Value), `"'`), ",") {
			if e = strings.TrimSpace(e); e == "" {
				continue
			}
			name, _, _ := strings.Cut(e, "=")
			if named[strings.TrimSpace(name)] {
				return nil // etcd already refuses this process: the both-ways finding says so
			}
			kept = append(kept, e)
		}
		entries = append(kept, entries...)
	}
	for _, s := range gates {
		if s.Surface != surface || list != nil && list.Surface != surface {
			return nil
		}
	}
	value := strings.Join(entries, ",")
	var intents []fact.Intent
	rest := gates
	if list != nil {
		intents = append(intents, setValue(list, value))
	} else {
		intents = append(intents, replace(gates[0], "feature-gates", value))
		rest = gates[1:]
	}
	for _, s := range rest {
		intents = append(intents, remove(s))
	}
	return &gateMerge{value: value, fix: &Fix{Description: "merge the gates into feature-gates=" + value, Phase: p.phaseFor("feature-gates"), Safety: Safe, Intents: intents}}
}
