// Package envassign reads and writes KEY=VALUE assignments as env files,
// here-documents and Environment= lines hold them.
package envassign

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// ParseInto reads the assignments in src[start:end] (an env file, or a
// heredoc body inside a script) into proc. Offsets are into src.
func ParseInto(proc *fact.Process, src []byte, start, end int, schema fact.Schema) []*fact.ParseError {
	masked := template.Mask(src[:end])
	text := masked.Src
	if start == 0 && bytes.HasPrefix(src, []byte("\ufeff")) {
		start = 3 // a UTF-8 byte order mark
	}
	var errs []*fact.ParseError
	for off := start; off < end; {
		lineEnd := textedit.LineEnd(text, off)
		s, err := parseLine(text, off, min(lineEnd, end), schema)
		if err != nil {
			errs = append(errs, err)
		}
		if s != nil {
			s.Templated = masked.Templated(s.ValueSpan)
			s.Value = string(unquote(src[s.ValueSpan.Start:s.ValueSpan.End]))
			s.Process = proc
			proc.Settings = append(proc.Settings, s)
		}
		off = lineEnd
	}
	return errs
}

var name = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// parseLine reads one line; only ETCD_* variables become settings.
func parseLine(src []byte, start, end int, schema fact.Schema) (*fact.Setting, *fact.ParseError) {
	line := src[start:end]
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	rest := bytes.TrimRight(line[i:], "\r\n")
	if len(rest) == 0 || rest[0] == '#' || rest[0] == ';' {
		return nil, nil
	}
	if r, ok := bytes.CutPrefix(rest, []byte("export")); ok && len(r) > 0 && (r[0] == ' ' || r[0] == '\t') {
		trimmed := bytes.TrimLeft(r, " \t")
		i += len(rest) - len(trimmed)
		rest = trimmed
	}
	eq := bytes.IndexByte(rest, '=')
	if eq < 0 {
		if bytes.Trim(rest, "x ") == nil {
			return nil, nil // a masked template line
		}
		return nil, &fact.ParseError{Offset: start + i, Msg: fmt.Sprintf("expected NAME=VALUE, found %q", truncate(rest))}
	}
	key := string(rest[:eq])
	if !name.MatchString(key) {
		if strings.Trim(key, "x") == "" {
			return nil, nil
		}
		return nil, &fact.ParseError{Offset: start + i, Msg: fmt.Sprintf("invalid variable name %q", key)}
	}
	if !strings.HasPrefix(key, "ETCD_") {
		return nil, nil
	}
	valStart := start + i + eq + 1
	valEnd := valStart + valueLen(src[valStart:start+i+len(rest)])
	return &fact.Setting{
		Name:      schema.FlagForEnv(key),
		Surface:   fact.Env,
		Raw:       key,
		Span:      fact.Span{Start: start + i, End: valEnd},
		NameSpan:  fact.Span{Start: start + i, End: start + i + eq},
		ValueSpan: fact.Span{Start: valStart, End: valEnd},
		HasValue:  true,
	}, nil
}

// valueLen is the length of the value at the start of v: a quoted string,
// or everything up to a " #" comment or the end of line.
func valueLen(v []byte) int {
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		for j := 1; j < len(v); j++ {
			if v[j] == '\\' && v[0] == '"' {
				j++
				continue
			}
			if v[j] == v[0] {
				return j + 1
			}
		}
		return len(v)
	}
	if i := bytes.Index(v, []byte(" #")); i >= 0 {
		v = v[:i]
	}
	return len(bytes.TrimRight(v, " \t"))
}

func unquote(v []byte) []byte {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		inner := v[1 : len(v)-1]
		if v[0] == '"' {
			return []byte(strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\$`, `$`).Replace(string(inner)))
		}
		return inner
	}
	return v
}

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// Renderer renders intents on env-file assignments.
type Renderer struct{}

// Render implements fact.Renderer.
func (Renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	switch in.Kind {
	case fact.Replace:
		return RenderReplace(src, in), nil
	case fact.Remove:
		return []fact.Edit{textedit.RemoveLines(src, in.Setting.Span)}, nil
	case fact.Add:
		last := 0
		for _, s := range in.Process.Settings {
			last = max(last, s.Span.End)
		}
		if len(in.Process.Settings) == 0 {
			last = max(len(src)-1, 0)
		}
		return []fact.Edit{textedit.InsertLineAfter(src, last, fact.EnvName(in.Name)+"="+textedit.Requote("", *in.Value))}, nil
	}
	return nil, fmt.Errorf("env file: cannot render intent %d", in.Kind)
}

// RenderReplace renames an assignment and/or changes its value, keeping
// the value's quoting. Kinds that embed KEY=VALUE assignments reuse it.
func RenderReplace(src []byte, in fact.Intent) []fact.Edit {
	s := in.Setting
	var edits []fact.Edit
	if in.Name != "" && in.Name != s.Name {
		edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: fact.EnvName(in.Name)})
	}
	if in.Value != nil {
		old := string(src[s.ValueSpan.Start:s.ValueSpan.End])
		edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: textedit.Requote(old, *in.Value)})
	}
	return edits
}
