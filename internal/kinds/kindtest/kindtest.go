// Package kindtest holds what the file kinds' tests share: a schema that
// knows a few flags, without the rule tables.
package kindtest

import (
	"slices"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Schema is a fact.Schema for tests: Bools are the boolean flags and
// Undefined the names no etcd version has; keys and variables map to flags
// by etcd's spelling rules.
type Schema struct {
	Bools, Undefined []string
}

// IsBool implements fact.Schema.
func (s Schema) IsBool(f string) bool { return slices.Contains(s.Bools, f) }

// FlagForKey implements fact.Schema.
func (Schema) FlagForKey(k string) string { return k }

// FlagForEnv implements fact.Schema.
func (Schema) FlagForEnv(e string) string { f, _ := fact.FlagFromEnv(e); return f }

// Defines implements fact.Schema.
func (s Schema) Defines(f string) bool { return !slices.Contains(s.Undefined, f) }
