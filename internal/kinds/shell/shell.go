// Package shell is the file kind for shell scripts that start etcd or run
// its tools; shellcmd reads them.
package shell

import (
	"path"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the shell script kind.
var Kind fact.Kind = kind{}

// NewKind is the shell kind with a classifier for what its here-documents
// write (an etcd config, a manifest): content goes back through the
// classifier, as Markdown blocks do.
func NewKind(kinds fact.Classifier) fact.Kind { return kind{kinds: kinds} }

type kind struct{ kinds fact.Classifier }

func (kind) Name() string { return "shell" }

var shebang = regexp.MustCompile(`^#![ \t]*\S*/(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:sh|bash|dash|ksh|mksh|zsh)\b`)

func (kind) Match(p string, src []byte) bool {
	switch path.Ext(strings.TrimSuffix(path.Base(p), ".j2")) {
	case ".sh", ".bash", ".ksh":
		return true
	}
	return shebang.Match(src)
}

func (k kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	return shellcmd.ParseScript(src, schema, k.kinds)
}
