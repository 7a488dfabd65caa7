package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/etcdlint/etcdlint/fixers"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/lint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// fixFlags are the flags of --fix, --diff and --fix-dir.
type fixFlags struct {
	fix, diff       bool
	dir             string
	cutover, unsafe bool
	only            []string
}

func (x *fixFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&x.fix, "fix", false, "rewrite files in place with every safe fix of phase pre (valid on the old and the new etcd)")
	fs.BoolVar(&x.diff, "diff", false, "print the changes --fix would make as a unified diff; change nothing")
	fs.StringVar(&x.dir, "fix-dir", "", "write the fixed files under `DIR`, mirroring their relative paths (for a chain, one tree per hop: DIR/3.5/…); leave the originals alone")
	fs.BoolVar(&x.cutover, "cutover", false, "with --fix/--diff/--fix-dir: also apply cutover fixes (the old etcd rejects them: ship them with the new binary)")
	fs.BoolVar(&x.unsafe, "unsafe-fixes", false, "with --fix/--diff/--fix-dir: also apply fixes that change behaviour or make a choice to review")
	fs.StringSliceVar(&x.only, "fix-only", nil, "with --fix/--diff/--fix-dir: fix only these rules (comma-separated ids)")
}

func (x *fixFlags) on() bool { return x.fix || x.diff || x.dir != "" }

// check rejects combinations that have no meaning.
func (x *fixFlags) check(rf *reportFlags, outs []output, files []string, docs []lint.Document) error {
	modes := 0
	for _, b := range []bool{x.fix, x.diff, x.dir != ""} {
		if b {
			modes++
		}
	}
	if modes > 1 {
		return usagef("--fix, --diff and --fix-dir are alternatives: choose one")
	}
	for _, id := range x.only {
		if rules.ByID(id) == nil {
			return usagef("--fix-only: unknown rule %q (see 'etcdlint rules')", id)
		}
	}
	if x.fix && len(docs) > 0 && len(files) > 0 {
		return usagef("--fix of stdin prints the fixed text on stdout: fix - alone, and the files in another run")
	}
	if x.diff || x.fix && len(docs) > 0 {
		what := "--diff prints the diff"
		if !x.diff {
			what = "--fix of stdin prints the fixed text"
		}
		for _, o := range outs {
			if o.file == "" && o.format != "text" {
				return usagef("%s on stdout, so --format %s does not combine with it there: write it to a file with %s=FILE", what, o.format, o.format)
			}
		}
	}
	if rf.writeBaseline != "" {
		if rf.baseline != "" {
			return usagef("--baseline and --write-baseline are alternatives: --write-baseline alone records a new baseline")
		}
		if !x.fix {
			return usagef("--write-baseline with a fix records what is left in the files once fixed, so it needs --fix: --diff and --fix-dir leave the files as they are")
		}
	}
	if x.dir != "" {
		for _, p := range files {
			if !filepath.IsLocal(p) && filepath.Clean(p) != "." {
				return usagef("--fix-dir mirrors relative paths: %s is absolute or leaves the current directory; run etcdlint from a directory above it", p)
			}
		}
		for _, d := range docs {
			if !filepath.IsLocal(d.Path) {
				return usagef("--fix-dir mirrors relative paths: --stdin-filename %s is absolute or leaves the current directory", d.Path)
			}
		}
	}
	return nil
}

func (x *fixFlags) options() lint.FixOptions {
	o := lint.FixOptions{Cutover: x.cutover, Unsafe: x.unsafe}
	if len(x.only) > 0 {
		only := x.only
		o.Only = func(rule string) bool {
			for _, id := range only {
				if id == rule {
					return true
				}
			}
			return false
		}
	}
	return o
}

// fixLine is one line of the fix summary: a fixed finding, a finding left
// with its reason, or a reverted round.
type fixLine struct {
	Path         string
	Line, Column int
	Rule         string
	Fixed        bool
	Text         string // the fix description, or why it was not fixed
	Reason       lint.Reason
	fix          *lint.Fix
	round        int
}

// fixRun is what fixing did to all files.
type fixRun struct {
	lines    []fixLine
	reverted []*lint.RevertedRound
	diffs    []string
	stdin    []byte // with --fix of stdin: the text to print, fixed or not
	final    *lint.Result
}

