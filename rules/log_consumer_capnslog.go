package rules

import "fmt"

var logConsumerCapnslog = &Rule{
	ID:       "log-consumer-capnslog",
	Title:    "log pipelines that parse capnslog text lines stop matching on 3.5's JSON logs",
	Severity: Warning,
	Surfaces: []string{"log-parser"},
	Rationale: `etcd 3.4 logs capnslog text by default: "2024-05-01 10:00:00.000000 W | etcdserver: …". etcd 3.5
has only the zap logger and writes one JSON object per line: {"level":"warn","ts":"…","caller":"…",
"msg":"…"}. Parsers, greps and alerts written for the text format (" W | ", "<level> | <pkg>:") match
nothing afterwards, and nothing reports it. Parse JSON and read the level, msg, caller and ts fields.`,
	Before:      "[PARSER]\n    Name   etcd\n    Format regex\n    Regex  ^(?<time>\\S+ \\S+) (?<level>\\w) \\| (?<pkg>[^:]+): (?<msg>.*)$",
	After:       "[PARSER]\n    # fields: level, ts, caller, msg\n    Name   etcd\n    Format json",
	ExampleFile: "parsers.conf",
	Since:       "3.5",
	Until:       "3.5",
	Check: func(p *Pass) {
		for _, l := range p.Facts.LogParsers {
			p.Report(Diagnostic{
				Severity: Warning,
				Span:     l.Span,
				Message:  fmt.Sprintf("%s expects etcd 3.4's capnslog text lines (\"<time> <level> | <pkg>: <msg>\"): etcd 3.5 writes zap JSON lines, so it stops matching; parse JSON and use the fields level, msg, caller and ts instead", l.Context),
			})
		}
	},
}
