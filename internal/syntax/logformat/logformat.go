// Package logformat tells which of etcd's log formats a pattern expects.
// Log shippers' configurations, scripts and source code all hold such
// patterns.
package logformat

import (
	"regexp"
	"strings"
)

// normal rewrites the spellings of a literal "|" and of blanks in regex,
// grok and grep patterns to plain text, so one shape test covers them.
var normal = strings.NewReplacer(`\|`, "|", `[|]`, "|", `[/|]`, "|", `[|/]`, "|", `\s+`, " ", `\s*`, " ", `\s`, " ", `\ `, " ", `[ ]`, " ", ` +`, " ", ` *`, " ")

// levelBar is a one-letter level (or a pattern standing for it: a class,
// a group, a grok field, \w) followed by " | ": capnslog's separator
// between the level and the package.
var levelBar = regexp.MustCompile(`(?:(?:^|[ \^])[CEWNID]|\]|\)|\}|\\w|\\S|\.|\+) \|(?: |$)`)

// Capnslog reports whether a pattern expects capnslog's text format,
// "<date> <time> <level> | <pkg>: <msg>".
func Capnslog(pattern string) bool {
	return levelBar.MatchString(normal.Replace(pattern))
}
