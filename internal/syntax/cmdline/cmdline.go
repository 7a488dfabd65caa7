// Package cmdline reads an etcd argument list the way etcd's Go flag
// package does, and renders intents on it. Host kinds (systemd, shell,
// Kubernetes, compose, Dockerfile) split their own syntax into words and
// hand them here.
package cmdline

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Word is one argument as the program will see it.
type Word struct {
	// Value is the decoded argument.
	Value string
	// Span is the argument as written, quotes included.
	Span fact.Span
	// Offsets maps each byte of Value (and one past its end) to an offset in
	// the file; nil means Value is written verbatim at Span.Start.
	Offsets []int
	// Dynamic is true when the value depends on expansion ($X, {{ }}).
	Dynamic bool
}

// Offset is the file offset of byte i of the decoded value.
func (w Word) Offset(i int) int {
	if w.Offsets == nil {
		return w.Span.Start + i
	}
	return w.Offsets[min(i, len(w.Offsets)-1)]
}

// Programs etcd flags belong to, by basename.
const (
	Etcd    = "etcd"
	Etcdctl = "etcdctl"
	Etcdutl = "etcdutl"
)

// Program is the etcd program a command word runs ("etcd", "etcdctl",
// "etcdutl"), or "".
func Program(word string) string {
	if m := programVar.FindStringSubmatch(strings.TrimSpace(word)); m != nil {
		return namedProgram(m[1])
	}
	if m := programTemplate.FindStringSubmatch(strings.TrimSpace(word)); m != nil {
		return namedProgram(m[1]) // {{ etcd_bin_path }}, <%= @etcdctl_bin %>
	}
	if m := programDefault.FindStringSubmatch(strings.TrimSpace(word)); m != nil {
		// ${2:-etcdctl}, ${ETCDCTL_BIN:-/usr/bin/etcdctl}: the fallback
		// names the program when the variable does not
		if p := namedProgram(m[1]); p != "" {
			return p
		}
		return Program(m[2])
	}
	base := path.Base(strings.TrimSpace(word))
	base = strings.TrimSuffix(base, ".exe")
	if m := versioned.FindStringSubmatch(base); m != nil {
		base = m[1] // etcd-3.0.17, etcdctl-${VERSION}: a release kept beside others
	}
	switch base {
	case Etcd, Etcdctl, Etcdutl:
		return base
	case "etcd.etcdctl", "etcd.etcdutl":
		return strings.TrimPrefix(base, "etcd.") // the etcd snap's commands
	case "etcd-wrapper":
		// Container Linux's etcd-member.service: the wrapper runs the etcd
		// image with its own arguments.
		return Etcd
	}
	return ""
}

