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

// Text writes findings compiler-style, each followed by its source line and
// a caret line under the span:
//
//	deploy/etcd.service:9:3: error: flag --debug is not supported ... [debug-flag]
//	  --debug \
//	  ^^^^^^^
func Text(w io.Writer, res *lint.Result, color bool) error {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + reset
	}
	for _, f := range res.Files {
		for _, fd := range f.Findings {
			sev := fd.Severity.String()
			switch fd.Severity {
			case rules.Error:
				sev = paint(red+bold, sev)
			case rules.Warning:
				sev = paint(yellow+bold, sev)
			default:
				sev = paint(cyan+bold, sev)
			}
			fmt.Fprintf(w, "%s: %s: %s [%s]\n", paint(bold, fmt.Sprintf("%s:%d:%d", fd.Path, fd.Line, fd.Column)), sev, fd.Message, fd.Rule)
			line := f.Lines.Line(fd.Line)
			start := min(fd.Column-1, len(line))
			end := len(line)
			if fd.EndLine == fd.Line {
				end = min(max(fd.EndColumn-1, start+1), len(line))
			}
			fmt.Fprintf(w, "  %s\n", expandTabs(line))
			fmt.Fprintf(w, "  %s%s\n", pad(line[:start]), paint(green, strings.Repeat("^", max(1, width(line[start:end])))))
			if fd.Fix != nil {
				fmt.Fprintf(w, "  = fix (%s, %s): %s\n", fd.Fix.Phase, fd.Fix.Safety, fd.Fix.Description)
			} else if fd.NoFix != "" {
				fmt.Fprintf(w, "  = no automatic fix here: %s\n", fd.NoFix)
			}
		}
	}
	for _, e := range res.Errors {
		fmt.Fprintf(w, "%s: %s\n", paint(red+bold, "error"), e.Error())
	}
	return nil
}

// Concise writes one line per finding, path:line:col: severity: message
// [rule], and the file errors: for grep, editors' quickfix lists and logs.
func Concise(w io.Writer, res *lint.Result) error {
	for _, fd := range res.Findings() {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s]\n", fd.Path, fd.Line, fd.Column, fd.Severity, fd.Message, fd.Rule); err != nil {
			return err
		}
	}
	for _, e := range res.Errors {
		if _, err := fmt.Fprintf(w, "%s: error: %s\n", e.Path, strings.TrimPrefix(e.Error(), e.Path+": ")); err != nil {
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

// Summary writes the closing line: counts by severity and files scanned.
func Summary(w io.Writer, res *lint.Result) {
	var n [3]int
	for _, fd := range res.Findings() {
		n[fd.Severity]++
	}
	fmt.Fprintf(w, "%s, %s, %s in %s scanned", plural(n[rules.Error], "error"), plural(n[rules.Warning], "warning"), plural(n[rules.Info], "info"), plural(res.FilesScanned, "file"))
	if len(res.Errors) > 0 {
		fmt.Fprintf(w, "; %s", plural(len(res.Errors), "file error"))
	}
	fmt.Fprintln(w)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
