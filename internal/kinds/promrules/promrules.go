// Package promrules is the file kind for Prometheus rule files; rulefile
// reads them.
package promrules

import (
	"path"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/rulefile"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the Prometheus rule file kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "prometheus-rules" }

// Match takes YAML (and its templates) that reads as a rule file.
func (kind) Match(p string, src []byte) bool {
	base := path.Base(p)
	for _, ext := range []string{".j2", ".tpl", ".tmpl", ".gotmpl"} {
		base = strings.TrimSuffix(base, ext)
	}
	if !strings.HasSuffix(base, ".yaml") && !strings.HasSuffix(base, ".yml") && path.Ext(p) != ".tpl" {
		return false
	}
	return rulefile.Looks(src)
}

func (kind) Parse(_ string, src []byte, _ fact.Schema) (*fact.Facts, []*fact.ParseError) {
	return rulefile.Parse(src)
}
