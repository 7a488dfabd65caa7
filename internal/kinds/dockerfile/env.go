package dockerfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// envItem is where an ENV assignment sits, for rendering.
type envItem struct {
	instruction fact.Span
	// only is true when the assignment is the instruction's only one.
	only bool
	// legacy is the "ENV KEY value" form: the value is the rest of the line.
	legacy bool
}

var envName = regexp.MustCompile(`^ETCD_[A-Za-z0-9_]*$`)

// env reads the ETCD_* assignments of an ENV instruction, in both forms.
func (p *parser) env(in instruction) []*fact.Setting {
	words := p.words(in.start, in.end)
	if len(words) == 0 {
		return nil
	}
	span := fact.Span{Start: in.at, End: in.end}
	if !strings.Contains(words[0].Value, "=") {
		// legacy "ENV KEY value with spaces"
		name := words[0].Value
		if !envName.MatchString(name) || len(words) < 2 {
			return nil
		}
		last := words[len(words)-1]
		var vals []string
		for _, w := range words[1:] {
			vals = append(vals, w.Value)
		}
		s := &fact.Setting{
			Name: p.schema.FlagForEnv(name), Surface: fact.Env, Raw: name,
			Span: fact.Span{Start: words[0].Span.Start, End: last.Span.End}, NameSpan: words[0].Span,
			Value: strings.Join(vals, " "), HasValue: true,
			ValueSpan: fact.Span{Start: words[1].Span.Start, End: last.Span.End},
		}
		for _, w := range words[1:] {
			s.Templated = s.Templated || w.Dynamic
		}
		p.envs[s] = envItem{instruction: span, only: true, legacy: true}
		return []*fact.Setting{s}
	}
	var out []*fact.Setting
	for _, w := range words {
		name, value, ok := strings.Cut(w.Value, "=")
		if !ok || !envName.MatchString(name) {
			continue
		}
		s := &fact.Setting{
			Name: p.schema.FlagForEnv(name), Surface: fact.Env, Raw: name,
			Span: w.Span, NameSpan: fact.Span{Start: w.Offset(0), End: w.Offset(len(name))},
			Value: value, HasValue: true,
			ValueSpan: fact.Span{Start: w.Offset(len(name)) + 1, End: w.Span.End},
			Templated: w.Dynamic,
		}
		p.envs[s] = envItem{instruction: span, only: len(words) == 1}
		out = append(out, s)
	}
	return out
}

// words splits text[start:end] the way Docker's ENV does: quotes, the
// escape character, escaped line breaks; $VAR makes a word Dynamic.
func (p *parser) words(start, end int) []cmdline.Word {
	t := p.text
	var out []cmdline.Word
	for i := start; i < end; {
		if c := t[i]; c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			i++
			continue
		}
		if t[i] == p.esc && i+1 < end && (t[i+1] == '\n' || t[i+1] == '\r') {
			i += 2
			continue
		}
		w := cmdline.Word{Span: fact.Span{Start: i}}
		var val []byte
		quote := byte(0)
		valEnd := i
		for i < end && (quote != 0 || !bytes.ContainsRune([]byte(" \t\r\n"), rune(t[i]))) {
			c := t[i]
			switch {
			case quote != '\'' && c == p.esc && i+1 < end:
				if t[i+1] == '\n' || t[i+1] == '\r' {
					i += 2
					continue
				}
				val = append(val, t[i+1])
				w.Offsets = append(w.Offsets, i)
				i += 2
				valEnd = i
				continue
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case quote != 0 && c == quote:
				quote = 0
			default:
				if c == '$' && quote != '\'' {
					w.Dynamic = true
				}
				val = append(val, c)
				w.Offsets = append(w.Offsets, i)
				valEnd = i + 1
			}
			i++
		}
		w.Value = string(val)
		w.Offsets = append(w.Offsets, valEnd)
		w.Span.End = i
		w.Dynamic = w.Dynamic || p.masked.Templated(w.Span)
		out = append(out, w)
	}
	return out
}

// renderer renders intents on a stage: ENV assignments itself, flags and
// additions through the command's renderer.
type renderer struct {
	envs map[*fact.Setting]envItem
	// esc is the file's escape character, which continues lines.
	esc byte
	cmd fact.Renderer
	// addAfter is where an ENV line goes when there is no command line.
	addAfter int
}

