package logformat

import "testing"

func TestCapnslog(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    bool
	}{
		{` W | `, true},
		{`(W|E) \| etcdserver`, true},
		{`^(?<time>\S+ \S+) (?<level>[CEWNID]) \| (?<pkg>[^:]+): (?<msg>.*)$`, true},
		{`^(?P<ts>\S+ \S+) (?P<level>\w) \| (?P<component>[^:]+): (?P<msg>.*)$`, true},
		{`%{TIMESTAMP_ISO8601:ts} %{WORD:level} \| %{DATA:pkg}: %{GREEDYDATA:msg}`, true},
		{`^(?<level>[IWEF])(?<time>\d{4} \d{2}:\d{2}:\d{2}\.\d+) +(?<pid>\d+) (?<source>[^ \]]+)\] (?<message>.*)$`, false},
		{`apply request took too long`, false},
		{`"level":"warn"`, false},
		{`(warn|error)`, false},
	} {
		if got := Capnslog(tc.pattern); got != tc.want {
			t.Errorf("Capnslog(%q) = %v, want %v", tc.pattern, got, tc.want)
		}
	}
}
