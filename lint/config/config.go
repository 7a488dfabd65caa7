// Package config reads .etcdlint.toml, the per-project settings of etcdlint:
// the upgrade audited, the severity that fails a run, which files to lint,
// and per-rule and per-path rule settings. The command line overrides it.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/bmatcuk/doublestar/v4"

	"github.com/etcdlint/etcdlint/internal/kinds"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// FileName is the name of the configuration file.
const FileName = ".etcdlint.toml"

// Config is a loaded configuration. The zero value is the defaults.
type Config struct {
	// Path is the file it was read from; empty for the defaults.
	Path string
	// Dir is the absolute directory that globs are relative to.
	Dir string
	// From, To and FailOn are empty when the file does not set them.
	From, To, FailOn string
	Include, Exclude []string
	Rules            RuleSet
	Overrides        []Override
}

// RuleSet turns rules on and off and sets their severity. At the top level
// a non-empty Enable runs only those rules; in an override it turns rules
// back on for the override's paths.
type RuleSet struct {
	Enable, Disable []string
	Severity        map[string]rules.Severity
}

// Override applies to the files matching one of Paths; later overrides win.
type Override struct {
	Paths []string
	// Kind forces the file kind (see kinds.ByName); empty classifies.
	Kind  string
	Rules RuleSet
}

// The TOML document. Value types validate themselves while decoding, so a
// bad value is an error at its key's line.
type (
	fileDoc struct {
		From      version       `toml:"from"`
		To        version       `toml:"to"`
		FailOn    severity      `toml:"fail-on"`
		Include   []glob        `toml:"include"`
		Exclude   []glob        `toml:"exclude"`
		Rules     ruleSetDoc    `toml:"rules"`
		Overrides []overrideDoc `toml:"overrides"`
	}
	ruleSetDoc struct {
		Enable   []ruleID            `toml:"enable"`
		Disable  []ruleID            `toml:"disable"`
		Severity map[string]severity `toml:"severity"`
	}
	overrideDoc struct {
		Paths    []glob              `toml:"paths"`
		Kind     kindName            `toml:"kind"`
		Enable   []ruleID            `toml:"enable"`
		Disable  []ruleID            `toml:"disable"`
		Severity map[string]severity `toml:"severity"`
	}
	version  string
	severity struct {
		s   rules.Severity
		set bool
	}
	ruleID   string
	glob     string
	kindName string
)

func (v *version) UnmarshalText(b []byte) error {
	if !slices.Contains(rules.Versions, string(b)) {
		return fmt.Errorf("unsupported version %q: etcdlint knows %s", b, strings.Join(rules.Versions, ", "))
	}
	*v = version(b)
	return nil
}

func (s *severity) UnmarshalText(b []byte) error {
	sev, err := rules.ParseSeverity(string(b))
	s.s, s.set = sev, true
	return err
}

func (r *ruleID) UnmarshalText(b []byte) error {
	if rules.ByID(string(b)) == nil {
		return fmt.Errorf("unknown rule %q (see 'etcdlint rules')", b)
	}
	*r = ruleID(b)
	return nil
}

func (g *glob) UnmarshalText(b []byte) error {
	if !doublestar.ValidatePattern(string(b)) {
		return fmt.Errorf("bad glob %q", b)
	}
	*g = glob(b)
	return nil
}

func (k *kindName) UnmarshalText(b []byte) error {
	if kinds.ByName(string(b)) == nil {
		return fmt.Errorf("unknown file kind %q (want one of %s)", b, strings.Join(kinds.Names(), ", "))
	}
	*k = kindName(b)
	return nil
}

