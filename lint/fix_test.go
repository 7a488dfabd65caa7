package lint

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/fixers"
	"github.com/etcdlint/etcdlint/internal/kinds/envfile"
	"github.com/etcdlint/etcdlint/internal/syntax/envassign"
	"github.com/etcdlint/etcdlint/lint/fact"
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
	// capnslog → zap changes the log format: unsafe
	want := map[string]Reason{"debug-flag": NeedsUnsafe, "bbolt-freelist-experimental": NeedsCutover, "unknown-flag": Manual, "logger-capnslog": NeedsUnsafe}
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
	return envassign.Renderer{}.Render(src, in)
}

func TestFixRevertsRoundThatBreaksParsing(t *testing.T) {
	src := "ETCD_LOGGER=capnslog\n"
	r := fixEngine(t, breakingKind{envfile.Kind}).Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{Unsafe: true})
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

// Baselined findings are accepted as they are: not fixed, not remaining.
func TestFixBaseline(t *testing.T) {
	src := "ETCD_ENABLE_V2=false\nETCD_DEBUG=false\nETCD_LOG_OUTPUT=stderr\n"
	e := fixEngine(t, nil)
	f, _ := e.Lint(Document{Path: "etcd.env", Src: []byte(src)})
	b := &Baseline{Version: baselineVersion}
	for _, fd := range f.Findings {
		if fd.Rule == "debug-flag" {
			b.Findings = append(b.Findings, BaselineEntry{Fingerprint: fd.Fingerprint})
		}
	}
	if len(b.Findings) != 1 {
		t.Fatalf("findings: %+v", f.Findings)
	}
	r := e.Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{Baseline: b})
	if got, want := string(r.Fixed), "ETCD_DEBUG=false\nETCD_LOG_OUTPUTS=stderr\n"; got != want {
		t.Errorf("fixed = %q, want %q", got, want)
	}
	if len(r.Remaining) != 0 || r.Baselined != 1 || len(r.File.Findings) != 0 {
		t.Errorf("remaining %+v, baselined %d, file findings %+v", r.Remaining, r.Baselined, r.File.Findings)
	}
	// Without the baseline, the same call fixes it.
	r = e.Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{})
	if got, want := string(r.Fixed), "ETCD_LOG_OUTPUTS=stderr\n"; got != want {
		t.Errorf("without baseline: fixed = %q, want %q", got, want)
	}
}

// Fixing the first of two identical findings changes the occurrence count
// in the second's fingerprint; the baselined second one stays accepted.
func TestFixBaselineRepeatedText(t *testing.T) {
	src := "ETCD_LOG_OUTPUT=stderr\nETCD_NAME=a\nETCD_LOG_OUTPUT=stderr\n"
	e := fixEngine(t, nil)
	f, _ := e.Lint(Document{Path: "etcd.env", Src: []byte(src)})
	if len(f.Findings) != 2 || f.Findings[0].Fingerprint == f.Findings[1].Fingerprint {
		t.Fatalf("findings: %+v", f.Findings)
	}
	b := &Baseline{Version: baselineVersion, Findings: []BaselineEntry{{Fingerprint: f.Findings[1].Fingerprint}}}
	r := e.Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{Baseline: b})
	if got, want := string(r.Fixed), "ETCD_LOG_OUTPUTS=stderr\nETCD_NAME=a\nETCD_LOG_OUTPUT=stderr\n"; got != want {
		t.Errorf("fixed = %q, want %q", got, want)
	}
	if len(r.Remaining) != 0 || r.Baselined != 1 {
		t.Errorf("remaining %+v, baselined %d", r.Remaining, r.Baselined)
	}
}

