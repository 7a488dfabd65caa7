package etcdconfig

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// keyLine is a "key: value" line (the value may be empty for a block of
// nested keys or list items).
var keyLine = fastre.MustCompile(`(?m)^( *)("?)([A-Za-z][A-Za-z0-9_.-]*)("?)[ \t]*:(?:[ \t]+([^#\r\n]*?))?[ \t]*(?:#.*)?\r?$`)

// scanLines reads the keys of a config file that does not parse as YAML
// (template markup that masking cannot hide, a stray tab) line by line, so
// one bad line does not hide the rest. Keys nested under the transport
// security blocks get their dotted names; the process is Partial since
// what the unread lines set is unknown.
func scanLines(src []byte, masked *template.Masked, schema fact.Schema) *fact.Process {
	proc := &fact.Process{Form: fact.ConfigFile, Partial: true, Render: lineRenderer{}}
	parent, parentIndent := "", -1
	for _, m := range keyLine.FindAllSubmatchIndex(masked.Src, -1) {
		indent := m[3] - m[2]
		key := string(masked.Src[m[6]:m[7]])
		if indent <= parentIndent {
			parent, parentIndent = "", -1
		}
		raw := key
		switch {
		case indent == 0 && nested[key] && m[10] < 0:
			parent, parentIndent = key, 0
			continue
		case m[10] < 0:
			continue // a block of something else, or no value at all
		case indent == 0:
		case parent != "":
			raw = parent + "." + key
		default:
			continue // a key of some other block
		}
		s := &fact.Setting{Name: schema.FlagForKey(raw), Surface: fact.ConfigKey, Raw: raw, Process: proc,
			NameSpan: fact.Span{Start: m[6], End: m[7]}, HasValue: true}
		s.Span = fact.Span{Start: m[4], End: m[1]}
		s.ValueSpan = fact.Span{Start: m[10], End: m[11]}
		s.Value = lineValue(string(src[m[10]:m[11]]))
		s.Templated = masked.Templated(s.ValueSpan)
		s.Span.End = m[11]
		proc.Settings = append(proc.Settings, s)
	}
	if len(proc.Settings) == 0 {
		return nil
	}
	proc.Anchor = proc.Settings[0].NameSpan
	return proc
}

// lineValue decodes a value written on one line: a quoted or plain scalar,
// or a flow list ([a, "b"]) as its items joined with commas.
func lineValue(v string) string {
	if inner, ok := strings.CutPrefix(v, "["); ok {
		items := strings.Split(strings.TrimSuffix(inner, "]"), ",")
		for i, it := range items {
			items[i] = strings.Trim(strings.TrimSpace(it), `"'`)
		}
		return strings.Join(items, ",")
	}
	return strings.Trim(v, `"'`)
}

// lineRenderer edits keys read line by line: in place, or a whole line.
type lineRenderer struct{}

func (lineRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	s := in.Setting
	switch in.Kind {
	case fact.Remove:
		return []fact.Edit{textedit.RemoveLines(src, s.Span)}, nil
	case fact.Replace:
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			if strings.Contains(s.Raw, ".") {
				return nil, fmt.Errorf("config file: cannot rename the nested key %s", s.Raw)
			}
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: in.Name})
			if in.Value == nil && listKeys[in.Name] && !strings.HasPrefix(string(src[s.ValueSpan.Start:s.ValueSpan.End]), "[") {
				// a list key takes a list: log-outputs: [stderr]
				edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: "[" + scalarText(s.Value) + "]"})
			}
		}
		if in.Value != nil {
			name := s.Name
			if in.Name != "" {
				name = in.Name
			}
			if listKeys[name] {
				return nil, fmt.Errorf("config file: write the value of %s by hand", name)
			}
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: scalarText(*in.Value)})
		}
		return edits, nil
	}
	return nil, fmt.Errorf("config file: cannot add a key to a file that does not parse")
}

var plainSafe = regexp.MustCompile(`^[A-Za-z0-9_./:-]+$`)

// scalarText writes a string value: plain when YAML reads it back as that
// string, else double-quoted.
func scalarText(v string) string {
	if plainSafe.MatchString(v) && resolve(v) == "str" {
		return v
	}
	return yamlpos.DoubleQuote(v)
}
