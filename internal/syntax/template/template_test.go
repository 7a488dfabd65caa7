package template

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func TestMaskKeepsOffsets(t *testing.T) {
	src := "ETCD_NAME={{ inventory_hostname }}\n{% if debug %}\nETCD_DEBUG=true\n{% endif %}{# note\nspans lines #}\nA={{x}}{{y}}\n"
	m := Mask([]byte(src))
	if len(m.Src) != len(src) {
		t.Fatalf("length %d, want %d", len(m.Src), len(src))
	}
	want := "ETCD_NAME=" + strings.Repeat("x", 24) + "\n" + strings.Repeat(" ", 14) + "\nETCD_DEBUG=true\n" +
		strings.Repeat(" ", 11+7) + "\n" + strings.Repeat(" ", 14) + "\nA=" + strings.Repeat("x", 10) + "\n"
	if string(m.Src) != want {
		t.Errorf("masked\n%q\nwant\n%q", m.Src, want)
	}
	if len(m.Expressions) != 3 {
		t.Fatalf("expressions = %v", m.Expressions)
	}
	name := fact.Span{Start: 10, End: 34}
	if !m.Templated(name) || m.Templated(fact.Span{Start: 0, End: 9}) {
		t.Error("Templated is wrong about the value and the name")
	}
}

func TestMaskUnclosed(t *testing.T) {
	src := "A={{ oops\nB=2\n"
	if m := Mask([]byte(src)); string(m.Src) != src || len(m.Expressions) != 0 {
		t.Errorf("an unclosed tag must be left alone: %q", m.Src)
	}
}

func TestHas(t *testing.T) {
	if !Has([]byte("a {{ b }}")) || !Has([]byte("{% if %}")) || Has([]byte("a { b }")) {
		t.Error("Has")
	}
}

func TestMaskStringsInMarkup(t *testing.T) {
	x := func(expr string) string { return strings.Repeat("x", len(expr)) }
	for _, tc := range []struct{ name, src, want string }{
		{"a close inside a Jinja string (Ansible escaping a docker --format)",
			`--format='{{ '{{ .Image }}' }}' x`, `--format='` + x(`{{ '{{ .Image }}' }}`) + `' x`},
		{"a double-quoted string with an escaped quote",
			`{% if a == "%} \" %}" %}b`, strings.Repeat(" ", 24) + "b"},
		{"quotes escaped by the enclosing YAML string open no string",
			`"{{ index .Values \"k\" }}" }}`, `"` + x(`{{ index .Values \"k\" }}`) + `" }}`},
		{"an apostrophe in a Go template comment",
			`{{/* don't */}} 'a' }}`, x(`{{/* don't */}}`) + ` 'a' }}`},
		{"an unpartnered quote is a plain byte",
			"{{ it's }}\n'", strings.Repeat("x", 10) + "\n'"},
		{"a Jinja comment is not scanned for strings",
			`{# it's #}'x #}`, strings.Repeat(" ", 10) + `'x #}`},
		{"two expressions on a line", `{{ 'a' }} '{{ "b" }}'`, x(`{{ 'a' }}`) + ` '` + x(`{{ "b" }}`) + `'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(Mask([]byte(tc.src)).Src); got != tc.want {
				t.Errorf("masked\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// A Go template action alone on its line prints nothing, like {% if %};
// inside a word it stays x's so that the word stays one.
func TestMaskGoActions(t *testing.T) {
	src := "  --name a \\\n  {{- if eq .N \"3\" }}\n  --b={{ .B }} \\\n  {{ $v := .C }}\n  --c=x{{if .A}}y{{end}}\n  {{ else }}\n"
	got := string(Mask([]byte(src)).Src)
	want := "  --name a \\\n" + strings.Repeat(" ", 21) + "\n  --b=" + strings.Repeat("x", 8) + " \\\n" +
		strings.Repeat(" ", 16) + "\n  --c=x" + strings.Repeat("x", 9) + "y" + strings.Repeat("x", 7) + "\n" + strings.Repeat(" ", 12) + "\n"
	if got != want {
		t.Errorf("masked\n%q\nwant\n%q", got, want)
	}
}