var (
	// programVar is a command word that is one variable: "${ETCDCTL}".
	programVar = regexp.MustCompile(`^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$`)
	// programDefault is a variable or argument with a fallback: "${2:-etcdctl}".
	programDefault = regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+):?-([^{}$]+)\}$`)
	// programTemplate is a command word that is one template expression
	// of a variable: "{{ etcd_bin_path }}", "<%= @etcdctl_bin %>".
	programTemplate = regexp.MustCompile(`^(?:\{\{-?|<%=)[ \t]*[@$.]?([A-Za-z_][A-Za-z0-9_]*)[ \t]*-?(?:\}\}|%>)$`)
	// programSuffixes end the names scripts give the path of a program:
	// ETCD_BIN, ETCDCTL_PATH, etcd_bin_path.
	programSuffixes = []string{"_PATH", "_BIN", "_BINARY", "_CMD", "_EXEC", "_EXE"}
	// versioned is a program name with a release after it.
	versioned = regexp.MustCompile(`^(etcd|etcdctl|etcdutl)-v?(?:[0-9]+\.[0-9]|\$)`)
)

// namedProgram is the etcd program a variable's name says it holds:
// etcdctl or etcdutl by name (ETCDCTL), any of them with a suffix of a
// path or a command (ETCD_BIN, etcdctl_path, etcd_bin_path); "" for
// another name, and for ETCD alone (a prefix of many settings).
func namedProgram(name string) string {
	name = strings.ToUpper(name)
	suffixed := false
	for again := true; again; {
		again = false
		for _, s := range programSuffixes {
			if rest, ok := strings.CutSuffix(name, s); ok && rest != "" {
				name, suffixed, again = rest, true, true
			}
		}
	}
	switch name {
	case "ETCDCTL":
		return Etcdctl
	case "ETCDUTL":
		return Etcdutl
	case "ETCD":
		if suffixed {
			return Etcd
		}
	}
	return ""
}

// ProgramVariable is a pattern of a variable reference that may name an
// etcd program ($ETCDCTL, ${etcd_bin_path}), for a scan that looks for
// command words before Program decides which program, if any, it names.
var ProgramVariable = `\$\{?(?i:etcd(?:ctl|utl)?(?:` + strings.ToLower(strings.Join(programSuffixes, "|")) + `)*)\}?`

// IsShell reports whether prog is a POSIX-style shell that runs "-c CODE".
func IsShell(prog string) bool {
	switch path.Base(prog) {
	case "sh", "bash", "dash", "ash", "ksh", "mksh", "zsh":
		return true
	}
	return false
}

// ShellCode is the command string of "sh [options] -c CODE".
func ShellCode(args []Word) (Word, bool) {
	for i, a := range args {
		v := a.Value
		if len(v) < 2 || v[0] != '-' || v == "--" {
			break
		}
		if v[1] != '-' && strings.Contains(v, "c") && i+1 < len(args) {
			return args[i+1], true
		}
	}
	return Word{}, false
}

// flagName is a name Go's flag package can define.
var flagName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// subcommands of the etcd binary that are not an etcd server.
var subcommands = map[string]bool{"grpc-proxy": true, "gateway": true}

// Parse reads etcd's arguments (the words after the program word) into
// settings of proc. Like Go's flag package it stops at "--" and at the
// first argument that is not a flag; booleans take a value only with "=".
func Parse(proc *fact.Process, args []Word, schema fact.Schema) {
	if len(args) > 0 && (subcommands[args[0].Value] || !args[0].Dynamic && args[0].Value != "" && args[0].Value[0] != '-') {
		// "etcd grpc-proxy start", but also "etcd help" or prose such as
		// "etcd Version: 3.4.2" in a runbook: etcd runs no server for them.
		proc.Subcommand = args[0].Value
		return
	}
	for i := 0; i < len(args); i++ {
		w := args[i]
		v := w.Value
		if v == "--" || len(v) < 2 || v[0] != '-' {
			if w.Dynamic && (v == "" || strings.HasPrefix(v, "$")) {
				proc.Partial = true // "$@", $ETCD_ARGS: flags we cannot see
				continue
			}
			return
		}
		dashes := 1
		if v[1] == '-' {
			dashes = 2
		}
		body := v[dashes:]
		if body == "" || body[0] == '-' || body[0] == '=' {
			return // Go's flag package rejects these; etcd exits
		}
		name, value, hasValue := strings.Cut(body, "=")
		if !flagName.MatchString(name) {
			// --{{ setting }}="…" in a template's loop: a flag, but which
			// one only the rendering knows
			proc.Partial = true
			continue
		}
		s := &fact.Setting{
			Name:     name,
			Surface:  fact.Flag,
			Raw:      v[:dashes+len(name)],
			Span:     w.Span,
			NameSpan: fact.Span{Start: w.Offset(dashes), End: w.Offset(dashes + len(name))},
			Process:  proc,
		}
		if hasValue {
			s.Value, s.HasValue = value, true
			s.ValueSpan = fact.Span{Start: w.Offset(dashes + len(name) + 1), End: w.Offset(len(v))}
			s.Templated = w.Dynamic
		} else if !schema.IsBool(name) && i+1 < len(args) && takesValue(args[i+1], schema.IsBool(name)) {
			i++
			next := args[i]
			s.Value, s.HasValue = next.Value, true
			s.ValueSpan = next.Span
			if next.Span.Start >= w.Span.End {
				s.Span.End = next.Span.End
			} // else the value comes from a variable defined elsewhere: the span stays the flag word
			s.Templated = next.Dynamic
		}
		proc.Settings = append(proc.Settings, s)
	}
}

// takesValue reports whether the word after a non-boolean flag is its
// value. Go's flag package takes the next word whatever it is; for flags
// we do not know we assume a word starting with "-" is the next flag.
func takesValue(next Word, isBool bool) bool {
	return !isBool && (next.Value == "" || next.Value[0] != '-' || len(next.Value) == 1 || isNumber(next.Value))
}

func isNumber(s string) bool {
	for i, r := range s {
		if !(r >= '0' && r <= '9' || i == 0 && r == '-') {
			return false
		}
	}
	return true
}

// Renderer renders intents on a command line written as whitespace
// separated words, possibly split over lines with a trailing backslash
// (systemd units, shell scripts). Hosts with other syntax (YAML lists)
// have their own.
type Renderer struct {
	// Quote writes a value in the host syntax; nil uses QuoteShell.
	Quote func(string) string
	// InsertAt is where new flags go: the end of the last argument.
	InsertAt int
}

// Render implements fact.Renderer.
func (r *Renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	quote := r.Quote
	if quote == nil {
		quote = QuoteShell
	}
	switch in.Kind {
	case fact.Replace:
		return RenderReplace(src, in, quote), nil
	case fact.Remove:
		if s := in.Setting; s.HasValue && !s.Span.Contains(s.ValueSpan) {
			return nil, fmt.Errorf("the value of %s comes from a variable set elsewhere; delete the flag and its value by hand", s.Raw)
		}
		return []fact.Edit{RemoveWords(src, in.Setting.Span)}, nil
	case fact.Add:
		// After the last flag etcd parsed: when parsing stopped early (a
		// "[-wal-dir=x]" placeholder, "..." in a runbook) a flag written at
		// the very end would never be seen.
		at := -1
		for _, s := range in.Process.Settings {
			if s.Surface == fact.Flag && s.Span.End <= r.InsertAt {
				at = max(at, s.Span.End)
			}
		}
		if at < 0 {
			at = r.InsertAt
		}
		return []fact.Edit{{Span: fact.Span{Start: at, End: at}, NewText: " --" + in.Name + "=" + quote(*in.Value)}}, nil
	}
	return nil, fmt.Errorf("command line: cannot render intent %d", in.Kind)
}

// RenderReplace renames a flag and/or sets its value, in place.
func RenderReplace(src []byte, in fact.Intent, quote func(string) string) []fact.Edit {
	s := in.Setting
	var edits []fact.Edit
	if in.Name != "" && in.Name != s.Name {
		edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: in.Name})
	}
	if in.Value == nil {
		return edits
	}
	switch {
	case !s.HasValue:
		edits = append(edits, fact.Edit{Span: fact.Span{Start: s.NameSpan.End, End: s.NameSpan.End}, NewText: "=" + *in.Value})
	case !bytes.HasPrefix(src[s.NameSpan.End:], []byte("=")):
		// a separate value word: requote it as a whole
		edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: quote(*in.Value)})
	default:
		edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: *in.Value})
	}
	return edits
}

// QuoteShell quotes a value for a shell-like command line when it needs it.
func QuoteShell(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\n\"'\\$`#;&|<>(){}*?[]~") {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// RemoveWords deletes the words of span from a whitespace-separated
// command line. When they fill a continuation line ("  --debug \"), the
// whole line goes; when they are the last line of a continued command, the
// backslash that led to them goes too, so no dangling "\" is left.
func RemoveWords(src []byte, span fact.Span) fact.Edit {
	lineStart := bytes.LastIndexByte(src[:span.Start], '\n') + 1
	lineEnd := len(src)
	if i := bytes.IndexByte(src[span.End:], '\n'); i >= 0 {
		lineEnd = span.End + i
	}
	before := src[lineStart:span.Start]
	after := bytes.TrimRight(src[span.End:lineEnd], "\r")
	afterTrim := bytes.TrimSpace(after)
	if len(bytes.TrimSpace(before)) == 0 && lineStart > 0 {
		switch {
		case string(afterTrim) == `\`:
			// a whole continuation line
			return fact.Edit{Span: fact.Span{Start: lineStart, End: min(lineEnd+1, len(src))}}
		case len(afterTrim) == 0 && continues(src, lineStart):
			// the last line of a continued command: cut from the previous backslash
			prevEnd := lineStart - 1
			if prevEnd > 0 && src[prevEnd-1] == '\r' {
				prevEnd--
			}
			bs := bytes.LastIndexByte(src[:prevEnd], '\\')
			start := bs
			for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
				start--
			}
			return fact.Edit{Span: fact.Span{Start: start, End: span.End + (len(after) - len(bytes.TrimLeft(after, " \t")))}}
		}
	}
	start := span.Start
	for start > lineStart && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	if start == lineStart || (start > 0 && src[start-1] == '=') {
		// first word on its line (or right after "ExecStart="): eat the spaces after it instead
		end := span.End
		for end < lineEnd && (src[end] == ' ' || src[end] == '\t') {
			end++
		}
		return fact.Edit{Span: fact.Span{Start: span.Start, End: end}}
	}
	return fact.Edit{Span: fact.Span{Start: start, End: span.End}}
}

// continues reports whether the line before lineStart ends with a
// backslash continuation.
func continues(src []byte, lineStart int) bool {
	prev := bytes.TrimRight(src[:lineStart-1], "\r \t")
	return len(prev) > 0 && prev[len(prev)-1] == '\\'
}

// etcdOnly are flags no program but etcd has: next to them, a list of
// arguments is etcd's even where the program word is a variable.
var etcdOnly = map[string]bool{
	"listen-client-urls": true, "listen-peer-urls": true, "listen-metrics-urls": true,
	"advertise-client-urls": true, "initial-advertise-peer-urls": true,
	"initial-cluster": true, "initial-cluster-token": true, "initial-cluster-state": true,
	"enable-v2": true, "log-package-levels": true, "enable-grpc-gateway": true,
	"snapshot-count": true, "heartbeat-interval": true, "election-timeout": true,
	"quota-backend-bytes": true, "auto-compaction-retention": true, "auto-compaction-mode": true,
	"wal-dir": true, "force-new-cluster": true, "strict-reconfig-check": true,
	"max-snapshots": true, "max-wals": true, "backend-bbolt-freelist-type": true,
	"discovery-srv": true, "peer-cert-file": true, "peer-key-file": true,
	"peer-trusted-ca-file": true, "peer-client-cert-auth": true, "peer-auto-tls": true,
	"client-cert-auth": true, "unsafe-no-fsync": true,
}

// EtcdOnly reports a flag (without dashes) that only etcd has.
func EtcdOnly(flag string) bool {
	return etcdOnly[flag] || strings.HasPrefix(flag, "experimental-")
}

// EtcdOnlyArgs reports an argument list with a flag no other program has.
func EtcdOnlyArgs(args []Word, schema fact.Schema) bool {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a.Value, "-"), "=")
		if strings.HasPrefix(a.Value, "-") && EtcdOnly(name) && schema.Defines(name) {
			return true
		}
	}
	return false
}
