package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Line is one line of etcd's output.
type Line struct {
	// Level is "debug", "info", "warn", "error", "fatal" or "panic" for a
	// log line, "" for other output (Go's flag package, usage text).
	Level string
	// Msg is the log message without its fields; Text adds the fields
	// that explain it ("error", "environment-variable", …).
	Msg, Text string
	Raw       string
}

// Serious reports whether the line is a warning or worse.
func (l Line) Serious() bool {
	switch l.Level {
	case "warn", "error", "dpanic", "panic", "fatal":
		return true
	}
	return false
}

// capnslog is etcd 3.4's default log format:
// "2024-01-02 03:04:05.678901 W | pkg/flags: unrecognized environment variable ETCD_X=1".
var capnslog = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ ([DINWEC]) \| (.*)$`)

var capnsLevels = map[string]string{"D": "debug", "I": "info", "N": "info", "W": "warn", "E": "error", "C": "fatal"}

// noise are zap fields that say nothing about what went wrong.
var noise = []string{"level", "ts", "caller", "msg", "stacktrace", "logger"}

// ParseLog splits etcd's output into lines: zap JSON (3.5+, and 3.4 with
// --logger=zap), zap console (--log-format=console), capnslog (3.4) and
// plain text.
func ParseLog(out []byte) []Line {
	var lines []Line
	for raw := range strings.Lines(string(out)) {
		raw = strings.TrimRight(raw, "\r\n")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		l := Line{Raw: raw, Text: raw}
		var fields map[string]any
		switch m := capnslog.FindStringSubmatch(raw); {
		case strings.HasPrefix(raw, "{") && json.Unmarshal([]byte(raw), &fields) == nil:
			l.Level, _ = fields["level"].(string)
			l.Msg, _ = fields["msg"].(string)
			l.Text = strings.TrimSpace(l.Msg)
			var keys []string
			for k := range fields {
				if !slices.Contains(noise, k) {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				l.Text += fmt.Sprintf(" %s=%v", k, compact(fields[k]))
			}
		case m != nil:
			l.Level = capnsLevels[m[1]]
			l.Msg, l.Text = m[2], m[2]
		default:
			// zap console: time, level, caller, message, {fields}
			if parts := strings.SplitN(raw, "\t", 5); len(parts) >= 4 && isLevel(parts[1]) {
				l.Level = strings.ToLower(parts[1])
				l.Msg = parts[3]
				l.Text = strings.Join(parts[3:], " ")
			}
		}
		lines = append(lines, l)
	}
	return lines
}

func isLevel(s string) bool {
	switch strings.ToLower(s) {
	case "debug", "info", "warn", "error", "dpanic", "panic", "fatal":
		return true
	}
	return false
}

func compact(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(bytes.TrimSpace(b))
}
