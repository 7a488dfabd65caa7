package cmdline

import (
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Fields splits src[start:end] at white space and line continuations, for
// command lines no shell parser reads (a PowerShell line, a variable that
// holds options); quotes around a word are dropped.
func Fields(src []byte, start, end int) []Word {
	var ws []Word
	for i := start; i < end; {
		for i < end && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r' || src[i] == '\n' || src[i] == '^' || src[i] == '`' || src[i] == '\\' && i+1 < end && (src[i+1] == '\n' || src[i+1] == '\r')) {
			i++
		}
		j := i
		for j < end && src[j] != ' ' && src[j] != '\t' && src[j] != '\r' && src[j] != '\n' {
			j++
		}
		if j > i {
			w := Word{Value: string(src[i:j]), Span: fact.Span{Start: i, End: j}}
			if v := strings.Trim(w.Value, `"'`); len(v) != len(w.Value) {
				k := strings.Index(w.Value, v)
				w = Word{Value: v, Span: fact.Span{Start: i + k, End: i + k + len(v)}}
			}
			w.Dynamic = strings.ContainsAny(w.Value, "$%{")
			if len(w.Value) > 2 && w.Value[0] == '<' && w.Value[len(w.Value)-1] == '>' {
				// a runbook's placeholder (<endpoint>): a value to fill in
				w.Value, w.Dynamic = "$"+w.Value[1:len(w.Value)-1], true
			}
			ws = append(ws, w)
		}
		i = j
	}
	return ws
}