// fix runs the engine's fix pipeline (lint, baseline, fix rounds), then
// writes (or diffs) the fixed texts and every report of what remains: the
// findings left after fixing, which decide the exit code. Baselined
// findings are neither fixed nor reported. With --write-baseline, what
// remains after --fix becomes the new baseline.
func (c *Command) fix(x *fixFlags, rf *reportFlags, opts lint.Options, files []string, docs []lint.Document, outs []output, failOn rules.Severity, color bool) (int, error) {
	if err := x.check(rf, outs, files, docs); err != nil {
		return 0, err
	}
	base, err := readBaseline(rf.baseline)
	if err != nil {
		return 0, err
	}
	e, err := lint.New(opts)
	if err != nil {
		return 0, err
	}
	fo := x.options()
	fo.Baseline = base
	res := e.FixAll(files, docs, fo)
	run := &fixRun{final: &lint.Result{Notices: res.Notices, FilesScanned: res.FilesScanned}}
	errs := res.Errors
	w := fixers.Writer{FS: c.writeFS}
	// --fix of stdin prints the text whatever happens: an editor replaces
	// its buffer with it.
	stdinOut := x.fix && len(docs) > 0
	if stdinOut {
		run.stdin = docs[0].Src
	}
	for _, ff := range res.Files {
		f, fr := ff.Read, ff.Fix
		if fr.Reverted != nil {
			run.reverted = append(run.reverted, fr.Reverted)
		}
		if !fr.Changed() {
			run.final.Files = append(run.final.Files, f)
			run.remaining(fr, f.Path, false)
			continue
		}
		shown := f.Path
		switch {
		case x.diff:
			run.diffs = append(run.diffs, fixers.Diff(patchName(f.Path), fr.Src, fr.Fixed))
		case stdinOut:
			run.stdin = fr.Fixed
		case x.dir != "":
			shown = filepath.Join(x.dir, f.Path)
			if err := writeFixDir(x.dir, f.Path, fr); err != nil {
				errs = append(errs, lint.FileError{Path: f.Path, Msg: fmt.Sprintf("cannot write %s: %v", shown, err)})
				run.keep(f, fo)
				continue
			}
			if len(fr.Hops) > 0 {
				shown = filepath.Join(x.dir, fr.Hops[len(fr.Hops)-1].Upgrade.To, f.Path)
			}
		default:
			if err := w.Replace(f.Path, f.Src, fr.Fixed); err != nil {
				errs = append(errs, lint.FileError{Path: f.Path, Msg: "not fixed: " + err.Error()})
				run.keep(f, fo)
				continue
			}
		}
		for _, a := range fr.Applied {
			run.lines = append(run.lines, fixLine{Path: f.Path, Line: a.Line, Column: a.Column, Rule: a.Rule, Fixed: true, Text: a.Fix.Description, fix: a.Fix, round: a.Round})
		}
		errs = replaceErrors(errs, f.Path, shown, fr.Errors)
		if x.diff {
			// nothing was written: report the file as it is on disk
			if of := fr.OriginalFile(); of != nil {
				run.final.Files = append(run.final.Files, of)
			}
		} else if fr.File != nil {
			run.final.Files = append(run.final.Files, moved(fr.File, shown))
		}
		run.remaining(fr, shown, x.diff)
	}
	run.final.Errors = errs

	if rf.writeBaseline != "" {
		b := lint.NewBaseline(run.final)
		if err := writeReport(rf.writeBaseline, b.Write); err != nil {
			return 0, err
		}
		fmt.Fprintf(c.Stderr, "etcdlint: wrote %d findings to %s\n", len(b.Findings), rf.writeBaseline)
		run.acceptRemaining()
	}
	stdout := c.Stdout
	switch {
	case x.diff:
		for _, d := range run.diffs {
			io.WriteString(c.Stdout, d)
		}
		stdout = c.Stderr // the fix summary (check allows no other report there)
	case stdinOut:
		c.Stdout.Write(run.stdin)
		stdout, color = c.Stderr, false
	}
	err = writeOutputs(outs, stdout, func(o output, w io.Writer) error {
		switch o.format {
		case "json":
			return run.writeJSON(w)
		case "text":
			if !x.diff || o.file != "" {
				if err := report.WriteAll(report.NewText(w, color && o.file == ""), run.final); err != nil {
					return err
				}
			}
			run.writeText(w, x.diff)
			return nil
		}
		return report.WriteAll(formats[o.format](w), run.final)
	})
	if err != nil {
		return 0, err
	}
	if c.summarize(outs) {
		for _, n := range run.final.Notices {
			fmt.Fprintf(c.Stderr, "etcdlint: %s: %s\n", n.Path, n.Msg)
		}
		if res.Baselined > 0 {
			fmt.Fprintf(c.Stderr, "etcdlint: %d findings in the baseline %s not fixed nor shown\n", res.Baselined, rf.baseline)
		}
		report.Count(run.final).Summary(c.Stderr, run.final)
	}
	code := exitCode(run.final, failOn)
	if x.diff && len(run.diffs) > 0 && code == ExitOK {
		code = ExitFindings // a patch not yet applied fails the check, as ruff --diff does
	}
	return code, nil
}

