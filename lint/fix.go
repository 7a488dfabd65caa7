package lint

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/etcdlint/etcdlint/fixers"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// MaxFixRounds bounds the fix loop: each round applies the fixes that do
// not overlap, and the next one picks up those that did.
const MaxFixRounds = 5

// FixOptions select the fixes that Fix applies: safe fixes of phase pre
// always, cutover and unsafe ones on request.
type FixOptions struct {
	Cutover bool
	Unsafe  bool
	// Only restricts fixing to some rules; nil fixes every rule.
	Only func(rule string) bool
	// Baseline, when set, holds findings accepted as they are: they are
	// neither fixed nor reported as remaining.
	Baseline *Baseline
}

// Reason says why a finding was not fixed.
type Reason string

const (
	// Manual findings have no automatic fix.
	Manual Reason = "manual"
	// NotSelected fixes belong to a rule that fixing was restricted away from.
	NotSelected Reason = "not-selected"
	// NeedsCutover fixes are of phase cutover, which was not asked for.
	NeedsCutover Reason = "cutover"
	// NeedsUnsafe fixes are unsafe, which was not asked for.
	NeedsUnsafe Reason = "unsafe"
	// Conflict fixes kept overlapping other fixes for MaxFixRounds rounds,
	// or overlap themselves.
	Conflict Reason = "conflict"
	// Reverted fixes were applied in a round whose output no longer parsed
	// (or still had their finding), so the round was undone.
	Reverted Reason = "reverted"
)

// Why returns the reason a finding's fix is not applied under o, or ""
// when it is.
func (o FixOptions) Why(fd Finding) Reason {
	switch {
	case fd.Fix == nil || len(fd.Fix.Edits) == 0:
		return Manual
	case o.Only != nil && !o.Only(fd.Rule):
		return NotSelected
	case fd.Fix.Phase == rules.Cutover && !o.Cutover:
		return NeedsCutover
	case fd.Fix.Safety == rules.Unsafe && !o.Unsafe:
		return NeedsUnsafe
	}
	return ""
}

// AppliedFix is a finding whose fix was applied.
type AppliedFix struct {
	Rule  string
	Fix   *Fix
	Round int
	// Line and Column place the finding in the original file.
	Line, Column int
	// start is the offset of the finding in the original file.
	start int
}

// Remaining is a finding of the fixed content with the reason it is left.
type Remaining struct {
	Finding Finding
	Reason  Reason
}

// RevertedRound is a round whose output gained parse errors.
type RevertedRound struct {
	Round  int
	Fixes  []AppliedFix
	Errors []FileError // the new errors, placed in the round's output
}

// FixResult is the outcome of fixing one document.
type FixResult struct {
	Path  string
	Src   []byte // as read
	Fixed []byte // after every kept round; equal to Src when nothing applied
	// File is the lint of Fixed, nil when no file kind claims it any more;
	// Errors are its parse errors.
	File      *File
	Errors    []FileError
	Applied   []AppliedFix
	Remaining []Remaining
	Reverted  *RevertedRound
	// Baselined counts the findings of the baseline left alone.
	Baselined int
	// Hops is, for a chain, the text after each hop: what to roll out with
	// that hop's binary. Empty for one hop.
	Hops []HopText
	// rounds holds the edits of each kept round, in its input's offsets,
	// to map offsets of Fixed back to Src.
	rounds [][]fact.Edit
}

// HopText is the content of a file once the fixes of one hop of a chain
// (and of the hops before it) are applied.
type HopText struct {
	Upgrade rules.Upgrade
	Text    []byte
}

// Changed reports whether fixing changed the content.
func (r *FixResult) Changed() bool { return string(r.Src) != string(r.Fixed) }

// OriginalOffset maps an offset of Fixed to the offset in Src it came from;
// an offset inside inserted text maps to where the insertion was made.
func (r *FixResult) OriginalOffset(off int) int {
	for i := len(r.rounds) - 1; i >= 0; i-- {
		off = mapBack(off, r.rounds[i])
	}
	return off
}