// Find returns the .etcdlint.toml nearest to path: in its directory (or in
// it, when it is a directory) or the closest parent. It returns "" when
// there is none.
func Find(path string) (string, error) {
	dir, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		p := filepath.Join(dir, FileName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads a configuration file. Errors name the file and line.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc fileDoc
	md, err := toml.Decode(string(src), &doc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d:%d: %s", path, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return nil, fmt.Errorf("%s: %v", path, strings.TrimPrefix(err.Error(), "toml: "))
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("%s:%d: unknown key %q", path, keyLine(src, keys[0]), keys[0].String())
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c := &Config{Path: path, Dir: filepath.Dir(abs), From: string(doc.From), To: string(doc.To)}
	if doc.FailOn.set {
		c.FailOn = doc.FailOn.s.String()
	}
	c.Include = globs(doc.Include)
	c.Exclude = globs(doc.Exclude)
	if c.Rules, err = ruleSet(src, toml.Key{"rules", "severity"}, doc.Rules.Enable, doc.Rules.Disable, doc.Rules.Severity); err != nil {
		return nil, fmt.Errorf("%s:%v", path, err)
	}
	for _, o := range doc.Overrides {
		if len(o.Paths) == 0 {
			return nil, fmt.Errorf("%s:%d: an [[overrides]] table needs paths = [...]", path, keyLine(src, toml.Key{"overrides"}))
		}
		rs, err := ruleSet(src, toml.Key{"overrides", "severity"}, o.Enable, o.Disable, o.Severity)
		if err != nil {
			return nil, fmt.Errorf("%s:%v", path, err)
		}
		c.Overrides = append(c.Overrides, Override{Paths: globs(o.Paths), Kind: string(o.Kind), Rules: rs})
	}
	return c, nil
}

func globs(gs []glob) []string {
	var out []string
	for _, g := range gs {
		out = append(out, string(g))
	}
	return out
}

// ruleSet converts a decoded rule table; severity keys are rule ids, which
// the decoder cannot check, so they are checked here at their line.
func ruleSet(src []byte, table toml.Key, enable, disable []ruleID, sev map[string]severity) (RuleSet, error) {
	rs := RuleSet{}
	for _, id := range enable {
		rs.Enable = append(rs.Enable, string(id))
	}
	for _, id := range disable {
		rs.Disable = append(rs.Disable, string(id))
	}
	for id, s := range sev {
		if rules.ByID(id) == nil {
			return rs, fmt.Errorf("%d: unknown rule %q (see 'etcdlint rules')", keyLine(src, append(table, id)), id)
		}
		if rs.Severity == nil {
			rs.Severity = map[string]rules.Severity{}
		}
		rs.Severity[id] = s.s
	}
	return rs, nil
}

// keyLine finds the line that defines key, for errors the TOML decoder
// gives no position for. It matches "name =" lines in the key's table and
// table headers, falling back to the parent key for keys of inline tables;
// 0 means not found.
func keyLine(src []byte, key toml.Key) int {
	if n := findKey(src, key); n > 0 || len(key) < 2 {
		return n
	}
	return keyLine(src, key[:len(key)-1])
}

func findKey(src []byte, key toml.Key) int {
	want := strings.Join(key, ".")
	table := ""
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			table = strings.Trim(strings.TrimSpace(strings.SplitN(line, "#", 2)[0]), "[] ")
			if table == want {
				return i + 1
			}
			continue
		}
		name, _, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		name = strings.Trim(strings.TrimSpace(name), `"'`)
		full := name
		if table != "" {
			full = table + "." + name
		}
		if full == want {
			return i + 1
		}
	}
	return 0
}

// Skip reports whether the include and exclude globs leave path out.
func (c *Config) Skip(path string) bool {
	rel := c.rel(path)
	if len(c.Include) > 0 && !matchAny(c.Include, rel) {
		return true
	}
	return matchAny(c.Exclude, rel)
}

// KindFor returns the file kind the last matching override forces, or nil.
func (c *Config) KindFor(path string) fact.Kind {
	rel := c.rel(path)
	var k fact.Kind
	for _, o := range c.Overrides {
		if o.Kind != "" && matchAny(o.Paths, rel) {
			k = kinds.ByName(o.Kind)
		}
	}
	return k
}

// Tune says whether rule reports in the file at path and at which
// severity: the top-level [rules], then each matching override in order.
func (c *Config) Tune(path, rule string, sev rules.Severity) (rules.Severity, bool) {
	on := len(c.Rules.Enable) == 0 || slices.Contains(c.Rules.Enable, rule)
	on = on && !slices.Contains(c.Rules.Disable, rule)
	if s, ok := c.Rules.Severity[rule]; ok {
		sev = s
	}
	if len(c.Overrides) == 0 {
		return sev, on
	}
	rel := c.rel(path)
	for _, o := range c.Overrides {
		if !matchAny(o.Paths, rel) {
			continue
		}
		if slices.Contains(o.Rules.Enable, rule) {
			on = true
		}
		if slices.Contains(o.Rules.Disable, rule) {
			on = false
		}
		if s, ok := o.Rules.Severity[rule]; ok {
			sev = s
		}
	}
	return sev, on
}

// rel is path relative to the configuration's directory, with slashes;
// paths outside it stay as they are.
func (c *Config) rel(path string) string {
	if c.Dir != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if rel, err := filepath.Rel(c.Dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(path))
}

// matchAny reports whether one of the globs matches rel or a directory
// above it. A glob without a slash matches a name at any depth, like
// .gitignore; one with a slash is anchored at the configuration's directory.
func matchAny(patterns []string, rel string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range patterns {
		if !strings.Contains(strings.TrimSuffix(p, "/"), "/") {
			for _, part := range parts {
				if ok, _ := doublestar.Match(strings.TrimSuffix(p, "/"), part); ok {
					return true
				}
			}
			continue
		}
		p = strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/")
		for i := len(parts); i > 0; i-- {
			if ok, _ := doublestar.Match(p, strings.Join(parts[:i], "/")); ok {
				return true
			}
		}
	}
	return false
}
