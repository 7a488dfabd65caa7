// Package logpipeline is the file kind for log shippers' configurations
// (fluent-bit and fluentd parsers, promtail pipeline stages, logstash grok
// filters, vector transforms) that read etcd's log; it finds the patterns
// written for capnslog's text format, "<date> <time> <level> | <pkg>: <msg>".
package logpipeline

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/logformat"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the log pipeline configuration kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "log-pipeline" }

// tools are the markers of each shipper's configuration, with words (in
// lower case) one of which a file must hold before the marker is tried:
// the markers start at a line's start, which regexp cannot search fast.
var tools = []struct {
	name   string
	marker *regexp.Regexp
	words  []string
}{
	{"fluent-bit", regexp.MustCompile(`(?mi)^\s*\[(?:PARSER|MULTILINE_PARSER|FILTER|INPUT)\]`), []string{"[parser]", "[multiline_parser]", "[filter]", "[input]"}},
	{"fluentd", regexp.MustCompile(`(?m)^\s*<(?:parse|source|filter)\b`), []string{"<parse", "<source", "<filter"}},
	{"promtail", regexp.MustCompile(`(?m)^\s*-?\s*pipeline_stages\s*:`), []string{"pipeline_stages"}},
	{"logstash", regexp.MustCompile(`(?m)\bgrok\s*\{`), []string{"grok"}},
	{"vector", regexp.MustCompile(`\bparse_regex!?\(|(?m)^\s*\[transforms\.`), []string{"parse_regex", "[transforms."}},
	{"datadog", regexp.MustCompile(`(?m)^\s*(?:-\s*)?type:\s*grok-parser\b|^\s*matchRules\s*:`), []string{"grok-parser", "matchrules"}},
}

// tool names the shipper src configures; lower is src in lower case.
func tool(src, lower []byte) string {
	for _, t := range tools {
		if slices.ContainsFunc(t.words, func(w string) bool { return bytes.Contains(lower, []byte(w)) }) && t.marker.Match(src) {
			return t.name
		}
	}
	return ""
}

func (kind) Match(p string, src []byte) bool {
	switch path.Ext(p) {
	case ".conf", ".cfg", ".yaml", ".yml", ".toml", ".vrl":
	default:
		return false
	}
	lower := bytes.ToLower(src)
	return (bytes.Contains(lower, []byte("etcd")) || bytes.Contains(lower, []byte("capnslog"))) && tool(src, lower) != ""
}

// candidates are the places a pattern is written: after a Regex, format,
// expression, regex, pattern or match key, a "=> '…'" of logstash, a r'…'
// of vector.
var candidates = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^\s*(?:-\s*)?(?:regex|format\d*|expression|pattern|match|source)\s*[:=]?\s+(.+?)\s*$`),
	regexp.MustCompile(`(?i)^\s*(?:-\s*)?(?:regex|expression|pattern|source)\s*:\s*(.+?)\s*$`),
	regexp.MustCompile(`=>\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')`),
	regexp.MustCompile(`\br?("(?:[^"\\]|\\.)*"|'[^']*')\s*\)`),
	// a rule of a Datadog grok parser's matchRules: "name %{…} …"
	regexp.MustCompile(`^\s*[A-Za-z_][\w.-]*\s+(%\{.+?)\s*$`),
}

func (kind) Parse(p string, src []byte, _ fact.Schema) (*fact.Facts, []*fact.ParseError) {
	t := tool(src, bytes.ToLower(src))
	facts := &fact.Facts{}
	for start := 0; start < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i
		}
		line := string(bytes.TrimRight(src[start:end], "\r"))
		if trimmed := strings.TrimSpace(line); trimmed != "" && trimmed[0] != '#' {
			for _, re := range candidates {
				m := re.FindStringSubmatchIndex(line)
				if m == nil || !logformat.Capnslog(line[m[2]:m[3]]) {
					continue
				}
				facts.LogParsers = append(facts.LogParsers, &fact.LogParser{
					Pattern: line[m[2]:m[3]],
					Span:    fact.Span{Start: start + m[2], End: start + m[3]},
					Context: t + " pattern",
				})
				break
			}
		}
		start = end + 1
	}
	return facts, nil
}
