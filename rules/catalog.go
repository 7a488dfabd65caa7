package rules

//go:generate go run ../tools/factsync -facts ../internal/factsync/measured/shared -out data -scrapes-out ../testdata/etcd-metrics -hops ../internal/factsync/hops.tsv -measured ../internal/factsync/measured

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/etcdlint/etcdlint/lint/fact"
)

//go:embed data
var dataFS embed.FS

// Hop is one row of hops.tsv: an upgrade the tables describe.
type Hop struct {
	From, To       string // minor versions
	FromTag, ToTag string // the releases the data was measured on
	// Floor is the oldest patch release of From that may start the hop
	// ("3.5.32"), "" where etcd states none; FloorSource says where.
	Floor, FloorSource string
}

// Hops are the upgrades the tables describe, oldest first; Versions are
// their minor versions.
var Hops, Versions = loadHops()

func loadHops() ([]Hop, []string) {
	var hops []Hop
	err := readTSV("data/hops.tsv", func(r map[string]string) error {
		h := Hop{From: r["from"], To: r["to"], FromTag: r["from_tag"], ToTag: r["to_tag"], Floor: r["floor"], FloorSource: r["source"]}
		if h.Floor == "-" {
			h.Floor, h.FloorSource = "", ""
		}
		hops = append(hops, h)
		return nil
	})
	if err != nil || len(hops) == 0 {
		panic(fmt.Sprintf("data/hops.tsv: %v", err)) // embedded data, checked by the tests
	}
	versions := []string{hops[0].From}
	for _, h := range hops {
		versions = append(versions, h.To)
	}
	return hops, versions
}

// Hop is the row of the audited upgrade.
func (u Upgrade) Hop() Hop {
	for _, h := range Hops {
		if h.From == u.From && h.To == u.To {
			return h
		}
	}
	return Hop{From: u.From, To: u.To}
}

// Status values of etcd-flags.tsv and etcd-config-keys.tsv.
const (
	Present          = "present"
	DeprecatedWarns  = "deprecated-warns"
	DeprecatedSilent = "deprecated-silent"
	Removed          = "removed"
	Absent           = "absent"
	IgnoredWarns     = "ignored-warns"
	IgnoredSilent    = "ignored-silent"
	StartupError     = "startup-error"
	SilentChange     = "silent-change"
	renamedPrefix    = "renamed-to-"
)

// FlagInfo is one row of etcd-flags.tsv: an etcd server flag with its env
// var, config key and status in each version.
type FlagInfo struct {
	Name string
	// Keys is the config-file key per version; "" where there is none.
	Keys        map[string]string
	Env         string
	Status      map[string]string
	Replacement string
	Note        string
}

// Defined reports whether etcd v accepts the flag at all.
func (f *FlagInfo) Defined(v string) bool {
	switch s := f.Status[v]; {
	case s == Absent, s == Removed, strings.HasPrefix(s, renamedPrefix):
		return false
	}
	return true
}

// RenamedTo is the successor named by a renamed-to-X status in version v.
func (f *FlagInfo) RenamedTo(v string) string {
	return strings.TrimPrefix(f.Status[v], renamedPrefix)
}

// Ignored reports whether v accepts the flag and does nothing with it.
func (f *FlagInfo) Ignored(v string) bool {
	return f.Status[v] == IgnoredSilent || f.Status[v] == IgnoredWarns
}

// KeyInfo is one row of etcd-config-keys.tsv.
type KeyInfo struct {
	Key    string
	Flag   string
	Status map[string]string
	Note   string
}

// Decoded reports whether etcd v reads the key from a config file.
func (k *KeyInfo) Decoded(v string) bool {
	s := k.Status[v]
	return s != IgnoredSilent && s != ""
}

// Catalog is the rule data: what each etcd version does with each setting.
type Catalog struct {
	flags     map[string]*FlagInfo
	keys      map[string]*KeyInfo
	flagByEnv map[string]*FlagInfo
	bools     map[string]bool
	// values holds the value-level rows ("logger=capnslog") by flag.
	values  map[string][]*FlagInfo
	metrics *metricTable
	// keyTypes holds the Go type of each config-file key per version.
	keyTypes map[string]map[string]string
	// targetMetrics is the user's scrape of the target etcd, if given.
	targetMetrics map[string]bool
}

// LoadCatalog parses the embedded tables.
func LoadCatalog() (*Catalog, error) { return loadCatalog() }

// loadCatalog reads the tables once: a catalogue is never changed after
// it is built (WithTargetMetrics copies), so every engine shares one.
var loadCatalog = sync.OnceValues(readCatalog)

