package lint

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// unusedIgnoreRule is the id of the findings about ignore directives.
const unusedIgnoreRule = "unused-ignore"

// directive is one etcdlint:ignore or etcdlint:ignore-file comment.
type directive struct {
	span     fact.Span // from "etcdlint:" to the end of the line
	line     int
	fileWide bool
	rules    []string
	used     []bool // per rule
	until    time.Time
	// problem says why the directive suppresses nothing, before matching,
	// and hint what to write instead.
	problem, hint string
}

// directivePrefix starts every directive; file-wide ones add "-file".
const directivePrefix = "etcdlint:ignore"

// scanDirectives finds the directives in the comments of src. A directive
// counts only after a comment marker ("#", "//" or ";") that starts its line
// or follows whitespace, so a value that merely contains the words does not
// silence anything. Each comment syntax a file kind may have is accepted:
// the scan works on raw lines and does not need the kind.
func scanDirectives(src []byte, lines *fact.Lines, now time.Time) []*directive {
	var out []*directive
	off := 0
	for n := 1; off <= len(src) && n <= lines.Count(); n++ {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		text := src[off:end]
		if i := bytes.Index(text, []byte(directivePrefix)); i >= 0 && inComment(text[:i]) {
			body := strings.TrimSuffix(string(text[i:]), "\r")
			d := parseDirective(body, now)
			d.line = n
			d.span = fact.Span{Start: off + i, End: off + i + len(body)}
			out = append(out, d)
		}
		off = end + 1
	}
	return out
}

// inComment reports whether a directive after prefix sits in a comment:
// prefix ends with a comment marker and optional blanks, and the marker
// starts the line or follows a blank.
func inComment(prefix []byte) bool {
	p := bytes.TrimRight(prefix, " \t")
	for _, m := range []string{"//", "#", ";"} {
		if !bytes.HasSuffix(p, []byte(m)) {
			continue
		}
		before := p[:len(p)-len(m)]
		return len(bytes.TrimSpace(before)) == 0 || before[len(before)-1] == ' ' || before[len(before)-1] == '\t'
	}
	return false
}

// parseDirective parses "etcdlint:ignore[-file] RULE[,RULE] [until=DATE] -- reason".
func parseDirective(body string, now time.Time) *directive {
	d := &directive{}
	rest := strings.TrimPrefix(body, directivePrefix)
	if r, ok := strings.CutPrefix(rest, "-file"); ok {
		d.fileWide = true
		rest = r
	}
	head, reason, hasReason := strings.Cut(rest, "--")
	usage := "write " + directivePrefix + " RULE -- reason"
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		d.problem, d.hint = fmt.Sprintf("%q is not a directive", strings.Fields(body)[0]), usage
		return d
	}
	for _, field := range strings.Fields(head) {
		if date, ok := strings.CutPrefix(field, "until="); ok {
			t, err := time.Parse(time.DateOnly, date)
			if err != nil {
				d.problem, d.hint = fmt.Sprintf("has until=%s, which is not a date,", date), "write until=YYYY-MM-DD"
				return d
			}
			d.until = t
			continue
		}
		for _, id := range strings.Split(field, ",") {
			if id != "" {
				d.rules = append(d.rules, id)
			}
		}
	}
	d.used = make([]bool, len(d.rules))
	switch {
	case len(d.rules) == 0:
		d.problem, d.hint = "names no rule", usage
	case !hasReason || strings.TrimSpace(reason) == "":
		d.problem, d.hint = "has no reason", `write why after " -- ", so the next reader knows when it can go`
	case !d.until.IsZero() && !now.Before(d.until.AddDate(0, 0, 1)):
		d.problem, d.hint = "expired on "+d.until.Format(time.DateOnly), "fix what it silenced or extend the date"
	}
	if d.problem == "" {
		for _, id := range d.rules {
			if rules.ByID(id) == nil {
				d.problem, d.hint = fmt.Sprintf("names unknown rule %q", id), "see 'etcdlint rules' for the ids"
			}
		}
	}
	return d
}

// suppresses returns the index in d.rules of the rule id it silences in a
// finding on lines first to last, or -1. A line directive silences a
// finding that starts on the next line or covers the directive's own line
// (a flag and its value on two lines, a YAML key and its block value).
func (d *directive) suppresses(id string, first, last int) int {
	if d.problem != "" || (!d.fileWide && d.line != first-1 && (d.line < first || d.line > last)) {
		return -1
	}
	return slices.Index(d.rules, id)
}

