// Package grafana is the file kind for Grafana dashboards (JSON): the
// PromQL of panel targets and of templating variables, in old (rows) and
// new (nested panels) schemas. Offsets are mapped through JSON string
// escapes, so a name next to \" lands on its own bytes.
package grafana

import (
	"bytes"
	"path"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/jsonpos"
	"github.com/etcdlint/etcdlint/internal/syntax/promexpr"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the Grafana dashboard kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "grafana-dashboard" }

func (kind) Match(p string, src []byte) bool {
	if path.Ext(p) != ".json" {
		return false
	}
	return (bytes.Contains(src, []byte(`"panels"`)) || bytes.Contains(src, []byte(`"rows"`))) &&
		(bytes.Contains(src, []byte(`"targets"`)) || bytes.Contains(src, []byte(`"templating"`)))
}

func (kind) Parse(_ string, src []byte, _ fact.Schema) (*fact.Facts, []*fact.ParseError) {
	root, err := jsonpos.Parse(src)
	facts := &fact.Facts{}
	if err != nil {
		return facts, []*fact.ParseError{{Offset: err.Offset, Msg: "invalid dashboard JSON: " + err.Msg}}
	}
	if dash := root.Get("dashboard"); dash != nil {
		root = dash // the API's {"dashboard": {...}} envelope
	}
	w := &walker{src: src, facts: facts}
	w.panels(root)
	if tmpl := root.Get("templating"); tmpl != nil {
		if list := tmpl.Get("list"); list != nil && list.Kind == '[' {
			for _, v := range list.Vals {
				w.variable(v)
			}
		}
	}
	return facts, nil
}

type walker struct {
	src   []byte
	facts *fact.Facts
}

// panels visits every panel wherever it nests: panels[], rows[].panels[],
// collapsed rows' panels[], library panels' model.
func (w *walker) panels(v *jsonpos.Value) {
	if v == nil {
		return
	}
	switch v.Kind {
	case '[':
		for _, item := range v.Vals {
			w.panels(item)
		}
	case '{':
		if targets := v.Get("targets"); targets != nil && targets.Kind == '[' {
			context := "panel"
			if t, ok := jsonText(w.src, v.Get("title")); ok && t.S != "" {
				context = "panel: " + t.S
			}
			for _, target := range targets.Vals {
				if t, ok := jsonText(w.src, target.Get("expr")); ok {
					w.expr(t, context)
				}
			}
		}
		for _, key := range []string{"panels", "rows", "model"} {
			w.panels(v.Get(key))
		}
	}
}

// expr adds the metric names of a PromQL string with Grafana variables.
func (w *walker) expr(t promexpr.Text, context string) {
	t.S = promexpr.MaskVariables(t.S)
	// Dashboards are full of half-templated queries: what does not parse is
	// token-scanned, and not reported.
	refs, _ := promexpr.Refs(t, context)
	w.facts.Metrics = append(w.facts.Metrics, refs...)
}

// variable handles one templating variable. Its query is PromQL or one of
// Grafana's Prometheus query functions, which are not PromQL:
// label_values(selector, label), query_result(expr), metrics(regex),
// label_names(selector).
func (w *walker) variable(v *jsonpos.Value) {
	q := v.Get("query")
	if q != nil && q.Kind == '{' {
		q = q.Get("query") // newer schema: {"query": "...", "refId": ...}
	}
	t, ok := jsonText(w.src, q)
	if !ok || strings.TrimSpace(t.S) == "" {
		return
	}
	context := "variable"
	if n, ok := jsonText(w.src, v.Get("name")); ok {
		context = "variable: " + n.S
	}
	trimmed := strings.TrimSpace(t.S)
	lead := strings.Index(t.S, trimmed)
	fn, args, ok := strings.Cut(trimmed, "(")
	if !ok || !strings.HasSuffix(args, ")") {
		w.expr(t, context)
		return
	}
	inner := t.Slice(lead+len(fn)+1, lead+len(trimmed)-1)
	switch strings.TrimSpace(fn) {
	case "label_values":
		if c := lastTopLevelComma(inner.S); c >= 0 {
			w.expr(inner.Slice(0, c), context)
		}
	case "label_names", "query_result":
		w.expr(inner, context)
	case "metrics":
		re := strings.TrimSpace(inner.S)
		if re == "" {
			return
		}
		at := strings.Index(inner.S, re)
		span, _ := inner.Span(at, at+len(re))
		w.facts.Metrics = append(w.facts.Metrics, &fact.MetricRef{Name: re, Span: span, Use: fact.NameRegex, Context: context})
	default:
		w.expr(t, context)
	}
}

// lastTopLevelComma finds the comma before the label of label_values,
// outside braces, parentheses and strings.
func lastTopLevelComma(s string) int {
	depth, last := 0, -1
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '{' || c == '(' || c == '[':
			depth++
		case c == '}' || c == ')' || c == ']':
			depth--
		case c == ',' && depth == 0:
			last = i
		}
	}
	return last
}
