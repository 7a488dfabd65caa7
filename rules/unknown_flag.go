package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var unknownFlag = &Rule{
	ID:        "unknown-flag",
	Title:     "a setting the target etcd does not define",
	Severity:  Error,
	Surfaces:  []string{"flag", "env", "key"},
	Fixable:   true,
	FixSafety: "safe for a rename to the successor; unsafe for a guessed name and for deleting what the old etcd used",
	Rationale: `etcd parses its command line with Go's flag package: a flag it does not define stops it
from starting ("flag provided but not defined", exit 2). An ETCD_* variable that matches no flag only
logs "unrecognized environment variable" and its value is lost; a config-file key etcd does not decode
is ignored without a word. This rule checks every setting against the flag and key tables measured on
the real binaries; the specific rules explain the well-known cases and this one catches the rest
(renames, typos, flags that only newer versions have).`,
	Before:      "etcd --experimental-max-learners=2",
	After:       "etcd --max-learners=2   # etcd 3.6 only",
	ExampleFile: "run.sh",
	ExampleTo:   "3.6",
	// catches what no other rule of the hop owns
	Fallback: 3,
	Check: func(p *Pass) {
		to := p.Upgrade.To
		for _, proc := range p.ServerProcesses() {
			for _, s := range proc.Settings {
				if p.deferred(s) || !effective(s) {
					continue
				}
				if s.Surface == fact.ConfigKey {
					p.checkKey(proc, s)
					continue
				}
				f := p.Catalog.Flag(s.Name)
				if f != nil && f.Defined(to) {
					continue
				}
				sev, effect := p.effect(s)
				d := Diagnostic{Severity: sev, Span: s.Span}
				switch {
				case f == nil:
					d.Message = fmt.Sprintf("%s %s is not a flag of etcd %s: %s", s.Surface.Noun(), written(s), knownVersions(), effect)
					if s.Surface == fact.Env {
						d.Message = fmt.Sprintf("%s matches no etcd flag: etcd %s logs \"unrecognized environment variable\" and ignores it", s.Raw, to)
					}
					near := p.Catalog.nearestFlag(s.Name, to)
					if s.Surface == fact.Env && near == "" {
						// No etcd version reads it: not an upgrade change, and
						// often a wrapper's own variable (ETCD_IMAGE_TAG, ETCD_OPTS).
						d.Severity = Info
						d.Message += " (as every etcd version does; harmless if a wrapper script reads it)"
						p.Report(d)
						continue
					}
					if near != "" {
						d.Message += fmt.Sprintf("; did you mean %s?", p.Catalog.spelled(near, s.Surface, to))
						// a guess: offered, never applied without --unsafe-fixes
						d.Fix = &Fix{Description: "rename to " + near + " (a guess)", Phase: p.phaseFor(near), Safety: Unsafe, Intents: []fact.Intent{rename(s, near)}}
					} else {
						d.Message += "; delete it"
					}
				default:
					d.Message = fmt.Sprintf("%s %s is not defined in etcd %s: %s", s.Surface.Noun(), written(s), to, effect)
					if gate, ok := featureGate(f); ok && p.movesToGate(s) {
						p.moveToGate(&d, proc, s, gate, d.Message)
					} else if succ := p.Catalog.successor(f, to); succ != "" {
						d.Message += fmt.Sprintf("; write %s instead", p.Catalog.spelled(succ, s.Surface, to))
						d.Fix = &Fix{Description: "rename to " + succ, Phase: p.phaseFor(succ), Safety: Safe, Intents: []fact.Intent{rename(s, succ)}}
					} else if why, ok := strings.CutPrefix(strings.Trim(f.Replacement, "()"), "none; "); ok && f.Defined(p.Upgrade.From) && !isOff(s) {
						// --proxy=on: the process was a v2 proxy; deleting the
						// flag would start it as a member instead
						d.Message += fmt.Sprintf(" (etcd %s has it, etcd %s removed it: %s); this process needs replacing, not just the flag", p.Upgrade.From, to, why)
					} else if f.Defined(p.Upgrade.From) {
						d.Message += fmt.Sprintf(" (etcd %s has it, etcd %s removed it); delete it", p.Upgrade.From, to)
						// The old etcd may still rely on it, so it goes with the swap;
						// dropping a value that turned something on is for a person to OK.
						safety := Unsafe
						if isOff(s) {
							safety = Safe
						}
						d.Fix = &Fix{Description: "delete " + written(s), Phase: Cutover, Safety: safety, Intents: []fact.Intent{remove(s)}}
					} else {
						d.Message += fmt.Sprintf(" (first in etcd %s); delete it", firstVersion(f))
					}
				}
				p.Report(d)
			}
		}
	},
}

