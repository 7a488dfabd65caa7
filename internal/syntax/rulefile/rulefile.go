// Package rulefile reads Prometheus rule files (groups:), PrometheusRule
// custom resources (spec.groups) and ConfigMaps that carry a rule file, also
// as Helm templates, wherever they are: on their own or in a program's
// string literal. Rule groups are validated with
// Prometheus' own rulefmt; every expr is parsed as PromQL and the metric
// names it uses are mapped back through the YAML scalar to file bytes.
package rulefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	"go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/promexpr"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var (
	groupsKey  = fastre.MustCompile(`(?m)^[ \t]*groups:[ \t]*(#.*)?\r?$`)
	rulesKey   = fastre.MustCompile(`(?m)^[ \t]*-?[ \t]*(expr|alert|record):`)
	promRuleCR = fastre.MustCompile(`(?m)^kind:[ \t]*PrometheusRule[ \t]*\r?$`)
	// helmAction is Go-template markup of a Helm chart, as opposed to the
	// {{ $labels.x }} of Prometheus' own alert templates.
	helmAction = regexp.MustCompile(`\{\{-?\s*(\.|include|if|else|end|range|with|template|toYaml|tpl|define|\$\.)`)
)

// Looks reports whether src reads as a rule file: a PrometheusRule, or
// groups holding rules.
func Looks(src []byte) bool {
	return bytes.Contains(src, []byte("PrometheusRule")) && promRuleCR.Match(src) ||
		bytes.Contains(src, []byte("groups:")) && groupsKey.Match(src) && rulesKey.Match(src)
}

// Parse reads the metric names of every rule's expression and the names
// recording rules write. Groups are validated with rulefmt unless Helm
// markup was masked out of the file.
func Parse(src []byte) (*fact.Facts, []*fact.ParseError) {
	text := src
	helm := helmAction.Match(src)
	if helm {
		text = maskHelm(src)
	}
	d := yamlpos.New(text)
	ps := &parse{facts: &fact.Facts{}, validate: !helm}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ps.errs = append(ps.errs, &fact.ParseError{Offset: d.SyntaxError(err).Offset, Msg: err.Error()})
			break
		}
		if len(doc.Content) == 1 {
			ps.document(doc.Content[0], func(t promexpr.Text) promexpr.Text { return t }, d)
		}
	}
	return ps.facts, ps.errs
}

// maskHelm blanks Helm template markup: a line holding only an action
// ({{- if }}, {{- end }}) becomes empty, other markup becomes x's.
func maskHelm(src []byte) []byte {
	m := template.Mask(src)
	out := m.Src
	for _, e := range m.Expressions {
		ls := bytes.LastIndexByte(src[:e.Start], '\n') + 1
		le := len(src)
		if i := bytes.IndexByte(src[e.End:], '\n'); i >= 0 {
			le = e.End + i
		}
		if len(bytes.TrimSpace(src[ls:e.Start])) == 0 && len(bytes.TrimSpace(src[e.End:le])) == 0 {
			for k := e.Start; k < e.End; k++ {
				if out[k] != '\n' && out[k] != '\r' {
					out[k] = ' '
				}
			}
		}
	}
	return out
}

type parse struct {
	facts    *fact.Facts
	errs     []*fact.ParseError
	validate bool
}

// outer maps a Text decoded from a nested document back to the file.
type outer func(promexpr.Text) promexpr.Text

// document handles one YAML document of d (the file, or a rule file held
// in a ConfigMap value).
func (ps *parse) document(root *yaml.Node, up outer, d *yamlpos.Doc) {
	if root.Kind != yaml.MappingNode {
		return
	}
	if groups := yamlpos.Get(root, "groups"); groups != nil {
		ps.groups(groups, up, d)
		return
	}
	switch kindOf(root) {
	case "PrometheusRule":
		if groups := yamlpos.Get(yamlpos.Get(root, "spec"), "groups"); groups != nil {
			ps.groups(groups, up, d)
		}
	case "ConfigMap":
		data := yamlpos.Get(root, "data")
		if data == nil || data.Kind != yaml.MappingNode {
			return
		}
		for i := 1; i < len(data.Content); i += 2 {
			v := data.Content[i]
			if v.Kind != yaml.ScalarNode || !groupsKey.MatchString(v.Value) {
				continue
			}
			vt := up(scalarText(d, v))
			var inner yaml.Node
			if err := yaml.Unmarshal([]byte(v.Value), &inner); err != nil {
				ps.errs = append(ps.errs, &fact.ParseError{Offset: ps.at(vt, 0), Msg: fmt.Sprintf("rule file in ConfigMap key %s: %v", data.Content[i-1].Value, err)})
				continue
			}
			if len(inner.Content) == 1 {
				ps.document(inner.Content[0], compose(vt), yamlpos.New([]byte(v.Value)))
			}
		}
	}
}

