package etcdconfig

import (
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