func readCatalog() (*Catalog, error) {
	c := &Catalog{
		flags:     map[string]*FlagInfo{},
		keys:      map[string]*KeyInfo{},
		flagByEnv: map[string]*FlagInfo{},
		bools:     map[string]bool{},
		values:    map[string][]*FlagInfo{},
	}
	err := readTSV("data/etcd-flags.tsv", func(r map[string]string) error {
		f := &FlagInfo{
			Name:        r["flag"],
			Env:         r["env"],
			Keys:        perVersion(r["config_key"]),
			Status:      map[string]string{},
			Replacement: r["replacement"],
			Note:        r["note"],
		}
		for _, v := range Versions {
			f.Status[v] = r["v"+v]
		}
		if name, _, ok := strings.Cut(f.Name, "="); ok {
			c.values[name] = append(c.values[name], f)
			return nil
		}
		if f.Name == "" {
			return fmt.Errorf("empty flag name")
		}
		c.flags[f.Name] = f
		if f.Env != "-" && f.Env != "" {
			c.flagByEnv[f.Env] = f
		}
		if f.Status["3.4"] == IgnoredWarns {
			c.bools[f.Name] = true // pkg/flags.IgnoredFlag is boolean
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readTSV("data/etcd-config-keys.tsv", func(r map[string]string) error {
		k := &KeyInfo{Key: r["config_key"], Flag: r["flag"], Status: map[string]string{}, Note: r["note"]}
		for _, v := range Versions {
			k.Status[v] = r["v"+v]
		}
		c.keys[k.Key] = k
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c.metrics, err = loadMetrics(); err != nil {
		return nil, err
	}
	c.keyTypes = map[string]map[string]string{}
	err = readTSV("data/config-key-types.tsv", func(r map[string]string) error {
		types := map[string]string{}
		for _, v := range Versions {
			if t := r["v"+v]; t != "-" {
				types[v] = t
			}
		}
		c.keyTypes[r["config_key"]] = types
		return nil
	})
	if err != nil {
		return nil, err
	}
	boolList, err := dataFS.ReadFile("data/bool-flags.txt")
	if err != nil {
		return nil, err
	}
	for line := range strings.Lines(string(boolList)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			c.bools[line] = true
		}
	}
	return c, nil
}

// MustLoadCatalog is LoadCatalog for data that is embedded and tested.
func MustLoadCatalog() *Catalog {
	c, err := LoadCatalog()
	if err != nil {
		panic(err)
	}
	return c
}

// perVersion parses the config_key column: "key", "-", or
// "3.4:-|3.5:key|3.6:key".
func perVersion(col string) map[string]string {
	out := map[string]string{}
	if !strings.Contains(col, ":") || !strings.Contains(col, "|") {
		for _, v := range Versions {
			if col != "-" {
				out[v] = col
			}
		}
		return out
	}
	for part := range strings.SplitSeq(col, "|") {
		v, key, _ := strings.Cut(part, ":")
		if key != "-" {
			out[v] = key
		}
	}
	return out
}

func readTSV(name string, row func(map[string]string) error) error {
	data, err := dataFS.ReadFile(name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	var header []string
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue // where the table comes from
		}
		fields := strings.Split(sc.Text(), "\t")
		if header == nil {
			header = fields
			continue
		}
		if len(fields) != len(header) {
			return fmt.Errorf("%s:%d: %d fields, want %d", name, n, len(fields), len(header))
		}
		r := make(map[string]string, len(header))
		for i, h := range header {
			r[h] = fields[i]
		}
		if err := row(r); err != nil {
			return fmt.Errorf("%s:%d: %v", name, n, err)
		}
	}
	return sc.Err()
}

// Flag returns the table row of a flag, or nil for a name no etcd version has.
func (c *Catalog) Flag(name string) *FlagInfo { return c.flags[name] }

// FlagByEnv returns the flag an ETCD_* variable sets, or nil.
func (c *Catalog) FlagByEnv(env string) *FlagInfo { return c.flagByEnv[env] }

// Key returns the table row of a config-file key, or nil.
func (c *Catalog) Key(key string) *KeyInfo { return c.keys[key] }

// parentKey reports a key that holds other keys (client-transport-security
// of client-transport-security.cert-file), written without them.
func (c *Catalog) parentKey(key string) bool {
	for k := range c.keys {
		if strings.HasPrefix(k, key+".") {
			return true
		}
	}
	return false
}

// KeyType is the Go type etcd v decodes a config-file key into
// ("[]string", "time.Duration", "uint64", "bool", "string"), or "" when v
// has no such key.
func (c *Catalog) KeyType(key, v string) string { return c.keyTypes[key][v] }

// IsBool reports whether the flag is boolean, so it never takes a separate
// value argument.
func (c *Catalog) IsBool(flag string) bool { return c.bools[flag] }

// FlagForKey maps a config-file key (dotted for nested keys) to its flag.
func (c *Catalog) FlagForKey(key string) string {
	if k := c.keys[key]; k != nil && k.Flag != "" && k.Flag != "-" {
		return k.Flag
	}
	return key
}

// KeyForFlag is the config-file key of a flag in version v, or "".
func (c *Catalog) KeyForFlag(flag, v string) string {
	if f := c.flags[flag]; f != nil {
		return f.Keys[v]
	}
	return ""
}

// FlagForEnv maps an ETCD_* variable to its flag name.
func (c *Catalog) FlagForEnv(env string) string {
	if f := c.flagByEnv[env]; f != nil {
		return f.Name
	}
	flag, _ := fact.FlagFromEnv(env)
	return flag
}

// Defines reports whether some etcd version has the flag.
func (c *Catalog) Defines(flag string) bool { return c.flags[flag] != nil }

// KeyNames are the config-file keys of the tables, sorted.
func (c *Catalog) KeyNames() []string {
	var out []string
	for k := range c.keys {
		out = append(out, k)
	}
	for k := range c.keyTypes {
		if c.keys[k] == nil {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Releases are the etcd releases the rule data was measured on.
func Releases() []string {
	data, err := dataFS.ReadFile("data/releases.txt")
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	var out []string
	for line := range strings.Lines(string(data)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}
