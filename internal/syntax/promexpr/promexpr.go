// Package promexpr finds the metric names a PromQL expression uses and maps
// them back to file offsets. The file kinds that hold PromQL (Prometheus
// rule files, Grafana dashboards, jsonnet mixins) decode their string
// syntax into a Text and hand it here.
package promexpr

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/promql/parser"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Text is a decoded string with the file offset of each of its bytes.
// Bytes that an escape sequence produced are stored as -(offset+1) of the
// escape, so that a name written with escapes is never taken as literal.
type Text struct {
	S    string
	Offs []int
}

// Literal returns a Text whose bytes are written as they are at off.
func Literal(s string, off int) Text {
	offs := make([]int, len(s))
	for i := range offs {
		offs[i] = off + i
	}
	return Text{S: s, Offs: offs}
}

// Slice is the part [i, j) of t.
func (t Text) Slice(i, j int) Text { return Text{S: t.S[i:j], Offs: t.Offs[i:j]} }

// Span maps the bytes [i, j) of t to the file. literal is false when the
// bytes are not written one for one in the file (an escape, a line fold).
func (t Text) Span(i, j int) (span fact.Span, literal bool) {
	if i >= j || j > len(t.Offs) {
		return fact.Span{}, false
	}
	at := func(k int) int {
		if t.Offs[k] < 0 {
			return -t.Offs[k] - 1
		}
		return t.Offs[k]
	}
	literal = true
	for k := i; k < j; k++ {
		if t.Offs[k] < 0 || k > i && t.Offs[k] != t.Offs[k-1]+1 {
			literal = false
		}
	}
	return fact.Span{Start: at(i), End: at(j-1) + 1}, literal
}

// Renamer renders metric renames for every kind: it replaces exactly the
// bytes of the name token.
type Renamer struct{}

// Render implements fact.Renderer.
func (Renamer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	m := in.Metric
	if m == nil || in.Kind != fact.Replace || in.Name == "" {
		return nil, fmt.Errorf("metric names can only be renamed")
	}
	if m.Span.End > len(src) || string(src[m.Span.Start:m.Span.End]) != m.Name {
		return nil, fmt.Errorf("%s is not written literally at its position", m.Name)
	}
	return []fact.Edit{{Span: m.Span, NewText: in.Name}}, nil
}

var promql = parser.NewParser(parser.Options{})

// Refs returns the metric names expr uses, with Context set on each. When
// expr is not PromQL, it falls back to a token scan and returns the parse
// error too.
func Refs(t Text, context string) ([]*fact.MetricRef, error) {
	expr, err := promql.ParseExpr(t.S)
	if err != nil {
		return Scan(t, context), err
	}
	var out []*fact.MetricRef
	parser.Inspect(expr, func(n parser.Node, path []parser.Node) error {
		vs, ok := n.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		inAbsent := false
		for _, p := range path {
			if c, ok := p.(*parser.Call); ok && (c.Func.Name == "absent" || c.Func.Name == "absent_over_time") {
				inAbsent = true
			}
		}
		for _, r := range selectorRefs(t, vs) {
			r.Context, r.InAbsent = context, inAbsent
			out = append(out, r)
		}
		return nil
	})
	return out, nil
}

// selectorRefs locates the name of one selector in its text: the leading
// identifier, a quoted name in braces, or a __name__ matcher.
func selectorRefs(t Text, vs *parser.VectorSelector) []*fact.MetricRef {
	start, end := int(vs.PosRange.Start), int(vs.PosRange.End)
	if start < 0 || end > len(t.S) || start >= end {
		return nil
	}
	text := t.S[start:end]
	var out []*fact.MetricRef
	if vs.Name != "" && strings.HasPrefix(text, vs.Name) {
		out = append(out, ref(t, start, start+len(vs.Name), vs.Name, fact.Selector))
	}
	brace := strings.IndexByte(text, '{')
	if brace < 0 {
		return out
	}
	for _, m := range matchers(text, brace+1) {
		if m.label != model.MetricNameLabel && m.label != "" {
			continue
		}
		switch m.op {
		case "=":
			out = append(out, ref(t, start+m.valStart, start+m.valEnd, m.value, fact.NameMatcher))
		case "=~":
			r := ref(t, start+m.valStart, start+m.valEnd, m.value, fact.NameRegex)
			r.Render = nil
			out = append(out, r)
		}
	}
	return out
}

func ref(t Text, i, j int, name string, use fact.MetricUse) *fact.MetricRef {
	span, literal := t.Span(i, j)
	r := &fact.MetricRef{Name: name, Span: span, Use: use}
	if literal && t.S[i:j] == name {
		r.Render = Renamer{}
	}
	return r
}

