package etcdconfig

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// etcd reads its config file with sigs.k8s.io/yaml, which resolves plain
// scalars by YAML 1.1 rules: "off", "yes" and "n" are booleans there, and a
// string-typed key given one makes etcd exit. resolve names the type a
// plain scalar gets: "null", "bool", "int", "float", "timestamp" or "str".
func resolve(plain string) string {
	switch plain {
	case "", "~", "null", "Null", "NULL":
		return "null"
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF":
		return "bool"
	}
	digits := strings.ReplaceAll(plain, "_", "")
	if _, err := strconv.ParseInt(digits, 0, 64); err == nil {
		return "int"
	}
	if _, err := strconv.ParseUint(digits, 0, 64); err == nil {
		return "int"
	}
	if yamlFloat.MatchString(digits) {
		return "float"
	}
	if yamlTimestamp.MatchString(plain) {
		return "timestamp"
	}
	return "str"
}

var (
	yamlFloat     = regexp.MustCompile(`^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	yamlTimestamp = regexp.MustCompile(`^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:$|[Tt ])`)
)

// plainSafe reports whether value can be written as a plain scalar and read
// back as the same text.
func plainSafe(value string, flow bool) bool {
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

// doubleQuote writes value as a double-quoted YAML scalar.
func doubleQuote(value string) string {
	var b strings.Builder
	b.WriteByte('"')
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
	b.WriteByte('"')
	return b.String()
}
