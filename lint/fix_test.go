package lint

import (
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/lint/kinds/envfile"
	"github.com/etcdlint/etcdlint/rules"
)

func fixEngine(t *testing.T, kind fact.Kind) *Engine {
	t.Helper()
	opts := Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}}
	if kind != nil {
		opts.KindFor = func(string) fact.Kind { return kind }
	}
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Two debug settings whose unsafe fixes both set the same log-level: the
// second overlaps the first and is applied in the next round.
func TestFixConflictNextRound(t *testing.T) {
	src := "ETCD_DEBUG=true\nETCD_LOG_LEVEL=info\nETCD_DEBUG=1\n"
	r := fixEngine(t, nil).Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{Unsafe: true})
	if got, want := string(r.Fixed), "ETCD_LOG_LEVEL=debug\n"; got != want {
		t.Errorf("fixed = %q, want %q", got, want)
	}
	if len(r.Applied) != 2 || r.Applied[0].Round != 1 || r.Applied[1].Round != 2 {
		t.Fatalf("applied = %+v", r.Applied)
	}
	// The second fix was found on line 2 of round 2's input, which is line 3
	// of the original.
	if r.Applied[1].Line != 3 {
		t.Errorf("round 2 fix placed at line %d of the original, want 3", r.Applied[1].Line)
	}
	if len(r.Remaining) != 0 {
		t.Errorf("remaining = %+v", r.Remaining)
	}
}

func TestFixReasons(t *testing.T) {
	src := "ETCD_DEBUG=true\nETCD_LOG_LEVEL=info\nETCD_EXPERIMENTAL_BACKEND_BBOLT_FREELIST_TYPE=map\nETCD_FROBNICATE=x\nETCD_LOGGER=capnslog\n"
	e := fixEngine(t, nil)
	r := e.Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{})
	want := map[string]Reason{"debug-flag": NeedsUnsafe, "bbolt-freelist-experimental": NeedsCutover, "unknown-flag": Manual}
	if len(r.Remaining) != len(want) {
		t.Fatalf("remaining = %+v", r.Remaining)
	}
	for _, rem := range r.Remaining {
		if want[rem.Finding.Rule] != rem.Reason {
			t.Errorf("%s: reason %q, want %q", rem.Finding.Rule, rem.Reason, want[rem.Finding.Rule])
		}
	}
	r = e.Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{Cutover: true, Unsafe: true, Only: func(id string) bool { return id == "debug-flag" }})
	for _, rem := range r.Remaining {
		if rem.Finding.Rule != "unknown-flag" && rem.Reason != NotSelected {
			t.Errorf("%s: reason %q, want not-selected", rem.Finding.Rule, rem.Reason)
		}
	}
}

// breakingKind is the env file kind with a renderer that writes a name no
// env file may hold, so a round's output gains a parse error.
type breakingKind struct{ fact.Kind }

func (k breakingKind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts, errs := k.Kind.Parse(p, src, schema)
	for _, proc := range facts.Processes {
		proc.Render = breakingRenderer{}
	}
	return facts, errs
}

type breakingRenderer struct{}

func (breakingRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	if in.Kind == fact.Replace {
		return []fact.Edit{{Span: in.Setting.NameSpan, NewText: "BROKEN-NAME"}}, nil
	}
	return envfile.Renderer{}.Render(src, in)
}

func TestFixRevertsRoundThatBreaksParsing(t *testing.T) {
	src := "ETCD_LOGGER=capnslog\n"
	r := fixEngine(t, breakingKind{envfile.Kind}).Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{})
	if string(r.Fixed) != src || r.Changed() {
		t.Errorf("fixed = %q, want the input back", r.Fixed)
	}
	if r.Reverted == nil || r.Reverted.Round != 1 || len(r.Reverted.Errors) != 1 || len(r.Applied) != 0 {
		t.Fatalf("reverted = %+v, applied = %+v", r.Reverted, r.Applied)
	}
	if len(r.Remaining) != 1 || r.Remaining[0].Reason != Reverted {
		t.Errorf("remaining = %+v", r.Remaining)
	}
}

func TestOriginalOffset(t *testing.T) {
	r := &FixResult{rounds: [][]fact.Edit{
		{{Span: fact.Span{Start: 0, End: 4}}, {Span: fact.Span{Start: 10, End: 10}, NewText: "abc"}},
		{{Span: fact.Span{Start: 2, End: 3}, NewText: "xyz"}},
	}}
	// Original: 0..3 removed, 3 bytes inserted at 10. Round 1 output offset
	// 6 is original 10 (the insertion); round 2 grows offset 2 by 2.
	for _, tc := range []struct{ fixed, want int }{{0, 4}, {1, 5}, {3, 4 + 2}, {5, 4 + 2 + 1}, {8, 10}, {11, 10}, {13, 12}} {
		if got := r.OriginalOffset(tc.fixed); got != tc.want {
			t.Errorf("OriginalOffset(%d) = %d, want %d", tc.fixed, got, tc.want)
		}
	}
}