// writeFixDir writes a fixed file under dir; for a chain, one tree per
// hop (dir/3.5/…, dir/3.6/…), each the text to roll out with that hop's
// binary, where it differs from the original.
func writeFixDir(dir, path string, fr *lint.FixResult) error {
	if len(fr.Hops) == 0 {
		return fixers.WriteUnder(dir, path, fr.Fixed, modeOf(path))
	}
	for _, h := range fr.Hops {
		if string(h.Text) == string(fr.Src) {
			continue
		}
		if err := fixers.WriteUnder(filepath.Join(dir, h.Upgrade.To), path, h.Text, modeOf(path)); err != nil {
			return err
		}
	}
	return nil
}

// acceptRemaining drops the findings left after fixing from the report:
// they are now in the baseline.
func (run *fixRun) acceptRemaining() {
	lines := run.lines[:0]
	for _, l := range run.lines {
		if l.Fixed {
			lines = append(lines, l)
		}
	}
	run.lines = lines
	for i, f := range run.final.Files {
		g := *f
		g.Findings = nil
		run.final.Files[i] = &g
	}
}

// keep reports an unfixed file as it is, each finding with why it stays.
func (run *fixRun) keep(f *lint.File, fo lint.FixOptions) {
	run.final.Files = append(run.final.Files, f)
	for _, fd := range f.Findings {
		why := fo.Why(fd)
		run.lines = append(run.lines, fixLine{Path: f.Path, Line: fd.Line, Column: fd.Column, Rule: fd.Rule, Reason: why, Text: reasonText(why, fd.Fix)})
	}
}

// remaining lists the findings left in fixed content. With original set,
// they are placed in the original file (--diff wrote nothing).
func (run *fixRun) remaining(fr *lint.FixResult, path string, original bool) {
	src := fact.NewLines(fr.Src)
	for _, r := range fr.Remaining {
		fd := r.Finding
		line, col := fd.Line, fd.Column
		if original {
			line, col = src.Position(fr.OriginalOffset(fd.Span.Start))
		}
		run.lines = append(run.lines, fixLine{Path: path, Line: line, Column: col, Rule: fd.Rule, Reason: r.Reason, Text: reasonText(r.Reason, fd.Fix)})
	}
}

// reasonText says why a finding was not fixed and how to get it fixed.
func reasonText(why lint.Reason, fix *lint.Fix) string {
	switch why {
	case lint.Manual:
		return "no automatic fix: change it by hand"
	case lint.NotSelected:
		return "its rule is not in --fix-only"
	case lint.NeedsCutover:
		return "cutover fix (the old etcd rejects it): apply it with --cutover when the binary is swapped: " + fix.Description
	case lint.NeedsUnsafe:
		return "unsafe fix (it changes behaviour or makes a choice): review it, then apply it with --unsafe-fixes: " + fix.Description
	case lint.Conflict:
		return fmt.Sprintf("its fix still overlapped other fixes after %d rounds: run --fix again or edit by hand", lint.MaxFixRounds)
	case lint.Reverted:
		return "its fix was undone: the fixed file no longer parsed or still had the finding (see below)"
	}
	return "the file was not written (see the error)"
}