// mapBack maps an offset of the output of sorted, applied edits to their input.
func mapBack(off int, edits []fact.Edit) int {
	delta := 0 // how much longer the output is than the input so far
	for _, e := range edits {
		start := e.Span.Start + delta
		if off < start {
			break
		}
		if off < start+len(e.NewText) {
			return e.Span.Start
		}
		delta += len(e.NewText) - e.Span.Len()
	}
	return off - delta
}

// mapBackEnd is mapBack for the end of a span: an end at the start of an
// edit's output stays before the edit's input.
func mapBackEnd(off int, edits []fact.Edit) int {
	delta := 0
	for _, e := range edits {
		start := e.Span.Start + delta
		if off <= start {
			break
		}
		if off < start+len(e.NewText) {
			return e.Span.Start
		}
		delta += len(e.NewText) - e.Span.Len()
	}
	return off - delta
}

// originalSpan maps a span of Fixed to Src. exact is false when the span
// overlaps text an applied edit wrote (or, empty, sits inside it), so that
// an edit of it would not mean the same thing in Src.
func (r *FixResult) originalSpan(sp fact.Span) (out fact.Span, exact bool) {
	exact = true
	for i := len(r.rounds) - 1; i >= 0; i-- {
		delta := 0
		for _, e := range r.rounds[i] {
			ostart, oend := e.Span.Start+delta, e.Span.Start+delta+len(e.NewText)
			if sp.Start < oend && sp.End > ostart || sp.Start == sp.End && ostart < sp.Start && sp.Start < oend {
				exact = false
			}
			delta += len(e.NewText) - e.Span.Len()
		}
		sp = fact.Span{Start: mapBack(sp.Start, r.rounds[i]), End: mapBackEnd(sp.End, r.rounds[i])}
		sp.End = max(sp.End, sp.Start)
	}
	return sp, exact
}

// OriginalFile is File with its findings placed in Src, for reports on
// files left as they were (--diff). A remaining fix whose edits touch text
// the applied fixes wrote cannot be said in Src: it is dropped, with NoFix
// saying so. It is nil when File is.
func (r *FixResult) OriginalFile() *File {
	if r.File == nil || !r.Changed() {
		return r.File
	}
	f := &File{Path: r.Path, Kind: r.File.Kind, Src: r.Src, Lines: fact.NewLines(r.Src)}
	for _, fd := range r.File.Findings {
		fd.Span, _ = r.originalSpan(fd.Span)
		fd.locate(f.Lines)
		if fd.Fix != nil {
			fix := *fd.Fix
			fix.Edits = nil
			for _, e := range fd.Fix.Edits {
				sp, exact := r.originalSpan(e.Span)
				if !exact {
					fd.Fix, fd.NoFix = nil, "its fix edits text the other fixes change: fix them first, then lint again"
					break
				}
				fix.Edits = append(fix.Edits, fact.Edit{Span: sp, NewText: e.NewText})
			}
			if fd.Fix != nil {
				fd.Fix = &fix
			}
		}
		f.Findings = append(f.Findings, fd)
	}
	return f
}

// Fixable reports whether any finding of f has a fix that o applies.
func (o FixOptions) Fixable(f *File) bool {
	return slices.ContainsFunc(f.Findings, func(fd Finding) bool { return o.Why(fd) == "" })
}

// Fix lints doc and applies the fixes o selects, round after round, until
// no fix is left to apply or MaxFixRounds is reached. Within a round, a
// fix's edits apply all together or not at all, and a fix that overlaps
// one already chosen waits for the next round, where it is rendered again
// against the new content. A round whose output has parse errors its input
// did not have, is no longer the same file kind, or still has the finding
// of a fix it applied is undone and ends the loop.
//
// A chain is fixed hop by hop, and only with cutover fixes (fixChain):
// its texts are for binaries not yet running. Without them nothing is
// applied, as the command line refuses such a fix.
func (e *Engine) Fix(doc Document, o FixOptions) *FixResult {
	if e.opts.Upgrade.Chain() && o.Cutover {
		return e.fixChain(doc, o)
	}
	return e.fixHop(doc, o) // a chain's own findings carry no fix
}

// hopEngine is an engine for one hop of e's chain.
func (e *Engine) hopEngine(hop rules.Upgrade) *Engine {
	opts := e.opts
	opts.Upgrade = hop
	return &Engine{opts: opts, catalog: e.catalog}
}

