package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

var embedConfigField = &Rule{
	ID:       "embed-config-field",
	Title:    "a field of embed.Config that the target's server module drops or deprecates",
	Severity: Error,
	Surfaces: []string{"import"},
	Rationale: `A program that embeds etcd (go.etcd.io/etcd/server/v3/embed) sets embed.Config's fields where a
command line gives flags, and upgrading etcd means moving its go.mod to the new server module. A field that
release no longer has stops the program from building: etcd 3.5 drops Debug and LogPkgLevels (and
the import path becomes go.etcd.io/etcd/server/v3/embed), 3.6 drops EnableV2 and ExperimentalEnableV2V3
with the v2 API, and 3.7 drops every Experimental* field that 3.6 renamed
(ExperimentalCompactionBatchLimit → CompactionBatchLimit, ...) or turned into a feature gate. A field the
release marks deprecated still builds: it is a warning, with the field to use instead. The fields of
each release are read from its embed/config.go (rules/data/embed-fields.tsv, written by go generate).
There is no automatic fix; the message says whether the new field exists in the old module already (the
rename can ship now) or only in the new one (it ships with the go.mod change).`,
	Before:      "import \"go.etcd.io/etcd/server/v3/embed\"\n…\ncfg := embed.NewConfig()\ncfg.ExperimentalCompactionBatchLimit = 1000",
	After:       "import \"go.etcd.io/etcd/server/v3/embed\"\n…\ncfg := embed.NewConfig()\ncfg.CompactionBatchLimit = 1000",
	ExampleFile: "server.go",
	ExampleTo:   "3.7",
	Since:       "3.5",
	Check: func(p *Pass) {
		from, to := p.Upgrade.From, p.Upgrade.To
		for _, im := range p.Facts.Imports {
			for _, fd := range im.Fields {
				row := embedFields()[fd.Name]
				if row == nil {
					continue // not a field of embed.Config in any release
				}
				d := Diagnostic{Span: fd.Span}
				switch was, now := row.status[from], row.status[to]; {
				case now == "no" && (was == "yes" || was == "deprecated"):
					d.Severity = Error
					d.Message = fmt.Sprintf("embed.Config has no field %s in etcd %s (go.etcd.io/etcd/server/v3 v%s.x): the program stops building when its go.mod moves to it; %s",
						fd.Name, to, to, p.embedAdvice(row, to))
				case now == "deprecated":
					d.Severity = Warning
					d.Message = fmt.Sprintf("embed.Config field %s is deprecated in etcd %s", fd.Name, to)
					if next := nextVersion(to); next != "" && row.status[next] == "no" {
						d.Message += fmt.Sprintf(" and etcd %s drops it (the program stops building)", next)
					}
					d.Message += "; " + p.embedAdvice(row, to)
				default:
					continue
				}
				p.Report(d)
			}
		}
	},
}

// embedAdvice says what a program sets instead of the field of row in
// release v: the field 3.6 renamed it to, a feature gate, or what the
// flag table says of its setting.
func (p *Pass) embedAdvice(row *embedField, v string) string {
	if succ, ok := strings.CutPrefix(row.name, "Experimental"); ok {
		if s := embedFields()[succ]; s != nil && s.status[v] == "yes" {
			when := "etcd %s's module has it too, so the rename can ship now"
			if s.status[p.Upgrade.From] == "no" {
				when = "etcd %s's module does not have it, so the rename ships with the go.mod change"
			}
			return fmt.Sprintf("set %s instead (the same setting without the experimental prefix; "+when+")", succ, p.Upgrade.From)
		}
	}
	var f *FlagInfo
	if k := p.Catalog.Key(row.key); k != nil {
		f = p.Catalog.Flag(k.Flag)
	}
	if gate, ok := featureGate(f); ok && embedFields()["ServerFeatureGate"].status[v] == "yes" {
		return fmt.Sprintf("set the feature gate %s instead (through ServerFeatureGate)", gate)
	}
	if f != nil && row.key != "" {
		// a replacement that names a setting the release has a field for
		// ("log-level=debug") is written as that field
		word, _, _ := strings.Cut(f.Replacement, " ")
		name, _, _ := strings.Cut(word, "=")
		for _, fieldName := range slices.Sorted(maps.Keys(embedFields())) {
			if other := embedFields()[fieldName]; name != "" && other.key == name && other.status[v] == "yes" {
				return fmt.Sprintf("set %s instead (for the flag, the replacement is %s)", other.name, f.Replacement)
			}
		}
		if row.status[v] != "no" || f.Replacement != "" {
			return fmt.Sprintf("for its setting (%s), %s", row.key, advice(f))
		}
	}
	if row.status[v] == "no" {
		return fmt.Sprintf("etcd %s has no such setting: delete it", v)
	}
	return "delete it when you can"
}

// embedField is one row of embed-fields.tsv: a field of embed.Config and
// whether each release has it (yes, deprecated, no).
type embedField struct {
	name, key string
	status    map[string]string
}

var embedFieldsOnce = sync.OnceValues(func() (map[string]*embedField, error) {
	out := map[string]*embedField{}
	err := readTSV("data/embed-fields.tsv", func(r map[string]string) error {
		f := &embedField{name: r["field"], key: r["key"], status: map[string]string{}}
		for _, v := range Versions {
			if st, ok := r[v]; ok {
				if st != "yes" && st != "no" && st != "deprecated" {
					return fmt.Errorf("field %s: status %q in %s", f.name, st, v)
				}
				f.status[v] = st
			}
		}
		out[f.name] = f
		return nil
	})
	return out, err
})

func embedFields() map[string]*embedField {
	rows, err := embedFieldsOnce()
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	return rows
}
