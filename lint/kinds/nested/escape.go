package nested

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/lint/kinds/jsonpos"
	"github.com/etcdlint/etcdlint/lint/kinds/yamlpos"
)

// JSONString escapes text for the inside of a JSON string.
func JSONString(text string, _ []byte, _ fact.Span) (string, error) {
	return jsonpos.Escape(text), nil
}

// Percent escapes text for the data of a data: URL (RFC 2397), every byte
// but the unreserved ones as %XX, and then for the host with next.
func Percent(next Escape) Escape {
	return func(text string, src []byte, span fact.Span) (string, error) {
		const hex = "0123456789ABCDEF"
		var b strings.Builder
		for i := 0; i < len(text); i++ {
			switch c := text[i]; {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
				b.WriteByte(c)
			default:
				b.WriteByte('%')
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
			}
		}
		return next(b.String(), src, span)
	}
}

// YAMLScalar escapes text for the inside of a YAML scalar of style. A
// double-quoted scalar takes anything: a blank that a line fold would eat
// (at the start of a continuation line, before a line break) is written
// as an escape. The other styles have no escapes: an edit that would add,
// remove or re-indent a line fails, since that changes how the scalar
// folds or ends.
func YAMLScalar(style yaml.Style) Escape {
	style &^= yaml.TaggedStyle
	return func(text string, src []byte, span fact.Span) (string, error) {
		if style&yaml.DoubleQuotedStyle != 0 {
			out, _ := yamlpos.Escape(style, text, false)
			if out != "" && lineStart(src, span.Start) && isBlank(out[0]) {
				out = blankEscape(out[0]) + out[1:]
			}
			if n := len(out); n > 0 && lineEnd(src, span.End) && out[n-1] == ' ' {
				out = out[:n-1] + blankEscape(out[n-1])
			}
			return out, nil
		}
		name := yamlpos.StyleName(style)
		if strings.ContainsAny(string(src[span.Start:span.End]), "\r\n") || strings.ContainsAny(text, "\r\n") {
			return "", fmt.Errorf("this change would add or remove a line of a %s YAML scalar; edit it by hand", name)
		}
		if style&yaml.FoldedStyle != 0 && lineStart(src, span.Start) {
			rest := text
			if rest == "" {
				rest = string(src[span.End:min(span.End+1, len(src))])
			}
			if rest == "" || rest[0] == '\n' || rest[0] == '\r' || isBlank(rest[0]) {
				return "", fmt.Errorf("this change would empty or re-indent a line of a %s YAML scalar; edit it by hand", name)
			}
		}
		return yamlpos.Escape(style, text, false)
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func blankEscape(c byte) string {
	if c == '\t' {
		return `\t`
	}
	return `\x20`
}

// lineStart reports whether only blanks stand between the start of its
// line and off.
func lineStart(src []byte, off int) bool {
	for i := off - 1; i >= 0; i-- {
		switch src[i] {
		case '\n', '\r':
			return true
		case ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// lineEnd reports whether only blanks stand between off and a line break.
func lineEnd(src []byte, off int) bool {
	for i := off; i < len(src); i++ {
		switch src[i] {
		case '\n', '\r':
			return true
		case ' ', '\t':
		default:
			return false
		}
	}
	return false
}
