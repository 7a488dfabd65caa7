package logpipeline

import "testing"

func TestParse(t *testing.T) {
	src := "[PARSER]\n    Name etcd\n    Regex ^(?<t>\\S+ \\S+) (?<l>\\w) \\| (?<p>[^:]+): (?<m>.*)$\n# Regex ' W | '\n"
	if !Kind.Match("parsers.conf", []byte(src)) || Kind.Match("parsers.conf", []byte("[PARSER]\n")) {
		t.Fatal("Match: want a fluent-bit file that names etcd")
	}
	f, _ := Kind.Parse("parsers.conf", []byte(src), nil)
	if len(f.LogParsers) != 1 || src[f.LogParsers[0].Span.Start:f.LogParsers[0].Span.End] != f.LogParsers[0].Pattern {
		t.Fatalf("got %+v, want one parser whose span covers its pattern (comments skipped)", f.LogParsers)
	}
}

// A Datadog log pipeline's grok parser: the rules of matchRules are
// "name pattern" lines; its sample lines are data, not patterns.
func TestDatadogGrok(t *testing.T) {
	src := "processors:\n  - type: grok-parser\n    name: Parse etcd\n    samples:\n      - '2020-08-20 18:23:44.721706 E | rafthttp: failed'\n    grok:\n      matchRules: |\n        etcd %{_date} %{word: level} \\| (%{notSpace:package}: )?%{data:message}\n        other %{data:message}\n"
	if !Kind.Match("assets/logs/etcd.yaml", []byte(src)) {
		t.Fatal("a Datadog pipeline for etcd did not match")
	}
	f, _ := Kind.Parse("assets/logs/etcd.yaml", []byte(src), nil)
	if len(f.LogParsers) != 1 || f.LogParsers[0].Pattern != `%{_date} %{word: level} \| (%{notSpace:package}: )?%{data:message}` {
		t.Fatalf("got %+v", f.LogParsers)
	}
}
