package shellcmd

import (
	"fmt"
	"regexp"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/envassign"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// seg is a decoded piece of a word: literal text, or an expansion kept as
// written.
type seg struct {
	text []byte
	offs []int // file offset of each byte of text
	dyn  bool
	// ref is the variable a simple expansion names ($X, ${X}, ${X[@]}).
	ref string
	// quoted: inside double quotes, where an expansion is not split.
	quoted bool
	// end is the file offset after the text, before any closing quote.
	end int
}

func (g *seg) emit(b byte, at int) {
	g.text = append(g.text, b)
	g.offs = append(g.offs, at)
}

// segs decodes a word: quotes removed, escapes resolved, every byte
// mapped to its file offset.
func (s *script) segs(w *syntax.Word) []seg {
	var out []seg
	for _, p := range w.Parts {
		out = s.part(p, false, out)
	}
	return out
}

var simpleRef = regexp.MustCompile(`^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?:\[[@*]\])?\}?$`)

func (s *script) part(p syntax.WordPart, quoted bool, out []seg) []seg {
	start, end := int(p.Pos().Offset()), int(p.End().Offset())
	switch p := p.(type) {
	case *syntax.Lit:
		return append(out, s.literal(start, end, quoted))
	case *syntax.SglQuoted:
		from := start + 1
		if p.Dollar {
			from++
		}
		if p.Dollar {
			return append(out, s.ansiC(from, end-1))
		}
		return append(out, s.raw(from, end-1, false))
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			out = s.part(q, true, out)
		}
		return out
	case *syntax.ParamExp:
		g := s.raw(start, end, true)
		if m := simpleRef.FindSubmatch(g.text); m != nil {
			g.ref = string(m[1])
		}
		g.quoted = quoted
		return append(out, g)
	}
	// command substitutions, arithmetic, globs: kept as written
	return append(out, s.raw(start, end, true))
}

// raw is src[start:end] as is.
func (s *script) raw(start, end int, dyn bool) seg {
	g := seg{dyn: dyn, end: s.off(end)}
	for i := start; i < end; i++ {
		g.emit(s.src[i], s.off(i))
	}
	s.markTemplated(&g, start, end)
	return g
}

// literal decodes unquoted or double-quoted text: a backslash escapes the
// next byte (in double quotes only $ ` " \ and newline), and a
// backslash-newline disappears.
func (s *script) literal(start, end int, quoted bool) seg {
	g := seg{end: s.off(end)}
	for i := start; i < end; i++ {
		c := s.src[i]
		if c == '\\' && i+1 < end {
			n := s.src[i+1]
			switch {
			case n == '\n':
				i++
				continue
			case !quoted || n == '$' || n == '`' || n == '"' || n == '\\':
				g.emit(n, s.off(i))
				i++
				continue
			}
		}
		if c == '\r' && (i+1 == len(s.src) || s.src[i+1] == '\n') {
			continue // a CRLF file: read as it is meant, not as bash would
		}
		g.emit(c, s.off(i))
	}
	s.markTemplated(&g, start, end)
	return g
}

// ansiC decodes the body of $'…'.
func (s *script) ansiC(start, end int) seg {
	g := seg{end: s.off(end)}
	for i := start; i < end; i++ {
		c := s.src[i]
		if c == '\\' && i+1 < end {
			n := s.src[i+1]
			switch n {
			case 'n':
				n = '\n'
			case 't':
				n = '\t'
			case 'r':
				n = '\r'
			case 'e', 'E':
				n = 0x1b
			case '\\', '\'', '"', '?':
			default:
				g.emit(c, s.off(i))
				continue
			}
			g.emit(n, s.off(i))
			i++
			continue
		}
		g.emit(c, s.off(i))
	}
	return g
}

func (s *script) markTemplated(g *seg, start, end int) {
	if s.masked.Templated(fact.Span{Start: start, End: end}) {
		g.dyn = true
	}
}

// word is w as one argument.
func (s *script) word(w *syntax.Word) cmdline.Word {
	return s.join(s.segs(w), s.wordSpan(w))
}

// wordSpan is the span of w without the CR of a CRLF line end.
func (s *script) wordSpan(w *syntax.Word) fact.Span {
	start, end := int(w.Pos().Offset()), int(w.End().Offset())
	if end > start && s.src[end-1] == '\r' {
		end--
	}
	return fact.Span{Start: s.off(start), End: s.off(end)}
}