// scalarText is the value of a scalar node with the offset in d of each
// byte, read by yamlpos. A byte not written one for one (made by an escape,
// a doubled quote or line folding) is stored as not literal. When yamlpos
// cannot map the scalar, every byte points at its start and none is
// literal.
func scalarText(d *yamlpos.Doc, n *yaml.Node) promexpr.Text {
	offs := make([]int, len(n.Value))
	sc, err := d.Scalar(n)
	for i := range offs {
		switch {
		case err != nil:
			offs[i] = -d.Start(n) - 1
		case sc.Verbatim(i):
			offs[i] = sc.Offsets[i]
		default:
			offs[i] = -sc.Offsets[i] - 1
		}
	}
	return promexpr.Text{S: n.Value, Offs: offs}
}

// compose maps offsets into a nested document's text through the Text that
// document was decoded from.
func compose(vt promexpr.Text) outer {
	return func(t promexpr.Text) promexpr.Text {
		offs := make([]int, len(t.Offs))
		for i, o := range t.Offs {
			lit := o >= 0
			if !lit {
				o = -o - 1
			}
			o = min(o, len(vt.Offs)-1)
			to := vt.Offs[o]
			if lit && to >= 0 {
				offs[i] = to
			} else if to >= 0 {
				offs[i] = -to - 1
			} else {
				offs[i] = to
			}
		}
		return promexpr.Text{S: t.S, Offs: offs}
	}
}

// at is the file offset of byte i of t (or of its start when empty).
func (ps *parse) at(t promexpr.Text, i int) int {
	if len(t.Offs) == 0 {
		return 0
	}
	o := t.Offs[min(i, len(t.Offs)-1)]
	if o < 0 {
		o = -o - 1
	}
	return o
}

func kindOf(root *yaml.Node) string {
	if k := yamlpos.Get(root, "kind"); k != nil {
		return k.Value
	}
	return ""
}

// groups extracts the metric references of every rule and validates the
// groups as Prometheus would load them.
func (ps *parse) groups(groups *yaml.Node, up outer, d *yamlpos.Doc) {
	pos := func(n *yaml.Node) int {
		return ps.at(up(promexpr.Literal(" ", d.Offset(n.Line, n.Column))), 0)
	}
	if groups.Kind != yaml.SequenceNode {
		ps.errs = append(ps.errs, &fact.ParseError{Offset: pos(groups), Msg: "groups: want a list of rule groups"})
		return
	}
	type ruleKey struct {
		group string
		index int
	}
	rulePos := map[ruleKey]int{}
	groupPos := map[string]int{}
	for _, g := range groups.Content {
		name := yamlpos.Get(g, "name")
		gname := ""
		if name != nil {
			gname = name.Value
		}
		groupPos[gname] = pos(g)
		rules := yamlpos.Get(g, "rules")
		if rules == nil || rules.Kind != yaml.SequenceNode {
			continue
		}
		for i, r := range rules.Content {
			rulePos[ruleKey{gname, i + 1}] = pos(r)
			ps.rule(r, up, d)
		}
	}
	if !ps.validate {
		return
	}
	for _, err := range validate(groups) {
		off := pos(groups)
		msg := err.Error()
		var re *rulefmt.Error
		if errors.As(err, &re) {
			if o, ok := rulePos[ruleKey{re.Group, re.Rule}]; ok {
				off = o
			}
			msg = fmt.Sprintf("group %q, rule %d (%s): %v", re.Group, re.Rule, re.RuleName, errors.Unwrap(&re.Err))
		}
		ps.errs = append(ps.errs, &fact.ParseError{Offset: off, Msg: "invalid rule: " + positionPrefix.ReplaceAllString(msg, "")})
	}
}

// positionPrefix is the "line:col: " rulefmt puts before some messages; its
// positions are of the re-encoded groups, not of the file.
var positionPrefix = regexp.MustCompile(`^\d+:\d+: `)

// validate loads the groups with Prometheus' rulefmt, as Prometheus and
// promtool would.
func validate(groups *yaml.Node) []error {
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "groups"}, groups}}
	content, err := yaml.Marshal(doc)
	if err != nil {
		return []error{err}
	}
	_, errs := rulefmt.Parse(content, false, model.UTF8Validation, parser.NewParser(parser.Options{}), slog.New(slog.DiscardHandler))
	return errs
}

// rule records the metric names of one rule's expr, and the name a
// recording rule writes.
func (ps *parse) rule(r *yaml.Node, up outer, d *yamlpos.Doc) {
	context := ""
	if a := yamlpos.Get(r, "alert"); a != nil {
		context = "alert: " + a.Value
	}
	if rec := yamlpos.Get(r, "record"); rec != nil && rec.Kind == yaml.ScalarNode {
		context = "record: " + rec.Value
		t := up(scalarText(d, rec))
		span, _ := t.Span(0, len(t.S))
		ps.facts.Metrics = append(ps.facts.Metrics, &fact.MetricRef{Name: rec.Value, Span: span, Use: fact.RecordedName, Context: context})
	}
	expr := yamlpos.Get(r, "expr")
	if expr == nil || expr.Kind != yaml.ScalarNode {
		return
	}
	// A parse error is reported by validate, with the rule it is in.
	refs, _ := promexpr.Refs(up(scalarText(d, expr)), context)
	ps.facts.Metrics = append(ps.facts.Metrics, refs...)
}
