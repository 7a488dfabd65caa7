// Package kindtest holds what the tests of file kinds and syntax helpers
// share: a schema that knows a few flags without the rule tables, and
// applying a renderer's edits.
package kindtest

import (
	"slices"
	"strings"
	"testing"

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

// Apply applies edits to src, failing the test on an edit outside src,
// running backwards, or overlapping another (the fixer refuses those too;
// line endings and byte order marks are its business, not a renderer's).
func Apply(t testing.TB, src string, edits []fact.Edit) string {
	t.Helper()
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b fact.Edit) int { return a.Span.Start - b.Span.Start })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.Span.Start < last || e.Span.End < e.Span.Start || e.Span.End > len(src) {
			t.Fatalf("bad or overlapping edit %+v in %v", e, edits)
		}
		b.WriteString(src[last:e.Span.Start])
		b.WriteString(e.NewText)
		last = e.Span.End
	}
	b.WriteString(src[last:])
	return b.String()
}

// Render renders in with r and applies the edits to src.
func Render(t testing.TB, src string, r fact.Renderer, in fact.Intent) string {
	t.Helper()
	edits, err := r.Render([]byte(src), in)
	if err != nil {
		t.Fatal(err)
	}
	return Apply(t, src, edits)
}