// checkKey reports a config-file key the target does not decode.
func (p *Pass) checkKey(proc *fact.Process, s *fact.Setting) {
	to := p.Upgrade.To
	k := p.Catalog.Key(s.Raw)
	if k != nil && k.Decoded(to) {
		return
	}
	if k == nil && p.Catalog.parentKey(s.Raw) {
		return // client-transport-security: the section its keys live in
	}
	d := Diagnostic{Severity: Warning, Span: s.Span}
	if k == nil {
		d.Message = fmt.Sprintf("config-file key %s is not a key of etcd %s: etcd %s silently ignores unknown keys", s.Raw, knownVersions(), to)
		if near := p.Catalog.nearestKey(s.Raw, to); near != "" {
			d.Message += fmt.Sprintf("; did you mean %s?", near)
			if flag := p.Catalog.FlagForKey(near); !strings.Contains(near, ".") {
				d.Fix = &Fix{Description: "rename to " + near + " (a guess)", Phase: p.phaseFor(flag), Safety: Unsafe, Intents: []fact.Intent{rename(s, flag)}}
			}
		} else {
			d.Message += "; delete it"
		}
		p.Report(d)
		return
	}
	d.Message = fmt.Sprintf("config-file key %s is not read by etcd %s: it is silently ignored", s.Raw, to)
	f := p.Catalog.Flag(k.Flag)
	if gate, ok := featureGate(f); ok && p.movesToGate(s) {
		p.moveToGate(&d, proc, s, gate, d.Message)
	} else if succ := p.Catalog.successor(f, to); succ != "" {
		if key := p.Catalog.KeyForFlag(succ, to); key != "" {
			d.Message += fmt.Sprintf("; write %s instead", key)
			d.Fix = &Fix{Description: "rename to " + key, Phase: p.phaseFor(succ), Safety: Safe, Intents: []fact.Intent{rename(s, succ)}}
		}
	} else if k.Decoded(p.Upgrade.From) {
		d.Message += fmt.Sprintf(" (etcd %s read it); delete it", p.Upgrade.From)
	} else {
		d.Message += "; delete it"
	}
	p.Report(d)
}

// successor is the flag that replaces f in version v: a renamed-to-X status,
// or a plain flag name in the replacement column that v defines.
func (c *Catalog) successor(f *FlagInfo, v string) string {
	if f == nil {
		return ""
	}
	if to := f.RenamedTo(v); to != f.Status[v] {
		return to
	}
	if r := c.Flag(f.Replacement); r != nil && r.Defined(v) {
		return r.Name
	}
	return ""
}

func firstVersion(f *FlagInfo) string {
	for _, v := range Versions {
		if f.Defined(v) {
			return v
		}
	}
	return "no release"
}

// nearestFlag suggests a defined flag within a small edit distance of name,
// or the name without "experimental-" (upgrade_3_6.md's
// --experimental-max-learners never existed; --max-learners does).
func (c *Catalog) nearestFlag(name, v string) string {
	if bare, ok := strings.CutPrefix(name, "experimental-"); ok {
		if f := c.flags[bare]; f != nil && f.Defined(v) {
			return bare
		}
	}
	var names []string
	for n, f := range c.flags {
		if f.Defined(v) && !f.Ignored(v) {
			names = append(names, n)
		}
	}
	return nearest(name, names)
}

func (c *Catalog) nearestKey(key, v string) string {
	var keys []string
	for k, info := range c.keys {
		if info.Decoded(v) {
			keys = append(keys, k)
		}
	}
	return nearest(key, keys)
}

func nearest(name string, candidates []string) string {
	best, bestDist := "", max(1, len(name)/5)+1
	for _, c := range candidates {
		if d := EditDistance(name, c); d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	if best == name {
		return ""
	}
	return best
}

// EditDistance is the Levenshtein distance of a and b, for suggestions of
// the name a user meant.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// knownVersions lists the measured releases: "3.4, 3.5 or 3.6". Flags older
// than them (etcd 0.4's -peer-addr) were never measured, so a message says
// which versions it speaks for.
func knownVersions() string {
	return strings.Join(Versions[:len(Versions)-1], ", ") + " or " + Versions[len(Versions)-1]
}
