// Package supervisord is the file kind for supervisord program sections:
// the etcd command line of command= (read as shell, in place) and the
// ETCD_* variables of environment=KEY="value",KEY2=value.
package supervisord

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/envassign"
	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the supervisord kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "supervisord" }

var programSection = fastre.MustCompile(`(?m)^[ \t]*\[program:[^\]\n]+\][ \t]*\r?$`)

func (kind) Match(_ string, src []byte) bool {
	return bytes.Contains(src, []byte("[program:")) && programSection.Match(src)
}

// line is one "key=value" line of a section.
type line struct {
	key        string
	start, end int // the value
	span       fact.Span
}

func (kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts := &fact.Facts{}
	var errs []*fact.ParseError
	var program []line
	flush := func() {
		procs, perrs := programFacts(src, program, schema)
		facts.Processes = append(facts.Processes, procs...)
		errs = append(errs, perrs...)
		program = nil
	}
	inProgram := false
	for l := range textedit.Lines(src) {
		off, text := l.Start, l.Text
		trimmed := bytes.TrimSpace(text)
		switch {
		case len(trimmed) > 0 && trimmed[0] == '[':
			flush()
			inProgram = bytes.HasPrefix(trimmed, []byte("[program:"))
		case !inProgram || len(trimmed) == 0 || trimmed[0] == '#' || trimmed[0] == ';':
		default:
			eq := bytes.IndexAny(text, "=:")
			if eq < 0 {
				break
			}
			v := off + eq + 1
			for v < off+len(text) && (src[v] == ' ' || src[v] == '\t') {
				v++
			}
			program = append(program, line{key: strings.TrimSpace(string(text[:eq])), start: v, end: off + len(text), span: fact.Span{Start: off, End: off + len(text)}})
		}
	}
	flush()
	return facts, errs
}

func programFacts(src []byte, lines []line, schema fact.Schema) ([]*fact.Process, []*fact.ParseError) {
	var procs []*fact.Process
	var errs []*fact.ParseError
	var env []*fact.Setting
	items := map[*fact.Setting]item{}
	for _, l := range lines {
		switch l.key {
		case "command":
			code := expansions.ReplaceAllStringFunc(string(src[l.start:l.end]), asTemplate)
			offs := make([]int, len(code)+1)
			for i := range offs {
				offs[i] = l.start + i
			}
			p, e := shellcmd.ParseCommand(code, offs, schema)
			procs, errs = append(procs, p...), append(errs, e...)
		case "environment":
			env = append(env, environment(src, l, schema, items)...)
		}
	}
	if len(env) == 0 {
		return procs, errs
	}
	var main *fact.Process
	for _, p := range procs {
		if p.Form == fact.CommandLine {
			main = p
			break
		}
	}
	if main == nil {
		main = &fact.Process{Form: fact.EnvFile, Partial: true, Anchor: env[0].Span}
		procs = append(procs, main)
	}
	for _, s := range env {
		s.Process = main
	}
	main.Settings = append(env, main.Settings...)
	main.Render = &renderer{items: items, cmd: main.Render}
	return procs, errs
}

// expansions are supervisord's %(name)s: it expands them before running
// the command.
var expansions = regexp.MustCompile(`%\([A-Za-z0-9_]+\)[sd]`)

// asTemplate writes an expansion as template markup of the same length,
// so the shell parser reads a dynamic word where "(" would be a syntax
// error.
func asTemplate(e string) string { return "{{" + e[2:len(e)-2] + "}}" }

// item is where an environment= assignment sits.
type item struct {
	line fact.Span
	only bool
}

// environment reads KEY="value",KEY2=value; commas inside quotes belong to
// the value.
func environment(src []byte, l line, schema fact.Schema, items map[*fact.Setting]item) []*fact.Setting {
	type piece struct{ start, end int }
	var pieces []piece
	quote := byte(0)
	start := l.start
	for i := l.start; i <= l.end; i++ {
		if i == l.end || quote == 0 && src[i] == ',' {
			if s := bytes.TrimSpace(src[start:i]); len(s) > 0 {
				lead := start + bytes.Index(src[start:i], s)
				pieces = append(pieces, piece{lead, lead + len(s)})
			}
			start = i + 1
			continue
		}
		switch c := src[i]; {
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case c == quote:
			quote = 0
		}
	}
	var out []*fact.Setting
	for _, p := range pieces {
		eq := bytes.IndexByte(src[p.start:p.end], '=')
		if eq < 0 {
			continue
		}
		name := strings.TrimSpace(string(src[p.start : p.start+eq]))
		if !strings.HasPrefix(name, "ETCD_") {
			continue
		}
		vs := p.start + eq + 1
		raw := string(src[vs:p.end])
		value := raw
		if len(raw) >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[len(raw)-1] == raw[0] {
			value = raw[1 : len(raw)-1]
		}
		s := &fact.Setting{
			Name: schema.FlagForEnv(name), Surface: fact.Env, Raw: name,
			Span: fact.Span{Start: p.start, End: p.end}, NameSpan: fact.Span{Start: p.start, End: p.start + len(name)},
			Value: value, HasValue: true, ValueSpan: fact.Span{Start: vs, End: p.end},
			Templated: strings.Contains(value, "%(") || strings.Contains(value, "{{"),
		}
		items[s] = item{line: l.span, only: len(pieces) == 1}
		out = append(out, s)
	}
	return out
}

// renderer renders environment= items itself and flags through the command
// line's renderer.
type renderer struct {
	items map[*fact.Setting]item
	cmd   fact.Renderer
}

func (r *renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	it, isEnv := r.items[in.Setting]
	switch {
	case isEnv && in.Kind == fact.Replace:
		return envassign.RenderReplace(src, in), nil
	case isEnv && in.Kind == fact.Remove:
		if it.only {
			return []fact.Edit{textedit.RemoveLines(src, it.line)}, nil
		}
		if e, ok := textedit.RemoveListItems(src, in.Setting.Span); ok {
			return []fact.Edit{e}, nil
		}
		return []fact.Edit{cmdline.RemoveWords(src, in.Setting.Span)}, nil
	case r.cmd != nil:
		return r.cmd.Render(src, in)
	}
	return nil, fmt.Errorf("supervisord: cannot render intent %d without an etcd command line", in.Kind)
}
