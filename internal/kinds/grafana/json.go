package grafana

import (
	"github.com/etcdlint/etcdlint/internal/syntax/jsonpos"
	"github.com/etcdlint/etcdlint/internal/syntax/promexpr"
)

// jsonText decodes a string value with the file offset of each decoded
// byte; bytes an escape made (\" \u0022) point at the escape, negated.
func jsonText(src []byte, v *jsonpos.Value) (promexpr.Text, bool) {
	s, ok := jsonpos.String(src, v)
	if !ok {
		return promexpr.Text{}, false
	}
	offs := make([]int, len(s.Value))
	for i := range offs {
		offs[i] = s.Offsets[i]
		if s.Escaped[i] {
			offs[i] = -offs[i] - 1
		}
	}
	return promexpr.Text{S: s.Value, Offs: offs}, true
}
