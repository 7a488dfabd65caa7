package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var configValueType = &Rule{
	ID:        "config-value-type",
	Title:     "a config-file value of a type etcd cannot decode: etcd exits",
	Severity:  Error,
	Surfaces:  []string{"key"},
	Fixable:   true,
	FixSafety: "safe when the value keeps its meaning; unsafe when the old etcd read the word as a boolean, or did not read the key at all",
	Rationale: `etcd reads its --config-file as YAML 1.1 turned into JSON (sigs.k8s.io/yaml) and decodes that into
typed fields (rules/data/config-key-types.tsv, read from etcd's source at each release tag). A value of
another type stops etcd at start on every version ("cannot unmarshal X into Go struct field ... of type
Y"): a list key written as one value (log-outputs: stderr), a duration written as text (etcd reads
durations as integer nanoseconds), a number in a text field (initial-cluster-token: 1234), a boolean or a
number written in quotes. A word YAML 1.1 reads as a boolean (off, yes) in a text field arrives as
"false" or "true": etcd uses that text, or exits where it refuses it (proxy: off). The fix writes the
value in the type etcd wants: [stderr], 60000000000, "1234", true, 10000, and "off" (unsafe: etcd 3.4
read "false"). Key sets below another program's key are left alone: that program decodes them (a URL
list it joins) before etcd sees them.`,
	Before:      "log-outputs: stderr\nexperimental-corrupt-check-time: \"1m\"\nproxy: off",
	After:       "log-outputs: [stderr]\nexperimental-corrupt-check-time: 60000000000\nproxy: \"off\"",
	ExampleFile: "etcd.conf.yml",
	Check: func(p *Pass) {
		to := p.Upgrade.To
		for _, proc := range p.Facts.Processes {
			if proc.Partial && proc.Form == fact.ConfigFile {
				// a key set below another program's key: that program's
				// parser reads the values (a URL list it joins), not etcd's
				continue
			}
			for _, s := range proc.Settings {
				if s.Surface != fact.ConfigKey || s.Templated || s.YAMLType == "" || s.YAMLType == "null" {
					continue
				}
				goType := p.Catalog.KeyType(s.Raw, to)
				want, fixed, ok := decodes(goType, s)
				if ok {
					continue
				}
				d := Diagnostic{Severity: Error, Span: s.Span, Message: fmt.Sprintf(
					"config-file key %s is %s here, but etcd %s decodes it as %s (Go type %s): etcd exits at start; write %s",
					s.Raw, yamlNoun(s.YAMLType), to, want, goType, fixed)}
				safety := Safe
				if s.YAMLType == "bool" && want == "text" {
					// etcd reads the word as "true" or "false": the key gets
					// that text, or etcd exits when it refuses it (proxy)
					d.Severity = Warning
					d.Message = fmt.Sprintf("config-file key %s is written %s, which YAML 1.1 reads as a boolean: etcd %s gets the text %q instead (and exits where that value is refused, as for proxy); write %s",
						s.Raw, s.Value, to, yamlBool(s.Value), fixed)
					safety = Unsafe // etcd 3.4 read the same "true" or "false"
				}
				if p.Catalog.KeyType(s.Raw, p.Upgrade.From) == "" {
					// etcd 3.4 did not read the key: written right, it
					// takes effect for the first time
					safety = Unsafe
					d.Message += fmt.Sprintf(" (etcd %s did not read this key, so the value takes effect for the first time)", p.Upgrade.From)
				}
				if fixed != "" {
					v := fixed
					d.Fix = &Fix{Description: "write " + s.Raw + " as " + want, Phase: Pre, Safety: safety,
						Intents: []fact.Intent{{Kind: fact.Replace, Setting: s, Value: &v, Literal: true}}}
					d.Message = strings.Replace(d.Message, "write "+fixed, "write "+s.Raw+": "+fixed, 1)
				}
				p.Report(d)
			}
		}
	},
}

// decodes reports whether a value of setting s fits Go type goType, and
// otherwise what etcd wants and the value written that way ("" when it
// cannot be written for the user).
func decodes(goType string, s *fact.Setting) (want, fixed string, ok bool) {
	y := s.YAMLType
	switch {
	case goType == "":
		return "", "", true // not a key of this version: other rules say so
	case goType == "[]string":
		return "a list", "[" + strings.Join(strings.Split(s.Value, ","), ", ") + "]", y == "seq"
	case goType == "time.Duration":
		if y == "int" {
			return "", "", true
		}
		if d, err := time.ParseDuration(s.Value); err == nil {
			return "integer nanoseconds", strconv.FormatInt(int64(d), 10), false
		}
		return "integer nanoseconds", "", false
	case goType == "bool":
		if y == "bool" {
			return "", "", true
		}
		if b, err := strconv.ParseBool(s.Value); err == nil {
			return "a boolean", strconv.FormatBool(b), false
		}
		return "a boolean", "", false
	case strings.HasPrefix(goType, "int") || strings.HasPrefix(goType, "uint") || strings.HasPrefix(goType, "float"):
		if y == "int" || y == "float" && strings.HasPrefix(goType, "float") {
			return "", "", true
		}
		if _, err := strconv.ParseFloat(s.Value, 64); err == nil && y == "str" {
			return "a number", s.Value, false
		}
		return "a number", "", false
	case goType == "string" || strings.Contains(goType, "Enum"):
		// a number stops etcd; a YAML 1.1 boolean word arrives as the text
		// true or false (measured: initial-cluster-state: yes starts)
		switch y {
		case "str", "timestamp":
			return "", "", true
		case "seq", "map":
			return "text", "", false
		}
		return "text", strconv.Quote(s.Value), false
	}
	return "", "", true // structs and maps: their keys are checked one by one
}

// yamlBool is the boolean YAML 1.1 reads a word as, as etcd's loader
// writes it into a text field.
func yamlBool(w string) string {
	switch strings.ToLower(w) {
	case "y", "yes", "true", "on":
		return "true"
	}
	return "false"
}

func yamlNoun(y string) string {
	switch y {
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "str":
		return "text"
	case "int", "float":
		return "a number"
	case "bool":
		return "a boolean (YAML 1.1 reads on/off/yes/no as booleans)"
	}
	return y
}