// fixChain fixes a chain hop by hop, each hop on the text the hop before
// left, so that every binary on the road gets a text it accepts and the
// result is the text for the last one. Each applied fix names its hop;
// what remains is what the last hop finds in the result.
func (e *Engine) fixChain(doc Document, o FixOptions) *FixResult {
	r := &FixResult{Path: doc.Path, Src: doc.Src, Fixed: doc.Src}
	lines := fact.NewLines(doc.Src)
	var last *FixResult
	for _, hop := range e.opts.Upgrade.Hops() {
		hr := e.hopEngine(hop).fixHop(Document{Path: doc.Path, Src: r.Fixed}, o)
		for _, a := range hr.Applied {
			fix := *a.Fix
			fix.Description = fmt.Sprintf("(%s) %s", hop, fix.Description)
			a.Fix = &fix
			a.start = r.OriginalOffset(a.start)
			a.Line, a.Column = lines.Position(a.start)
			r.Applied = append(r.Applied, a)
		}
		if hr.Reverted != nil && r.Reverted == nil {
			r.Reverted = hr.Reverted
		}
		r.Baselined += hr.Baselined
		r.rounds = append(r.rounds, hr.rounds...)
		r.Fixed = hr.Fixed
		r.Hops = append(r.Hops, HopText{Upgrade: hop, Text: hr.Fixed})
		last = hr
	}
	// the result is the text for the last binary: what is left is what the
	// last hop finds (an earlier hop would call its new names unknown)
	r.File, r.Errors, r.Remaining = last.File, last.Errors, last.Remaining
	return r
}

// fixHop fixes the findings of one hop, in rounds until none is left.
func (e *Engine) fixHop(doc Document, o FixOptions) *FixResult {
	r := &FixResult{Path: doc.Path, Src: doc.Src, Fixed: doc.Src}
	cur, curErrs := e.Lint(doc)
	origLines := fact.NewLines(doc.Src)
	// Baselined findings are known by fingerprint in the original, then by
	// where they were: a fix can change the occurrence count in a
	// fingerprint of the same text further down.
	accepted := map[baselined]bool{}
	if cur != nil && o.Baseline != nil {
		for _, fd := range cur.Findings {
			if o.Baseline.Has(fd.Fingerprint) {
				accepted[baselined{fd.Rule, fd.Span.Start}] = true
			}
		}
		r.Baselined = r.dropBaselined(cur, o.Baseline, accepted)
	}
	var undone []Finding // the fixes of a reverted round
	for round := 1; cur != nil && round <= MaxFixRounds; round++ {
		chosen, edits := choose(cur.Findings, o)
		if len(chosen) == 0 {
			break
		}
		out, err := fixers.Apply(cur.Src, edits)
		if err != nil {
			// choose never picks overlapping edits; a failure here is a
			// renderer bug, reported rather than written.
			curErrs = append(curErrs, FileError{Path: doc.Path, Msg: fmt.Sprintf("cannot apply fixes: %v", err)})
			break
		}
		next, nextErrs := e.Lint(Document{Path: doc.Path, Src: out})
		var applied []AppliedFix
		for _, fd := range chosen {
			a := AppliedFix{Rule: fd.Rule, Fix: fd.Fix, Round: round, start: r.OriginalOffset(fd.Span.Start)}
			a.Line, a.Column = origLines.Position(a.start)
			applied = append(applied, a)
		}
		bad := newErrors(curErrs, nextErrs)
		if next != nil && next.Kind != cur.Kind {
			bad = append(bad, FileError{Path: doc.Path, Msg: fmt.Sprintf("the fixed file is no longer recognised as a %s file but as %s", cur.Kind, next.Kind)})
		} else if rule := unmoved(chosen, next, edits); rule != "" {
			// Applying it again would only repeat the edit: the file kind
			// renders the fix where its own parser does not see it.
			bad = append(bad, FileError{Path: doc.Path, Msg: fmt.Sprintf("the fix of %s did not remove its finding", rule)})
		}
		if len(bad) > 0 {
			r.Reverted = &RevertedRound{Round: round, Fixes: applied, Errors: bad}
			undone = chosen
			break
		}
		r.Applied = append(r.Applied, applied...)
		r.rounds = append(r.rounds, edits)
		r.Fixed = out
		cur, curErrs = next, nextErrs
		if cur != nil && o.Baseline != nil {
			r.Baselined = r.dropBaselined(cur, o.Baseline, accepted)
		}
	}
	r.File, r.Errors = cur, curErrs
	if cur == nil {
		return r
	}
	for _, fd := range cur.Findings {
		why := o.Why(fd)
		if why == "" {
			why = Conflict
			if slices.ContainsFunc(undone, func(u Finding) bool { return u.Rule == fd.Rule && u.Span == fd.Span }) {
				why = Reverted
			}
		}
		r.Remaining = append(r.Remaining, Remaining{Finding: fd, Reason: why})
	}
	return r
}