func (r *renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	item, isEnv := r.envs[in.Setting]
	switch {
	case in.Setting != nil && isEnv && in.Kind == fact.Remove:
		if item.only {
			return []fact.Edit{textedit.RemoveLines(src, item.instruction)}, nil
		}
		return []fact.Edit{removeEnvWord(src, in.Setting.Span, r.esc)}, nil
	case in.Setting != nil && isEnv && in.Kind == fact.Replace:
		s := in.Setting
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: fact.EnvName(in.Name)})
		}
		if in.Value != nil {
			v := *in.Value
			if !item.legacy {
				v = textedit.Requote(string(src[s.ValueSpan.Start:s.ValueSpan.End]), v)
			}
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: v})
		}
		return edits, nil
	case r.cmd != nil:
		return r.cmd.Render(src, in)
	case in.Kind == fact.Add && in.Value != nil:
		// the new line carries the indentation of the line it follows (a
		// Dockerfile inside a Markdown list item or a YAML block)
		ls := textedit.LineStart(src, r.addAfter-1)
		indent := src[ls : ls+len(src[ls:r.addAfter])-len(bytes.TrimLeft(src[ls:r.addAfter], " \t"))]
		return []fact.Edit{textedit.InsertLineAfter(src, r.addAfter-1, string(indent)+"ENV "+fact.EnvName(in.Name)+"="+textedit.Requote("", *in.Value))}, nil
	}
	return nil, fmt.Errorf("dockerfile: cannot render intent %d without an etcd command", in.Kind)
}

// execRenderer renders intents on an exec-form JSON array.
type execRenderer struct {
	// insertAt is the end of the array's last string.
	insertAt int
}

func jsonQuote(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (r *execRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	switch in.Kind {
	case fact.Replace:
		s := in.Setting
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: in.Name})
		}
		if in.Value == nil {
			return edits, nil
		}
		quoted := jsonQuote(*in.Value)
		switch {
		case !s.HasValue:
			edits = append(edits, fact.Edit{Span: fact.Span{Start: s.NameSpan.End, End: s.NameSpan.End}, NewText: "=" + quoted[1:len(quoted)-1]})
		case src[s.ValueSpan.Start] == '"':
			// a separate item
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: quoted})
		default:
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: quoted[1 : len(quoted)-1]})
		}
		return edits, nil
	case fact.Remove:
		e, _ := textedit.RemoveListItems(src, in.Setting.Span)
		return []fact.Edit{e}, nil
	case fact.Add:
		return []fact.Edit{{Span: fact.Span{Start: r.insertAt, End: r.insertAt}, NewText: ", " + jsonQuote("--"+in.Name+"="+*in.Value)}}, nil
	}
	return nil, fmt.Errorf("dockerfile exec form: cannot render intent %d", in.Kind)
}

// removeEnvWord deletes one KEY=value word of an ENV instruction. When
// the word is the first of the instruction ("ENV KEY=v \" with more on
// the next lines), the words of the next line move up after "ENV ", so no
// "ENV \" line is left; other words go as on a command line. esc is the
// file's escape character.
func removeEnvWord(src []byte, span fact.Span, esc byte) fact.Edit {
	if esc != '\\' {
		// the same bytes with esc as the backslash that continues lines
		b := make([]byte, len(src))
		for i, c := range src {
			switch c {
			case esc:
				c = '\\'
			case '\\':
				c = 'x'
			}
			b[i] = c
		}
		src = b
	}
	ls := textedit.LineStart(src, span.Start)
	before := bytes.TrimRight(src[ls:span.Start], " \t")
	if f := bytes.Fields(before); len(f) == 1 && strings.EqualFold(string(f[0]), "ENV") {
		j := span.End
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if j < len(src) && src[j] == '\\' {
			k := j + 1
			if k < len(src) && src[k] == '\r' {
				k++
			}
			if k < len(src) && src[k] == '\n' {
				k++
				for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
					k++
				}
				return fact.Edit{Span: fact.Span{Start: span.Start, End: k}}
			}
		}
	}
	return cmdline.RemoveWords(src, span)
}