// OriginalFile places what remains after fixing in the file as it was,
// with the remaining fixes' edits in its offsets.
func TestFixOriginalFile(t *testing.T) {
	const cutover = "ETCD_EXPERIMENTAL_BACKEND_BBOLT_FREELIST_TYPE=map"
	src := "ETCD_ENABLE_V2=false\nETCD_NAME=a\n" + cutover + "\n"
	r := fixEngine(t, nil).Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{})
	if got := string(r.Fixed); got != "ETCD_NAME=a\n"+cutover+"\n" {
		t.Fatalf("fixed = %q", got)
	}
	if len(r.File.Findings) != 1 || r.File.Findings[0].Line != 2 {
		t.Fatalf("findings after fixing: %+v", r.File.Findings)
	}
	f := r.OriginalFile()
	if string(f.Src) != src || len(f.Findings) != 1 {
		t.Fatalf("original file: %q %+v", f.Src, f.Findings)
	}
	fd := f.Findings[0]
	if fd.Rule != "bbolt-freelist-experimental" || fd.Line != 3 || fd.Column != 1 || fd.EndLine != 3 || fd.EndColumn != len(cutover)+1 {
		t.Errorf("placed at %d:%d-%d:%d, want 3:1-3:%d", fd.Line, fd.Column, fd.EndLine, fd.EndColumn, len(cutover)+1)
	}
	if got := src[fd.Span.Start:fd.Span.End]; got != cutover {
		t.Errorf("span covers %q", got)
	}
	if fd.Fix == nil || len(fd.Fix.Edits) == 0 {
		t.Fatalf("fix lost: %+v", fd)
	}
	for _, ed := range fd.Fix.Edits {
		if ed.Span.Start < 33 || ed.Span.End > len(src) {
			t.Errorf("edit %+v is not on line 3 of the original", ed)
		}
	}
	// The remaining fix applied to the original gives the original with
	// only that fix.
	out, err := fixers.Apply(f.Src, fd.Fix.Edits)
	if err != nil || !strings.HasPrefix(string(out), "ETCD_ENABLE_V2=false\nETCD_NAME=a\n") || strings.Contains(string(out), "EXPERIMENTAL") {
		t.Errorf("remaining fix on the original: %q, %v", out, err)
	}
}

func TestOriginalSpan(t *testing.T) {
	// one round: "aaXXbb" -> "aaYYYbb" (replace [2,4)), then delete "bb"
	r := &FixResult{rounds: [][]fact.Edit{
		{{Span: fact.Span{Start: 2, End: 4}, NewText: "YYY"}},
		{{Span: fact.Span{Start: 5, End: 7}, NewText: ""}},
	}}
	for _, tc := range []struct {
		in, want fact.Span
		exact    bool
	}{
		{fact.Span{Start: 0, End: 2}, fact.Span{Start: 0, End: 2}, true},  // before, touching
		{fact.Span{Start: 1, End: 3}, fact.Span{Start: 1, End: 2}, false}, // overlaps written text
		{fact.Span{Start: 3, End: 3}, fact.Span{Start: 2, End: 2}, false}, // empty, inside written text
		{fact.Span{Start: 5, End: 5}, fact.Span{Start: 6, End: 6}, true},  // where bb was deleted
		{fact.Span{Start: 2, End: 5}, fact.Span{Start: 2, End: 4}, false}, // the written text itself
	} {
		got, exact := r.originalSpan(tc.in)
		if exact != tc.exact || (tc.exact && got != tc.want) {
			t.Errorf("originalSpan(%v) = %v, %v; want %v, %v", tc.in, got, exact, tc.want, tc.exact)
		}
	}
}

// futileKind renders a value change as a comment line the parser skips,
// so the finding survives its own fix: the loop must not write the same
// edit round after round.
type futileKind struct{ fact.Kind }

func (k futileKind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts, errs := k.Kind.Parse(p, src, schema)
	for _, proc := range facts.Processes {
		proc.Render = futileRenderer{}
	}
	return facts, errs
}

type futileRenderer struct{}

func (futileRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	return []fact.Edit{{Span: fact.Span{Start: 0, End: 0}, NewText: "# ETCD_LOG_OUTPUTS=stderr\n"}}, nil
}

func TestFixStopsAFixThatDoesNothing(t *testing.T) {
	src := "ETCD_LOG_OUTPUT=stderr\n"
	r := fixEngine(t, futileKind{envfile.Kind}).Fix(Document{Path: "etcd.env", Src: []byte(src)}, FixOptions{})
	if string(r.Fixed) != src {
		t.Errorf("fixed = %q, want the input back", r.Fixed)
	}
	if r.Reverted == nil || len(r.Reverted.Errors) != 1 || !strings.Contains(r.Reverted.Errors[0].Msg, "did not remove its finding") {
		t.Fatalf("reverted = %+v", r.Reverted)
	}
	if len(r.Remaining) != 1 || r.Remaining[0].Reason != Reverted {
		t.Errorf("remaining = %+v", r.Remaining)
	}
}
