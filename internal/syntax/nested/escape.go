package nested

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/jsonpos"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// JSONString escapes text for the inside of a JSON string.
func JSONString(text string, _ []byte, span fact.Span) (fact.Edit, error) {
	if !utf8.ValidString(text) {
		return fact.Edit{}, errNotUTF8
	}
	return fact.Edit{Span: span, NewText: jsonpos.Escape(text)}, nil
}

var errNotUTF8 = errors.New("this change would cut a character in two")

// Percent escapes text for the data of a data: URL (RFC 2397), every byte
// but the unreserved ones as %XX, and then for the host with next.
func Percent(next Escape) Escape {
	return func(text string, src []byte, span fact.Span) (fact.Edit, error) {
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
// double-quoted scalar takes anything: a blank that line folding would
// drop (at the start of a continuation line, before a line break) is
// written as an escape, the edit taking in the blanks next to it when the
// new text leaves them there. The other styles have no escapes: an edit
// that would add, remove, empty or re-indent a line fails, since that
// changes how the scalar folds or ends.
func YAMLScalar(style yaml.Style) Escape {
	style &^= yaml.TaggedStyle
	name := yamlpos.StyleName(style)
	return func(text string, src []byte, span fact.Span) (fact.Edit, error) {
		if !utf8.ValidString(text) {
			return fact.Edit{}, errNotUTF8
		}
		if style&yaml.DoubleQuotedStyle != 0 {
			return doubleQuoted(text, src, span)
		}
		if strings.ContainsAny(string(src[span.Start:span.End]), "\r\n") || strings.ContainsAny(text, "\r\n") {
			return fact.Edit{}, fmt.Errorf("this change would add or remove a line of a %s YAML scalar; edit it by hand", name)
		}
		if style&(yaml.LiteralStyle) == 0 && lineStart(src, span.Start) {
			// a line that starts with a blank is "more indented" in a
			// folded scalar, and loses it in a flow scalar: its first
			// character must stay a non-blank, as it must stay there
			rest := text
			if rest == "" {
				rest = string(src[span.End:min(span.End+1, len(src))])
			}
			if rest == "" || rest[0] == '\n' || rest[0] == '\r' || isBlank(rest[0]) || span.Start < len(src) && isBlank(src[span.Start]) {
				return fact.Edit{}, fmt.Errorf("this change would empty or re-indent a line of a %s YAML scalar; edit it by hand", name)
			}
		}
		if style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && lineEnd(src, span.End) {
			// blanks at the end of a line of a flow scalar are dropped
			last := text
			if last == "" && span.Start > 0 {
				last = string(src[span.Start-1])
			}
			if last != "" && isBlank(last[len(last)-1]) {
				return fact.Edit{}, fmt.Errorf("this change would leave a blank at the end of a line of a %s YAML scalar; edit it by hand", name)
			}
		}
		out, err := yamlpos.Escape(style, text, false)
		return fact.Edit{Span: span, NewText: out}, err
	}
}

// doubleQuoted escapes text for a double-quoted scalar, where blanks at
// either end of a line are dropped by folding.
func doubleQuoted(text string, src []byte, span fact.Span) (fact.Edit, error) {
	out, _ := yamlpos.Escape(yaml.DoubleQuotedStyle, text, false)
	start, end := span.Start, span.End
	if out == "" {
		// the content blanks around the edit would end up at a line's end
		// or start
		// (blanks between the edit and the line's start or end are
		// indentation or dropped already, not content)
		if lineEnd(src, end) {
			k := start
			for k > 0 && rawBlank(src, k-1) {
				k--
			}
			if !lineStart(src, k) {
				for ; start > k; start-- {
					out = blankEscape(src[start-1]) + out
				}
			}
		}
		if lineStart(src, start) {
			k := end
			for k < len(src) && isBlank(src[k]) {
				k++
			}
			if !lineEnd(src, k) {
				for ; end < k; end++ {
					out += blankEscape(src[end])
				}
			}
		}
		if out == "" && lineStart(src, start) && lineEnd(src, end) {
			return fact.Edit{}, fmt.Errorf("this change would empty a line of a double-quoted YAML scalar; edit it by hand")
		}
	}
	if out != "" && lineStart(src, start) && isBlank(out[0]) {
		out = blankEscape(out[0]) + out[1:]
	}
	if n := len(out); n > 0 && lineEnd(src, end) && out[n-1] == ' ' {
		out = out[:n-1] + blankEscape(out[n-1])
	}
	return fact.Edit{Span: fact.Span{Start: start, End: end}, NewText: out}, nil
}

// rawBlank reports whether src[i] is a blank written as itself, not the
// second byte of an escape (\ followed by a space).
func rawBlank(src []byte, i int) bool {
	if !isBlank(src[i]) {
		return false
	}
	n := 0
	for j := i - 1; j >= 0 && src[j] == '\\'; j-- {
		n++
	}
	return n%2 == 0
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