// matcher is one label matcher of a selector, with the offsets of its
// value inside the quotes. label is "" for a bare quoted metric name.
type matcher struct {
	label, op, value string
	valStart, valEnd int
}

// matchers reads the matchers of a selector already validated by the
// parser, from just after its opening brace.
func matchers(s string, i int) []matcher {
	var out []matcher
	skip := func(set string) {
		for i < len(s) && strings.ContainsRune(set, rune(s[i])) {
			i++
		}
	}
	for {
		skip(" \t\r\n,")
		if i >= len(s) || s[i] == '}' {
			return out
		}
		var m matcher
		quoted := isQuote(s[i])
		if quoted {
			val, n, ok := unquote(s[i:])
			if !ok {
				return out
			}
			m.label, m.valStart, m.valEnd = val, i+1, i+n-1
			i += n
		} else {
			j := i
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			if j == i {
				return out
			}
			m.label, i = s[i:j], j
		}
		skip(" \t\r\n")
		if quoted && (i >= len(s) || s[i] == ',' || s[i] == '}') {
			// {"name"}: a quoted string alone is the metric name.
			m.value, m.label, m.op = m.label, "", "="
			out = append(out, m)
			continue
		}
		j := i
		for j < len(s) && strings.ContainsRune("=!~", rune(s[j])) {
			j++
		}
		m.op, i = s[i:j], j
		skip(" \t\r\n")
		if i >= len(s) || !isQuote(s[i]) {
			return out
		}
		val, n, ok := unquote(s[i:])
		if !ok {
			return out
		}
		m.value, m.valStart, m.valEnd = val, i+1, i+n-1
		i += n
		out = append(out, m)
	}
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

func isIdent(c byte) bool {
	return c == '_' || c == ':' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// unquote reads a PromQL string literal at the start of s and returns its
// value and its length in s.
func unquote(s string) (string, int, bool) {
	q := s[0]
	for j := 1; j < len(s); j++ {
		if s[j] == '\\' && q != '`' {
			j++
			continue
		}
		if s[j] == q {
			lit := s[:j+1]
			if q == '\'' {
				lit = `"` + strings.ReplaceAll(strings.ReplaceAll(s[1:j], `\'`, `'`), `"`, `\"`) + `"`
			}
			v, err := strconv.Unquote(lit)
			return v, j + 1, err == nil
		}
	}
	return "", 0, false
}

// Scan is the conservative fallback where PromQL cannot be parsed (a
// template, a jsonnet string built by concatenation): every identifier
// with an underscore, on identifier boundaries, that is not a function
// call. Rules only act on names their tables know, so extra tokens are
// harmless; a name is never matched inside a longer identifier.
func Scan(t Text, context string) []*fact.MetricRef {
	var out []*fact.MetricRef
	s := t.S
	for i := 0; i < len(s); {
		if !isIdent(s[i]) || '0' <= s[i] && s[i] <= '9' || i > 0 && (isIdent(s[i-1]) || s[i-1] == '$' || s[i-1] == '.') {
			i++
			continue
		}
		j := i
		for j < len(s) && isIdent(s[j]) {
			j++
		}
		name := s[i:j]
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		placeholder := i >= 2 && s[i-2:i] == "%(" // jsonnet's %(etcd_selector)s
		if strings.Contains(name, "_") && (k >= len(s) || s[k] != '(') && !placeholder && name != "group_left" && name != "group_right" {
			r := ref(t, i, j, name, fact.Selector)
			r.Context = context
			out = append(out, r)
		}
		i = j
	}
	return out
}

// grafanaVar matches Grafana's template variables: $name, ${name},
// ${name:format} and the old [[name]].
var grafanaVar = regexp.MustCompile(`\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[^\]]*\]\]`)

// MaskVariables replaces Grafana's template variables with PromQL of the
// same length, so the expression parses and offsets stay: a duration
// inside [ ] or after offset, an identifier elsewhere (a label, a number,
// a string's content all take one).
func MaskVariables(s string) string {
	locs := grafanaVar.FindAllStringIndex(s, -1)
	if locs == nil {
		return s
	}
	b := []byte(s)
	for _, l := range locs {
		before := strings.TrimRight(s[:l[0]], " \t")
		n := l[1] - l[0]
		fill := strings.Repeat("x", n)
		if strings.HasSuffix(before, "[") || strings.HasSuffix(before, ":") || strings.HasSuffix(before, "offset") {
			fill = strings.Repeat("0", n-2) + "1s"
		}
		copy(b[l[0]:l[1]], fill)
	}
	return string(b)
}
