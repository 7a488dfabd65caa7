package source

import (
	"bytes"
	"regexp"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// embedPackage is the package of etcd's server that a program embeds:
// go.etcd.io/etcd/server/v3/embed, and its older paths
// (go.etcd.io/etcd/embed, github.com/coreos/etcd/embed).
var embedPackage = regexp.MustCompile(`^(?:go\.etcd\.io/etcd(?:/server/v3)?|github\.com/coreos/etcd)/embed$`)

// configFields returns the fields of embed.Config that code sets or reads
// through pkg, the name it binds the package to: selectors on a variable
// holding a Config (cfg := embed.NewConfig(), cfg := &embed.Config{},
// cfg *embed.Config as a parameter or declaration) from where it is bound
// to the end of its function, and the keys of a Config composite literal.
// Field names are what the file writes; which of them a release has is
// the rules' business.
func configFields(code []byte, pkg string) []fact.Field {
	config := []byte(pkg + ".")
	var vars []scoped
	bind := func(name string, at int) {
		end := len(code) // the next top-level declaration ends a function
		if i := bytes.Index(code[at:], []byte("\nfunc ")); i >= 0 {
			end = at + i
		}
		// so does the next declaration of the name (a shadowing
		// cfg := …): the rest is another variable's
		end = rebound(code, name, bytes.IndexByte(code[at:end], '\n')+at+1, end)
		vars = append(vars, scoped{name, fact.Span{Start: at, End: end}})
	}
	var out []fact.Field
	for off := 0; ; {
		i := bytes.Index(code[off:], config)
		if i < 0 {
			break
		}
		at := off + i
		off = at + len(config)
		if !atWordStart(code, at) {
			continue
		}
		rest := code[off:]
		switch {
		case bytes.HasPrefix(rest, []byte("NewConfig(")):
			if v := assigned(code, at); v != "" {
				bind(v, at)
			}
		case bytes.HasPrefix(rest, []byte("Config")) && (len(rest) == len("Config") || !isIdent(rest[len("Config")])):
			after := off + len("Config")
			for after < len(code) && isSpace(code[after]) {
				after++
			}
			if after < len(code) && code[after] == '{' {
				out = append(out, literalKeys(code, after)...)
				if v := assigned(code, at); v != "" {
					bind(v, at)
				}
			} else if v := declared(code, at); v != "" {
				bind(v, at) // cfg *embed.Config, var cfg embed.Config
			}
		}
	}
	seen := map[fact.Span]bool{} // "var cfg *embed.Config" then "cfg = embed.NewConfig()"
	for _, v := range vars {
		for _, fd := range selectors(code[:v.scope.End], v.name) {
			if fd.Span.Start >= v.scope.Start && !seen[fd.Span] {
				seen[fd.Span] = true
				out = append(out, fd)
			}
		}
	}
	return out
}

// rebound is the offset of the first declaration of name in
// code[from:end] ("name :=", "var name"), or end. A plain assignment
// ("cfg = NewTestConfig(t)") keeps the variable's type: Go is typed.
func rebound(code []byte, name string, from, end int) int {
	if from <= 0 || from >= end {
		return end
	}
	word := []byte(name)
	for off := from; ; {
		i := bytes.Index(code[off:end], word)
		if i < 0 {
			return end
		}
		at := off + i
		off = at + len(word)
		if !atWordStart(code, at) || at > 0 && code[at-1] == '.' || off < len(code) && isIdent(code[off]) {
			continue
		}
		rest := bytes.TrimLeft(code[off:end], " \t")
		before := bytes.TrimRight(code[lineStart(code, at):at], " \t")
		if bytes.HasPrefix(rest, []byte(":=")) || bytes.HasSuffix(before, []byte("var")) {
			return at
		}
	}
}

// scoped is a variable that holds a Config within scope.
type scoped struct {
	name  string
	scope fact.Span
}

// assigned is the variable that the expression at at is assigned to
// ("cfg := embed.NewConfig()", "var cfg = &embed.Config{"), or "".
func assigned(code []byte, at int) string {
	before := bytes.TrimRight(code[lineStart(code, at):at], " \t&")
	before, ok := bytes.CutSuffix(before, []byte("="))
	if !ok {
		return ""
	}
	before = bytes.TrimSuffix(before, []byte(":"))
	return lastIdent(bytes.TrimRight(before, " \t"))
}

// declared is the variable or parameter whose type is written at at
// ("cfg *embed.Config", "var cfg embed.Config"), or "".
func declared(code []byte, at int) string {
	before := bytes.TrimRight(code[lineStart(code, at):at], " \t*")
	return lastIdent(before)
}

// lastIdent is the identifier b ends with, or "" (also for a keyword that
// cannot name a variable).
func lastIdent(b []byte) string {
	i := len(b)
	for i > 0 && isIdent(b[i-1]) {
		i--
	}
	name := string(b[i:])
	if name == "" || name[0] >= '0' && name[0] <= '9' || name == "return" || name == "func" || name == "var" {
		return ""
	}
	return name
}

// literalKeys are the keys of the composite literal whose brace is at
// open ("{Name: "n1", EnableV2: true}"), read at its own depth.
func literalKeys(code []byte, open int) []fact.Field {
	var out []fact.Field
	depth := 0
	for i := open; i < len(code); i++ {
		switch c := code[i]; {
		case c == '{' || c == '(' || c == '[':
			depth++
		case c == '}' || c == ')' || c == ']':
			depth--
			if depth == 0 {
				return out
			}
		case depth == 1 && c >= 'A' && c <= 'Z' && !isIdent(code[i-1]) && code[i-1] != '.':
			j := i
			for j < len(code) && isIdent(code[j]) {
				j++
			}
			k := j
			for k < len(code) && (code[k] == ' ' || code[k] == '\t') {
				k++
			}
			if k < len(code) && code[k] == ':' && (k+1 == len(code) || code[k+1] != '=') {
				out = append(out, fact.Field{Name: string(code[i:j]), Span: fact.Span{Start: i, End: j}})
			}
			i = j - 1
		}
	}
	return out
}

// selectors are the exported fields selected on the variable v: "v.Name".
func selectors(code []byte, v string) []fact.Field {
	var out []fact.Field
	sel := []byte(v + ".")
	for off := 0; ; {
		i := bytes.Index(code[off:], sel)
		if i < 0 {
			return out
		}
		at := off + i
		off = at + len(sel)
		if !atWordStart(code, at) || at > 0 && code[at-1] == '.' || off >= len(code) || code[off] < 'A' || code[off] > 'Z' {
			continue
		}
		j := off
		for j < len(code) && isIdent(code[j]) {
			j++
		}
		if j < len(code) && code[j] == '(' {
			continue // a method
		}
		out = append(out, fact.Field{Name: string(code[off:j]), Span: fact.Span{Start: off, End: j}})
	}
}
