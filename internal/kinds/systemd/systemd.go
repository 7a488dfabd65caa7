// Package systemd is the file kind for systemd service units and their
// drop-ins: the etcd command line of ExecStart= (prefixes, quoting, "\"
// continuations, $VAR words) and the ETCD_* variables of Environment=.
package systemd

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the systemd unit kind. The shell code of ExecStart= lines
// ("/bin/sh -c '…'") is read with shellcmd, for etcd and its clients alike.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "systemd" }

// unitStart is a unit's first meaningful line: a section header.
var unitStart = regexp.MustCompile(`^(?:[ \t]*(?:[#;][^\n]*)?\r?\n)*[ \t]*\[[A-Za-z]+\][ \t]*\r?\n`)

var serviceSection = fastre.MustCompile(`(?m)^[ \t]*\[Service\][ \t]*\r?$`)

func (kind) Match(p string, src []byte) bool {
	base := strings.TrimSuffix(path.Base(p), ".j2")
	switch {
	case strings.HasSuffix(base, ".service"):
		return true
	case strings.HasSuffix(path.Base(path.Dir(p)), ".service.d") && strings.HasSuffix(base, ".conf"):
		return true
	}
	// any other file that reads like a unit with a [Service] section
	// the cheap tests first: masking templates costs a copy of the file
	return bytes.Contains(src, []byte("[Service]")) && serviceSection.Match(src) && unitStart.Match(template.Mask(src).Src)
}

func (kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	procs, errs := parseUnit(src, schema)
	facts := &fact.Facts{Processes: procs}
	clients(facts, src, schema)
	return facts, errs
}

// clientKeys are the directives whose command lines may run clients.
var clientKeys = map[string]bool{"ExecStartPre": true, "ExecStart": true, "ExecStartPost": true}

// clients adds the client facts of the unit's command lines to facts. A
// line is read as shell code after its "-@+!:|" prefixes; its syntax errors
// are not reported, as systemd's quoting is not the shell's.
func clients(facts *fact.Facts, src []byte, schema fact.Schema) {
	m := template.Mask(src)
	u := &unit{src: src, masked: m, schema: schema}
	lines := map[string][]directive{}
	// env is the unit's environment: systemd applies every Environment=
	// line to every command, wherever it stands in the section
	var env []cmdline.Word
	for _, d := range directives(src, m.Src, 0, len(src)) {
		if d.key == "Environment" {
			if len(d.text) == 0 {
				env = nil // a drop-in's reset line
			}
			env = append(env, u.words(d, false)...)
			continue
		}
		if !clientKeys[d.key] {
			continue
		}
		if len(d.text) == 0 {
			lines[d.key] = nil // a drop-in's reset line
			continue
		}
		lines[d.key] = append(lines[d.key], d)
	}
	for _, key := range []string{"ExecStartPre", "ExecStart", "ExecStartPost"} {
		for _, d := range lines[key] {
			prefix, text, offs := d.commandLine()
			if strings.Contains(prefix, "@") {
				continue // argv[0] is the next word: not a shell command line
			}
			f := shellcmd.UnitClients(text, offs, env, schema)
			facts.Invocations = append(facts.Invocations, f.Invocations...)
			for _, e := range f.Endpoints {
				// ETCDCTL_ENDPOINTS of the environment comes with every
				// line that runs etcdctl: once is enough
				if !slices.ContainsFunc(facts.Endpoints, func(o *fact.Endpoint) bool {
					return o.Span == e.Span && o.Address == e.Address && o.Address != ""
				}) {
					facts.Endpoints = append(facts.Endpoints, e)
				}
			}
			facts.LogParsers = append(facts.LogParsers, f.LogParsers...)
		}
	}
}

// parseUnit reads the [Service] section of a unit.
func parseUnit(src []byte, schema fact.Schema) ([]*fact.Process, []*fact.ParseError) {
	m := template.Mask(src)
	u := &unit{src: src, masked: m, schema: schema}
	for _, d := range directives(src, m.Src, 0, len(src)) {
		u.directive(d)
	}
	return u.finish()
}

// directive is one logical "Key=value" line of the [Service] section.
type directive struct {
	key string
	// text is the value, continuations turned into spaces; offs maps each
	// byte of it (and one past its end) to a file offset.
	text []byte
	offs []int
	// span covers the directive from its key to the end of its last line.
	span fact.Span
}

// execPrefixes are the characters that may precede an Exec line's command.
const execPrefixes = "-@+!:|"

// commandLine is an Exec directive's value without its prefixes, with
// the file offset of each byte.
func (d directive) commandLine() (prefix, text string, offs []int) {
	n := len(d.text) - len(bytes.TrimLeft(d.text, execPrefixes))
	return string(d.text[:n]), string(d.text[n:]), d.offs[n:]
}

