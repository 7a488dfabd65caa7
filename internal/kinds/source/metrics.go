package source

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/promexpr"
	"github.com/etcdlint/etcdlint/internal/syntax/rulefile"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// knownMetrics is what a Schema may also tell: whether a name is a metric
// some etcd version exports (the rules catalogue does).
type knownMetrics interface{ KnownMetric(name string) bool }

// literalContext is the context of metric names in a string literal that
// is not a rule file.
const literalContext = "string literal"

// ruleField is an alert:/record: line of a rule file held in a literal.
var ruleField = fastre.MustCompile(`(?m)^[ \t]*(?:-[ \t]+)?(alert|record):[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|([^\s#'"][^\n#]*?))[ \t]*(?:#.*)?\r?$`)

// metrics returns the metric names a string literal uses, in three tiers:
//   - a literal holding a Prometheus rule file (groups:, a PrometheusRule)
//     that loads as one: every name its exprs use, with the rule's name;
//   - a literal that parses as a PromQL query with a selector, a range or
//     a call in it: every name the query uses;
//   - anything else (a bare name, a query built from pieces, a rule file
//     that does not load): a token scan, tied to the nearest alert: or
//     record: line before it, keeping only names the schema knows as etcd
//     metrics (all when it cannot tell), since most literals of a program
//     are not queries.
//
// Offsets are mapped through the literal's escapes; a name written with
// an escape is reported but has no renderer.
func metrics(lang string, src []byte, t Token, schema fact.Schema) []*fact.MetricRef {
	text := decode(lang, src, t)
	if !strings.Contains(text.S, "_") {
		return nil
	}
	if rulefile.Looks([]byte(text.S)) {
		facts, errs := rulefile.Parse([]byte(text.S))
		if len(errs) == 0 {
			var out []*fact.MetricRef
			for _, m := range facts.Metrics {
				span, literal := text.Span(m.Span.Start, m.Span.End)
				r := &fact.MetricRef{Name: m.Name, Span: span, Use: m.Use, Context: m.Context, InAbsent: m.InAbsent}
				if m.Render != nil && literal && string(src[span.Start:span.End]) == m.Name {
					r.Render = promexpr.Renamer{}
				}
				out = append(out, r)
			}
			return out
		}
		return known(scanRuleText(text), schema)
	}
	if refs, err := promexpr.Refs(text, literalContext); err == nil && strings.ContainsAny(text.S, "{[(") {
		return refs
	}
	return known(promexpr.Scan(text, literalContext), schema)
}

// known keeps the references to names the schema knows as metrics.
func known(refs []*fact.MetricRef, schema fact.Schema) []*fact.MetricRef {
	k, ok := schema.(knownMetrics)
	if !ok {
		return refs
	}
	out := refs[:0]
	for _, r := range refs {
		if r.Use == fact.RecordedName || k.KnownMetric(r.Name) {
			out = append(out, r)
		}
	}
	return out
}

// scanRuleText token-scans a rule file that does not load (tab indents,
// a template, an invalid rule): each name belongs to the alert: or
// record: line before it, and a record: value is the recorded name.
func scanRuleText(text promexpr.Text) []*fact.MetricRef {
	fields := ruleField.FindAllStringSubmatchIndex(text.S, -1)
	from, context := 0, literalContext
	var out []*fact.MetricRef
	for _, f := range fields {
		out = append(out, promexpr.Scan(text.Slice(from, f[0]), context)...)
		vs, ve := f[4], f[5]
		for g := 6; vs < 0 && g+1 < len(f); g += 2 {
			vs, ve = f[g], f[g+1]
		}
		field, value := text.S[f[2]:f[3]], text.S[vs:ve]
		context = field + ": " + value
		if field == "record" {
			span, _ := text.Span(vs, ve)
			out = append(out, &fact.MetricRef{Name: value, Span: span, Use: fact.RecordedName, Context: context})
		}
		from = f[1]
	}
	return append(out, promexpr.Scan(text.Slice(from, len(text.S)), context)...)
}

