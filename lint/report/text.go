// Package report writes lint results in the formats the CLI offers. Every
// format renders the same findings; positions come from lint.Finding.
package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

const (
	bold   = "\x1b[1m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	green  = "\x1b[32m"
	reset  = "\x1b[0m"
)

type textWriter struct {
	w     io.Writer
	color bool
}

// NewText writes findings compiler-style, each followed by its source line
// and a caret line under the span:
//
//	deploy/etcd.service:9:3: error: flag --debug is not supported ... [debug-flag]
//	  --debug \
//	  ^^^^^^^
func NewText(w io.Writer, color bool) Writer { return textWriter{w, color} }

func (t textWriter) paint(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + reset
}

func (t textWriter) File(f *lint.File) error {
	var b strings.Builder
	for _, fd := range f.Findings {
		sev := fd.Severity.String()
		switch fd.Severity {
		case rules.Error:
			sev = t.paint(red+bold, sev)
		case rules.Warning:
			sev = t.paint(yellow+bold, sev)
		default:
			sev = t.paint(cyan+bold, sev)
		}
		fmt.Fprintf(&b, "%s: %s: %s [%s]\n", t.paint(bold, fmt.Sprintf("%s:%d:%d", fd.Path, fd.Line, fd.Column)), sev, fd.Message, fd.Rule)
		line := f.Lines.Line(fd.Line)
		start := min(fd.Column-1, len(line))
		end := len(line)
		if fd.EndLine == fd.Line {
			end = min(max(fd.EndColumn-1, start+1), len(line))
		}
		fmt.Fprintf(&b, "  %s\n", expandTabs(line))
		fmt.Fprintf(&b, "  %s%s\n", pad(line[:start]), t.paint(green, strings.Repeat("^", max(1, width(line[start:end])))))
		if fd.Fix != nil {
			fmt.Fprintf(&b, "  = fix (%s, %s): %s\n", fd.Fix.Phase, fd.Fix.Safety, fd.Fix.Description)
		} else if fd.NoFix != "" {
			fmt.Fprintf(&b, "  = no automatic fix here: %s\n", fd.NoFix)
		}
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

func (t textWriter) End(res *lint.Result) error {
	for _, e := range res.Errors {
		if _, err := fmt.Fprintf(t.w, "%s: %s\n", t.paint(red+bold, "error"), e.Error()); err != nil {
			return err
		}
	}
	return nil
}

type conciseWriter struct{ w io.Writer }

// NewConcise writes one line per finding, path:line:col: severity: message
// [rule], and the file errors: for grep, editors' quickfix lists and logs.
func NewConcise(w io.Writer) Writer { return conciseWriter{w} }

func (c conciseWriter) File(f *lint.File) error {
	var b strings.Builder
	for _, fd := range f.Findings {
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s]\n", fd.Path, fd.Line, fd.Column, fd.Severity, fd.Message, fd.Rule)
	}
	_, err := io.WriteString(c.w, b.String())
	return err
}

func (c conciseWriter) End(res *lint.Result) error {
	for _, e := range res.Errors {
		if _, err := fmt.Fprintf(c.w, "%s: error: %s\n", e.Path, strings.TrimPrefix(e.Error(), e.Path+": ")); err != nil {
			return err
		}
	}
	return nil
}

// pad is whitespace as wide as prefix, keeping its tabs so carets line up.
func pad(prefix string) string {
	return strings.Repeat(" ", width(prefix))
}

func width(s string) int {
	return utf8.RuneCountInString(expandTabs(s))
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