// baselined is a finding of the baseline: its rule and where it starts in
// the original.
type baselined struct {
	rule  string
	start int
}

// dropBaselined removes the findings of f (a lint of the content after the
// kept rounds) that are in the baseline or were in the original, and
// returns how many it removed.
func (r *FixResult) dropBaselined(f *File, b *Baseline, accepted map[baselined]bool) int {
	n := 0
	kept := f.Findings[:0:0]
	for _, fd := range f.Findings {
		if b.Has(fd.Fingerprint) || accepted[baselined{fd.Rule, r.OriginalOffset(fd.Span.Start)}] {
			n++
			continue
		}
		kept = append(kept, fd)
	}
	f.Findings = kept
	return n
}

// choose picks, in file order, the eligible fixes whose edits overlap no
// fix picked before (nor themselves). A fix identical to one already picked (two rules asking for the same
// edit) counts as applied with it.
func choose(findings []Finding, o FixOptions) (chosen []Finding, edits []fact.Edit) {
	var picked [][]fact.Edit
	for _, fd := range findings {
		if o.Why(fd) != "" {
			continue
		}
		if fixers.SelfOverlap(fd.Fix.Edits) {
			continue
		}
		if slices.ContainsFunc(picked, func(p []fact.Edit) bool { return slices.Equal(p, fd.Fix.Edits) }) {
			chosen = append(chosen, fd)
			continue
		}
		if slices.ContainsFunc(picked, func(p []fact.Edit) bool { return fixers.Overlap(p, fd.Fix.Edits) }) {
			continue
		}
		picked = append(picked, fd.Fix.Edits)
		chosen = append(chosen, fd)
		edits = append(edits, fd.Fix.Edits...)
	}
	slices.SortStableFunc(edits, func(a, b fact.Edit) int {
		return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End))
	})
	return chosen, edits
}

// unmoved returns the rule of a chosen fix whose finding is still there
// after the round (same rule, same start in the round's input), or "".
func unmoved(chosen []Finding, next *File, edits []fact.Edit) string {
	if next == nil {
		return ""
	}
	for _, fd := range next.Findings {
		start := mapBack(fd.Span.Start, edits)
		for _, c := range chosen {
			if c.Rule == fd.Rule && c.Span.Start == start && fd.Fix != nil && slices.Equal(c.Fix.Edits, shiftBack(fd.Fix.Edits, edits)) {
				return c.Rule
			}
		}
	}
	return ""
}

// shiftBack maps edits of a round's output to its input, for comparison.
func shiftBack(out, edits []fact.Edit) []fact.Edit {
	in := make([]fact.Edit, len(out))
	for i, e := range out {
		in[i] = fact.Edit{Span: fact.Span{Start: mapBack(e.Span.Start, edits), End: mapBackEnd(e.Span.End, edits)}, NewText: e.NewText}
	}
	return in
}

// newErrors returns the errors of after whose message occurs more often
// than in before: offsets move when a file is edited, messages do not.
func newErrors(before, after []FileError) []FileError {
	seen := map[string]int{}
	for _, e := range before {
		seen[e.Msg]++
	}
	var out []FileError
	for _, e := range after {
		if seen[e.Msg] > 0 {
			seen[e.Msg]--
			continue
		}
		out = append(out, e)
	}
	return out
}
