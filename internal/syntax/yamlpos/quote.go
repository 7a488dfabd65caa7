package yamlpos

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// PlainSafe reports whether value can be written as a plain scalar and
// read back as the same string (not as a number, bool or null: the kinds
// that use it write strings where YAML 1.1 and 1.2 agree only on text).
func PlainSafe(value string, flow bool) bool {
	if !PlainText(value, flow) {
		return false
	}
	switch strings.ToLower(value) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return false
	}
	return strings.Trim(value, "0123456789.+-eE_xXoO") != "" // not a number
}

// PlainText reports whether value can be written as a plain scalar whose
// text reads back unchanged. Which type YAML then resolves it to (a bool
// word, a number) is the caller's question; PlainSafe also answers it.
func PlainText(value string, flow bool) bool {
	if value == "" || strings.TrimSpace(value) != value || strings.ContainsAny(value[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return false
	}
	if strings.Contains(value, ": ") || strings.Contains(value, " #") || strings.Contains(value, "\t#") || strings.HasSuffix(value, ":") {
		return false
	}
	if flow && strings.ContainsAny(value, ",[]{}") {
		return false
	}
	for _, c := range value {
		if c < ' ' && c != '\t' || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF {
			return false
		}
	}
	return true
}

// DoubleQuote writes value as a double-quoted scalar.
func DoubleQuote(value string) string { return `"` + escapeDouble(value) + `"` }

func escapeDouble(value string) string {
	var b strings.Builder
	for _, c := range value {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < ' ' || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF:
			fmt.Fprintf(&b, `\u%04X`, c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// SingleQuote writes value as a single-quoted scalar. A line break in
// value would be folded when read back: callers keep those out.
func SingleQuote(value string) string { return "'" + strings.ReplaceAll(value, "'", "''") + "'" }

// Quote writes value as a whole scalar in style, falling back to double
// quotes where the style cannot hold it. flow is true inside [ ] or { }.
func Quote(style yaml.Style, value string, flow bool) string {
	switch {
	case style&yaml.SingleQuotedStyle != 0 && !strings.ContainsAny(value, "\n\r\t"):
		return SingleQuote(value)
	case style&yaml.DoubleQuotedStyle == 0 && PlainSafe(value, flow):
		return value
	}
	return DoubleQuote(value)
}

// Escape writes text for insertion inside an existing scalar of style,
// where it reads back as text. It fails where the style cannot take it
// without changing the scalar's structure: line breaks anywhere but in a
// double-quoted scalar, and comment or mapping indicators in a plain one.
func Escape(style yaml.Style, text string, flow bool) (string, error) {
	switch {
	case style&yaml.DoubleQuotedStyle != 0:
		return escapeDouble(text), nil
	case strings.ContainsAny(text, "\n\r"):
		return "", fmt.Errorf("a line break cannot be inserted into a %s scalar", StyleName(style))
	case style&yaml.SingleQuotedStyle != 0:
		return strings.ReplaceAll(text, "'", "''"), nil
	case style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return text, nil
	case strings.Contains(text, ": ") || strings.Contains(text, " #") || strings.HasSuffix(text, ":") ||
		flow && strings.ContainsAny(text, ",[]{}"):
		return "", fmt.Errorf("%q cannot be written into a plain scalar", text)
	}
	return text, nil
}

// StyleName names a scalar style for messages.
func StyleName(style yaml.Style) string {
	switch {
	case style&yaml.DoubleQuotedStyle != 0:
		return "double-quoted"
	case style&yaml.SingleQuotedStyle != 0:
		return "single-quoted"
	case style&yaml.LiteralStyle != 0:
		return "literal (|)"
	case style&yaml.FoldedStyle != 0:
		return "folded (>)"
	}
	return "plain"
}