func (s *script) join(segs []seg, span fact.Span) cmdline.Word {
	out := cmdline.Word{Span: span}
	var val []byte
	end := span.End
	for _, g := range segs {
		val = append(val, g.text...)
		out.Offsets = append(out.Offsets, g.offs...)
		out.Dynamic = out.Dynamic || g.dyn
		if len(g.text) > 0 {
			end = g.end
		}
	}
	out.Value = string(val)
	out.Offsets = append(out.Offsets, end)
	return out
}

// expand is w as the arguments it becomes: a known argument variable or
// array ($ARGS, "${cmd[@]}") splices in its words, anything else is one
// word.
func (s *script) expand(w *syntax.Word) []cmdline.Word {
	segs := s.segs(w)
	if len(segs) == 1 && segs[0].ref != "" {
		if words, ok := s.vars[segs[0].ref]; ok {
			return words
		}
	}
	if n := len(segs); n > 1 && segs[n-1].ref != "" && !segs[n-1].quoted {
		// /usr/sbin/$cmd where cmd holds a command read at run time and
		// the flags appended to it: the prefix is the unknown program
		if words, ok := s.vars[segs[n-1].ref]; ok && len(words) > 1 {
			prog := s.join(segs[:n-1], s.wordSpan(w))
			prog.Span, prog.Offsets, prog.Dynamic = s.wordSpan(w), nil, true
			if !strings.HasPrefix(words[0].Value, "-") {
				// the first field joins the prefix: /usr/sbin/nginx
				prog.Value += words[0].Value
				prog.Dynamic = words[0].Dynamic
				words = words[1:]
			}
			return append([]cmdline.Word{prog}, words...)
		}
	}
	return []cmdline.Word{s.join(segs, s.wordSpan(w))}
}

// fields splits the value of a scalar assignment into the words an
// unquoted $VAR would expand to, splicing in known variables
// (ARGS="$ARGS --debug").
func (s *script) fields(w *syntax.Word) []cmdline.Word {
	var out []cmdline.Word
	var cur []seg
	flush := func() {
		if len(cur) == 0 {
			return
		}
		out = append(out, s.join(cur, fact.Span{Start: cur[0].offs[0], End: cur[len(cur)-1].end}))
		cur = nil
	}
	segs := s.segs(w)
	for i, g := range segs {
		// A known variable splices in its words only when it stands as a
		// field of its own: in CLUSTER=${NAME_1}=http://… it is part of
		// one word, whose value we do not know.
		alone := len(cur) == 0 && (i+1 == len(segs) || startsWithSpace(segs[i+1]))
		if words, ok := s.vars[g.ref]; ok && g.ref != "" && alone {
			flush()
			out = append(out, words...)
			continue
		}
		if g.dyn {
			if len(g.text) > 0 {
				cur = append(cur, g)
			}
			continue
		}
		var piece seg
		for i, b := range g.text {
			if b == ' ' || b == '\t' || b == '\n' {
				if len(piece.text) > 0 {
					cur = append(cur, piece)
					piece = seg{}
				}
				flush()
				continue
			}
			piece.emit(b, g.offs[i])
			piece.end = g.end
			if i+1 < len(g.text) {
				piece.end = g.offs[i+1]
			}
		}
		if len(piece.text) > 0 {
			cur = append(cur, piece)
		}
	}
	flush()
	return out
}

func startsWithSpace(g seg) bool {
	return !g.dyn && len(g.text) > 0 && (g.text[0] == ' ' || g.text[0] == '\t' || g.text[0] == '\n')
}

// renderer renders intents on a script: ETCD_* assignments like env file
// lines (keeping their quoting), flags through the command line's renderer.
type renderer struct {
	items map[*fact.Setting]envItem
	cmd   fact.Renderer
}

func (r *renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	item, isEnv := r.items[in.Setting]
	switch {
	case in.Setting != nil && isEnv && in.Kind == fact.Replace:
		return envassign.RenderReplace(src, in), nil
	case in.Setting != nil && isEnv && in.Kind == fact.Remove:
		if item.line != nil {
			return []fact.Edit{textedit.RemoveLines(src, *item.line)}, nil
		}
		return []fact.Edit{cmdline.RemoveWords(src, in.Setting.Span)}, nil
	case r.cmd != nil:
		return r.cmd.Render(src, in)
	}
	return nil, fmt.Errorf("shell script: cannot render intent %d without an etcd command line", in.Kind)
}