// writeText lists what was fixed (placed where it was before fixing) and
// what was not (placed where it is now), then the counts.
//
// With --diff nothing was written: the fixes are the patch, and the counts
// say so.
func (run *fixRun) writeText(w io.Writer, diff bool) {
	fixed, left := 0, map[string]int{}
	for _, l := range run.lines {
		verb := "fixed"
		if l.Fixed {
			fixed++
			if diff {
				continue
			}
		} else {
			verb = "not fixed"
			left[reasonName(l.Reason)]++
		}
		fmt.Fprintf(w, "%s %s:%d:%d: %s [%s]\n", verb, l.Path, l.Line, l.Column, l.Text, l.Rule)
	}
	for _, r := range run.reverted {
		var ids []string
		for _, a := range r.Fixes {
			ids = append(ids, a.Rule)
		}
		for _, e := range r.Errors {
			fmt.Fprintf(w, "reverted round %d (%s): %s\n", r.Round, strings.Join(ids, ", "), e.Error())
		}
	}
	var parts []string
	for _, why := range []lint.Reason{lint.NeedsUnsafe, lint.NeedsCutover, lint.Manual, lint.NotSelected, lint.Conflict, lint.Reverted, ""} {
		if n := left[reasonName(why)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, reasonName(why)))
		}
	}
	done := "fixed"
	if diff {
		done = "in the patch"
	}
	fmt.Fprintf(w, "%d %s, %d not fixed", fixed, done, len(run.lines)-fixed)
	if len(parts) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
}

// reasonName is the reason as the JSON report and the counts name it.
func reasonName(why lint.Reason) string {
	if why == "" {
		return "not-written"
	}
	return string(why)
}

// jsonFixReport is the JSON report of --fix and --fix-dir: the findings
// left after fixing, plus what was fixed and why the rest was not.
type jsonFixReport struct {
	report.JSONReport
	Fixed    []jsonFixed    `json:"fixed"`
	NotFixed []jsonNotFixed `json:"not_fixed"`
	Reverted []jsonReverted `json:"reverted"`
}

type jsonFixed struct {
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Description string `json:"description"`
	Phase       string `json:"phase"`
	Safety      string `json:"safety"`
	Round       int    `json:"round"`
}

type jsonNotFixed struct {
	Rule    string `json:"rule"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

type jsonReverted struct {
	Path   string   `json:"path"`
	Round  int      `json:"round"`
	Rules  []string `json:"rules"`
	Errors []string `json:"errors"`
}

func (run *fixRun) writeJSON(w io.Writer) error {
	out := jsonFixReport{JSONReport: report.BuildJSON(run.final), Fixed: []jsonFixed{}, NotFixed: []jsonNotFixed{}, Reverted: []jsonReverted{}}
	for _, l := range run.lines {
		if l.Fixed {
			out.Fixed = append(out.Fixed, jsonFixed{Rule: l.Rule, Path: l.Path, Line: l.Line, Column: l.Column, Description: l.Text, Phase: string(l.fix.Phase), Safety: string(l.fix.Safety), Round: l.round})
			continue
		}
		out.NotFixed = append(out.NotFixed, jsonNotFixed{Rule: l.Rule, Path: l.Path, Line: l.Line, Column: l.Column, Reason: reasonName(l.Reason), Message: l.Text})
	}
	for _, r := range run.reverted {
		jr := jsonReverted{Round: r.Round, Rules: []string{}, Errors: []string{}}
		for _, a := range r.Fixes {
			jr.Rules = append(jr.Rules, a.Rule)
		}
		for _, e := range r.Errors {
			jr.Path = e.Path
			jr.Errors = append(jr.Errors, e.Error())
		}
		out.Reverted = append(out.Reverted, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// replaceErrors swaps the errors of path for those of its fixed content,
// shown under the path that now holds it.
func replaceErrors(errs []lint.FileError, path, shown string, fixed []lint.FileError) []lint.FileError {
	var out []lint.FileError
	for _, e := range errs {
		if e.Path != path {
			out = append(out, e)
		}
	}
	for _, e := range fixed {
		e.Path = shown
		out = append(out, e)
	}
	return out
}

// moved is f as found at another path (the copy under --fix-dir).
func moved(f *lint.File, path string) *lint.File {
	if f.Path == path {
		return f
	}
	g := *f
	g.Path = path
	g.Findings = append([]lint.Finding(nil), f.Findings...)
	for i := range g.Findings {
		g.Findings[i].Path = path
	}
	return &g
}

// modeOf is the permission of the original, for its copy under --fix-dir.
func modeOf(path string) os.FileMode {
	if info, err := os.Stat(path); err == nil {
		return info.Mode().Perm()
	}
	return 0o644
}