// lastLine is the last line a finding covers: a span that ends at the
// start of a line (after a newline) does not cover that line.
func lastLine(fd Finding) int {
	if fd.EndLine > fd.Line && fd.EndColumn == 1 {
		return fd.EndLine - 1
	}
	return max(fd.EndLine, fd.Line)
}

// settle applies the per-file rule settings, the inline ignores and the
// fingerprints to a file's findings. It runs after the rules, so that every
// front end sees the same filtered findings.
func (e *Engine) settle(f *File) {
	kept := f.Findings[:0] // filtered in place: a generated file may have a million
	for _, fd := range f.Findings {
		if e.opts.Tune != nil {
			sev, on := e.opts.Tune(f.Path, fd.Rule, fd.Severity)
			if !on {
				continue
			}
			fd.Severity = sev
		}
		kept = append(kept, fd)
	}
	now := e.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	dirs := scanDirectives(f.Src, f.Lines, now)
	f.Findings = kept[:0]
	for _, fd := range kept {
		silenced := false
		for _, d := range dirs {
			if i := d.suppresses(fd.Rule, fd.Line, lastLine(fd)); i >= 0 {
				d.used[i] = true
				silenced = true
			}
		}
		if !silenced {
			f.Findings = append(f.Findings, fd)
		}
	}
	for _, d := range dirs {
		for _, msg := range e.directiveProblems(f.Path, d) {
			fd := Finding{Rule: unusedIgnoreRule, Severity: rules.ByID(unusedIgnoreRule).Severity, Path: f.Path, Span: d.span, Message: msg}
			if !e.reports(f.Path, &fd) {
				continue
			}
			fd.URL = rules.ByID(unusedIgnoreRule).URL()
			fd.locate(f.Lines)
			f.Findings = append(f.Findings, fd)
		}
	}
	slices.SortStableFunc(f.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Rule, b.Rule))
	})
	fingerprint(f)
}

// directiveProblems says why a directive, or which of its rules, silenced
// nothing. Rules that are off for the file or do not apply to the upgrade
// are not held against it: the directive may serve another audit.
func (e *Engine) directiveProblems(path string, d *directive) []string {
	what := directivePrefix
	if d.fileWide {
		what += "-file"
	}
	if d.problem != "" {
		subject := what
		switch {
		case strings.HasPrefix(d.problem, `"`): // the problem names the word itself
			subject = ""
		case len(d.rules) > 0:
			subject += " " + strings.Join(d.rules, ",")
		}
		return []string{strings.TrimSpace(subject+" "+d.problem) + " and suppresses nothing; " + d.hint}
	}
	var out []string
	for i, id := range d.rules {
		r := rules.ByID(id)
		if d.used[i] || !r.AppliesTo(e.opts.Upgrade) || !e.ruleOn(path, r) {
			continue
		}
		where := "on this line or the next"
		if d.fileWide {
			where = "in this file"
		}
		out = append(out, fmt.Sprintf("%s %s suppresses nothing: no %s finding %s; delete it", what, id, id, where))
	}
	return out
}

// ruleOn reports whether rule r reports in the file at path.
func (e *Engine) ruleOn(path string, r *rules.Rule) bool {
	if e.opts.Enabled != nil && !e.opts.Enabled(r) {
		return false
	}
	if e.opts.Tune != nil {
		_, on := e.opts.Tune(path, r.ID, r.Severity)
		return on
	}
	return true
}

// reports applies the rule settings to a finding the engine makes itself.
func (e *Engine) reports(path string, fd *Finding) bool {
	r := rules.ByID(fd.Rule)
	if e.opts.Enabled != nil && !e.opts.Enabled(r) {
		return false
	}
	if e.opts.Tune != nil {
		sev, on := e.opts.Tune(path, fd.Rule, fd.Severity)
		fd.Severity = sev
		return on
	}
	return true
}

// fingerprint gives each finding of f an id that survives moved lines: a
// hash of the rule, the path, the flagged text and how many findings of the
// same rule flag the same text before it in the file.
func fingerprint(f *File) {
	seen := map[string]int{}
	for i := range f.Findings {
		fd := &f.Findings[i]
		text := string(f.Src[min(fd.Span.Start, len(f.Src)):min(max(fd.Span.End, fd.Span.Start), len(f.Src))])
		key := fd.Rule + "\x00" + filepath.ToSlash(fd.Path) + "\x00" + text
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, seen[key]))
		seen[key]++
		fd.Fingerprint = hex.EncodeToString(sum[:16])
	}
}
