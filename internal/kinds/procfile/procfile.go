// Package procfile is the file kind for Procfiles (foreman, honcho,
// goreman): each "name: command" line's command is read as shell, in place.
package procfile

import (
	"bytes"
	"path"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the Procfile kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "procfile" }

func (kind) Match(p string, _ []byte) bool {
	base := path.Base(p)
	return base == "Procfile" || strings.HasPrefix(base, "Procfile.")
}

func (kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts := &fact.Facts{}
	var errs []*fact.ParseError
	for l := range textedit.Lines(src) {
		off, line := l.Start, l.Text
		colon := bytes.IndexByte(line, ':')
		if len(bytes.TrimSpace(line)) == 0 || line[0] == '#' || colon <= 0 {
			continue
		}
		start := off + colon + 1
		for start < off+len(line) && (src[start] == ' ' || src[start] == '\t') {
			start++
		}
		code := string(src[start : off+len(line)])
		offs := make([]int, len(code)+1)
		for i := range offs {
			offs[i] = start + i
		}
		procs, perrs := shellcmd.ParseCommand(code, offs, schema)
		facts.Processes = append(facts.Processes, procs...)
		errs = append(errs, perrs...)
	}
	return facts, errs
}