// decode is the value of a literal's content, each byte with its file
// offset; bytes made by an escape sequence point at the escape and are not
// literal (promexpr.Text). A raw literal is its content.
func decode(lang string, src []byte, t Token) promexpr.Text {
	content := string(src[t.Start:t.End])
	if t.Raw || !strings.ContainsAny(content, `\{}`) {
		return promexpr.Literal(content, t.Start)
	}
	quote := src[t.Start-1]
	// Ruby's and PHP's single-quoted strings know only \\ and \'.
	simple := (lang == "ruby" || lang == "php") && quote == '\''
	fstring := lang == "python" && quote != '`' && strings.ContainsAny(prefix(src, t.Start-1, quote), "fF")
	var s []byte
	var offs []int
	lit := func(i int) { s, offs = append(s, src[i]), append(offs, i) }
	made := func(at int, b ...byte) {
		for _, c := range b {
			s, offs = append(s, c), append(offs, -at-1)
		}
	}
	for i := t.Start; i < t.End; {
		c := src[i]
		if fstring && (c == '{' || c == '}') && i+1 < t.End && src[i+1] == c {
			made(i, c)
			i += 2
			continue
		}
		if c != '\\' || i+1 >= t.End {
			lit(i)
			i++
			continue
		}
		n := src[i+1]
		if simple {
			if n == '\\' || n == '\'' {
				made(i, n)
				i += 2
			} else {
				lit(i)
				i++
			}
			continue
		}
		b, size, ok := escape(lang, src[i:t.End])
		if !ok {
			// Not an escape in this language: Python, PHP (and Go and Java,
			// which reject it) keep the backslash; JS and Ruby drop it.
			if lang == "js" || lang == "ruby" {
				made(i, n)
				i += 2
			} else {
				lit(i)
				i++
			}
			continue
		}
		made(i, b...)
		i += size
	}
	return promexpr.Text{S: string(s), Offs: offs}
}

// escape decodes the escape sequence at the start of e (which begins with
// a backslash): its bytes and its length.
func escape(lang string, e []byte) ([]byte, int, bool) {
	n := e[1]
	switch n {
	case '\n':
		if lang == "go" || lang == "php" {
			return nil, 0, false
		}
		return nil, 2, true // a line continuation
	case '\r':
		if lang != "go" && lang != "php" && len(e) > 2 && e[2] == '\n' {
			return nil, 3, true
		}
		return nil, 0, false
	case '\\', '\'', '"', '`', '$', '?', '/':
		return []byte{n}, 2, true
	case 'n':
		return []byte{'\n'}, 2, true
	case 't':
		return []byte{'\t'}, 2, true
	case 'r':
		return []byte{'\r'}, 2, true
	case 'f':
		return []byte{'\f'}, 2, true
	case 'v':
		return []byte{'\v'}, 2, true
	case 'a', 'b', 'e':
		// control bytes: neither name nor space
		if n == 'a' && (lang == "go" || lang == "python" || lang == "ruby") ||
			n == 'b' && lang != "php" || n == 'e' && (lang == "ruby" || lang == "php") {
			return []byte{0x07}, 2, true
		}
	case 's':
		if lang == "java" || lang == "ruby" {
			return []byte{' '}, 2, true
		}
	case 'x':
		return number(e, 2, 16, 2)
	case 'u':
		if len(e) > 2 && e[2] == '{' {
			if end := strings.IndexByte(string(e), '}'); end > 3 {
				return codePoint(string(e[3:end]), end+1)
			}
			return nil, 0, false
		}
		if len(e) >= 6 {
			return codePoint(string(e[2:6]), 6)
		}
	case 'U':
		if (lang == "go" || lang == "python") && len(e) >= 10 {
			return codePoint(string(e[2:10]), 10)
		}
	case 'N':
		if lang == "python" && len(e) > 2 && e[2] == '{' {
			if end := strings.IndexByte(string(e), '}'); end > 0 {
				return []byte{0x07}, end + 1, true // a named character: not decoded
			}
		}
	}
	if '0' <= n && n <= '7' {
		return number(e, 1, 8, 3)
	}
	return nil, 0, false
}

// number decodes up to max digits of base after the first skip bytes of
// e into one byte.
func number(e []byte, skip, base, max int) ([]byte, int, bool) {
	end := skip
	for end < len(e) && end-skip < max && digit(e[end], base) {
		end++
	}
	if end == skip {
		return nil, 0, false
	}
	v, err := strconv.ParseUint(string(e[skip:end]), base, 8)
	if err != nil {
		return nil, 0, false
	}
	return []byte{byte(v)}, end, true
}

func digit(c byte, base int) bool {
	if base == 8 {
		return '0' <= c && c <= '7'
	}
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func codePoint(hex string, size int) ([]byte, int, bool) {
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return nil, 0, false
	}
	return utf8.AppendRune(nil, rune(v)), size, true
}

// prefix is the run of letters just before a quote at q (Python's r, b, f,
// u string prefixes); a triple quote counts from its first quote.
func prefix(src []byte, q int, quote byte) string {
	for q >= 2 && src[q-1] == quote && src[q-2] == quote {
		q -= 2
	}
	j := q
	for j > 0 && q-j < 2 && strings.IndexByte("rRbBfFuU", src[j-1]) >= 0 {
		j--
	}
	return string(src[j:q])
}
