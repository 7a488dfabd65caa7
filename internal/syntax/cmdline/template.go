package cmdline

import (
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// TemplateArgs drops the words of args that are a template expression and
// nothing else ({{ etcd_args }}) where a flag is expected: they stand for
// flags the file does not show, so the process is Partial. Where they are
// the value of the flag before them they stay.
func TemplateArgs(proc *fact.Process, args []Word, m *template.Masked, schema fact.Schema) []Word {
	var out []Word
	for i, w := range args {
		if !w.Dynamic || !wholeTemplate(w, m) {
			out = append(out, w)
			continue
		}
		if i > 0 {
			prev := args[i-1].Value
			name := strings.TrimLeft(prev, "-")
			if strings.HasPrefix(prev, "-") && !strings.Contains(prev, "=") && !schema.IsBool(name) {
				out = append(out, w)
				continue
			}
		}
		proc.Partial = true
	}
	return out
}

func wholeTemplate(w Word, m *template.Masked) bool {
	for i := range len(w.Value) {
		if o := w.Offset(i); !m.Templated(fact.Span{Start: o, End: o + 1}) {
			return false
		}
	}
	return len(w.Value) > 0
}