// directives splits src[start:end] into the directives of its [Service]
// section (or of a section-less fragment), joining "\" continuations the
// way systemd does: the backslash becomes a space and comment lines inside
// a continuation are skipped. src is the masked text; template lines
// ({% if %}) that mask to blanks are skipped too, as Ansible's trim_blocks
// removes them.
func directives(orig, src []byte, start, end int) []directive {
	var out []directive
	section := ""
	var cur *directive
	for off := start; off < end; {
		lineEnd := off + len(src[off:end])
		next := end
		if i := bytes.IndexByte(src[off:end], '\n'); i >= 0 {
			lineEnd, next = off+i, off+i+1
		}
		content := bytes.TrimRight(src[off:lineEnd], "\r")
		trimmed := bytes.TrimLeft(content, " \t")
		lead := off + len(content) - len(trimmed)
		isComment := len(trimmed) > 0 && (trimmed[0] == '#' || trimmed[0] == ';') ||
			len(trimmed) == 0 && len(bytes.TrimSpace(orig[off:lineEnd])) > 0
		switch {
		case cur != nil && isComment:
			off = next
			continue
		case cur != nil:
			cur.appendLine(src, off, content)
		case len(trimmed) == 0 || isComment:
		case trimmed[0] == '[':
			section = string(bytes.TrimSpace(trimmed))
		default:
			eq := bytes.IndexByte(trimmed, '=')
			if eq < 0 || section != "" && section != "[Service]" {
				break
			}
			d := &directive{key: string(bytes.TrimSpace(trimmed[:eq])), span: fact.Span{Start: lead}}
			v := lead + eq + 1
			for v < off+len(content) && (src[v] == ' ' || src[v] == '\t') {
				v++
			}
			cur = d
			cur.appendLine(src, v, content[v-off:])
		}
		if cur != nil && !cur.continued() {
			cur.trim()
			out = append(out, *cur)
			cur = nil
		}
		off = next
	}
	if cur != nil {
		cur.trim()
		out = append(out, *cur)
	}
	return out
}

func (d *directive) appendLine(src []byte, off int, content []byte) {
	if len(d.offs) > 0 {
		d.offs = d.offs[:len(d.offs)-1]
	}
	for i, b := range content {
		d.text = append(d.text, b)
		d.offs = append(d.offs, off+i)
	}
	d.offs = append(d.offs, off+len(content))
	d.span.End = off + len(content)
}

// continued reports whether the text so far ends in a continuation
// backslash; if so the backslash becomes a space. A doubled backslash
// counts too: it is how a script's unquoted heredoc writes one.
func (d *directive) continued() bool {
	t := bytes.TrimRight(d.text, " \t")
	if len(t) == 0 || t[len(t)-1] != '\\' {
		return false
	}
	if len(t) > 1 && t[len(t)-2] == '\\' {
		t[len(t)-2] = ' '
	}
	d.text = append(t[:len(t)-1], ' ')
	d.offs = append(d.offs[:len(t)], d.offs[len(t)-1]+1)
	return true
}

func (d *directive) trim() {
	d.text = bytes.TrimRight(d.text, " \t")
	d.offs = d.offs[:len(d.text)+1]
}

// words splits a directive value with systemd's quoting: "…" and '…'
// anywhere in a word, C escapes, "$$" and "%%". $VAR, ${VAR}, %x specifiers
// and template markup make a word Dynamic; their text is kept as written.
// An unquoted ";" word ends the first command. Environment= (exec false)
// takes "$" literally.
func (u *unit) words(d directive, exec bool) []cmdline.Word {
	var out []cmdline.Word
	text, offs := d.text, d.offs
	orig := func(i int) byte { return u.src[offs[i]] }
	for i := 0; i < len(text); {
		if text[i] == ' ' || text[i] == '\t' {
			i++
			continue
		}
		var w cmdline.Word
		var val []byte
		var vo []int
		// valEnd is the offset after the raw text of the last decoded byte
		valEnd := offs[i]
		emit := func(b byte, at int) { val = append(val, b); vo = append(vo, at) }
		first := i
		quote := byte(0)
		for i < len(text) && (quote != 0 || text[i] != ' ' && text[i] != '\t') {
			c, emitted := text[i], len(val)
			switch {
			case u.masked.Templated(fact.Span{Start: offs[i], End: offs[i] + 1}):
				w.Dynamic = true
				emit(orig(i), offs[i])
				i++
			case c == '\\' && i+1 < len(text):
				b := text[i+1]
				switch b {
				case 'n':
					b = '\n'
				case 't':
					b = '\t'
				}
				emit(b, offs[i])
				i += 2
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
				i++
			case quote != 0 && c == quote:
				quote = 0
				i++
			case (c == '%' || exec && c == '$') && i+1 < len(text) && text[i+1] == c:
				emit(c, offs[i])
				i += 2
			case exec && c == '$' && i+1 < len(text) && text[i+1] == '{':
				w.Dynamic = true
				for i < len(text) {
					emit(text[i], offs[i])
					i++
					if text[i-1] == '}' {
						break
					}
				}
			case c == '%' && i+1 < len(text):
				w.Dynamic = true
				emit(c, offs[i])
				emit(text[i+1], offs[i+1])
				i += 2
			case exec && c == '$':
				w.Dynamic = true
				emit(c, offs[i])
				i++
				for i < len(text) && isNameByte(text[i]) {
					emit(text[i], offs[i])
					i++
				}
			default:
				emit(c, offs[i])
				i++
			}
			if len(val) > emitted {
				valEnd = offs[i-1] + 1
			}
		}
		w.Value = string(val)
		w.Span = fact.Span{Start: offs[first], End: offs[i-1] + 1}
		// the end of the value stops before a closing quote
		w.Offsets = append(vo, valEnd)
		if w.Value == ";" && !bytes.ContainsAny(text[first:i], `"'\`) {
			break
		}
		out = append(out, w)
	}
	return out
}

func isNameByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// sub is the word with its first n decoded bytes cut off (an ExecStart
// prefix).
func sub(w cmdline.Word, n int) cmdline.Word {
	w.Value = w.Value[n:]
	w.Offsets = w.Offsets[n:]
	w.Span.Start = w.Offsets[0]
	return w
}
