package yamlpos

import (
	"errors"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Scalar is a decoded scalar with the file offset of each of its bytes.
type Scalar struct {
	Value string
	// Style is the node's style without the tagged bit: 0 (plain),
	// DoubleQuotedStyle, SingleQuotedStyle, LiteralStyle or FoldedStyle.
	Style yaml.Style
	// Span covers the scalar as written: its quotes, or a block scalar's
	// header and content lines.
	Span fact.Span
	// Content covers the text between the quotes, or a block scalar's
	// content from its first to its last non-empty character (empty at the
	// end of the header's indicators when it has no content lines).
	Content fact.Span
	// Offsets maps each byte of Value, and one past its end, to a file
	// offset. A byte made by an escape or by folding maps to the escape or
	// line break that made it.
	Offsets []int
	// verbatim[i] reports whether byte i of Value is the file byte at
	// Offsets[i].
	verbatim []bool
}

// Verbatim reports whether byte i of Value is written as is in the file
// (not made by an escape, a quote doubling or line folding).
func (s *Scalar) Verbatim(i int) bool { return s.verbatim[i] }

// Sub is the offsets of Value[i:j] and one past it, for a word inside the
// scalar.
func (s *Scalar) Sub(i, j int) []int { return s.Offsets[i : j+1] }

// ErrUnmapped is returned for a scalar whose bytes this package cannot
// align with its decoded value.
var ErrUnmapped = errors.New("yamlpos: scalar source does not decode to its value")

// Scalar decodes scalar node n from the source and maps each byte of its
// value to the file. The decoding is checked against the value yaml.v3
// read; a mismatch gives ErrUnmapped.
func (d *Doc) Scalar(n *yaml.Node) (*Scalar, error) { return d.scalar(n, false) }

func (d *Doc) scalar(n *yaml.Node, _ bool) (*Scalar, error) {
	if n.Kind != yaml.ScalarNode {
		return nil, ErrUnmapped
	}
	start := d.Start(n)
	style := n.Style &^ yaml.TaggedStyle
	var sc *Scalar
	switch {
	case style&yaml.DoubleQuotedStyle != 0:
		sc = d.quoted(start, '"', n.Value)
	case style&yaml.SingleQuotedStyle != 0:
		sc = d.quoted(start, '\'', n.Value)
	case style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		sc = d.block(start, n.Value)
	default:
		sc = d.plain(start, n.Value)
	}
	if sc == nil || sc.Value != n.Value {
		return nil, ErrUnmapped
	}
	sc.Style = style
	return sc, nil
}

// builder collects decoded bytes with their offsets.
type builder struct {
	b        []byte
	offs     []int
	verbatim []bool
}

func (b *builder) copy(c byte, at int) {
	b.b = append(b.b, c)
	b.offs = append(b.offs, at)
	b.verbatim = append(b.verbatim, true)
}

func (b *builder) made(s string, at int) {
	for i := range len(s) {
		b.b = append(b.b, s[i])
		b.offs = append(b.offs, at)
		b.verbatim = append(b.verbatim, false)
	}
}

func (b *builder) scalar(end int, span, content fact.Span) *Scalar {
	return &Scalar{Value: string(b.b), Offsets: append(b.offs, end), verbatim: b.verbatim, Span: span, Content: content}
}

// fold reads the line break at i and the empty lines after it, as flow
// scalars fold them: one break becomes a space, k further empty lines
// become k newlines. What it makes maps to at: the blanks before the
// break, which folding drops too, or the break itself (the escape of an
// escaped break), so that the bytes before end where the fold starts. It
// returns the offset of the next line's first non-blank character.
func (d *Doc) fold(b *builder, at, i int, escaped bool) int {
	i += d.brk(i)
	k := 0
	for {
		for i < len(d.src) && isBlank(d.src[i]) {
			i++
		}
		n := d.brk(i)
		if n == 0 {
			break
		}
		k++
		i += n
	}
	switch {
	case k > 0:
		b.made(strings.Repeat("\n", k), at)
	case !escaped:
		b.made(" ", at)
	}
	return i
}

// plain decodes a plain scalar. It has no closing mark: decoding stops once
// the value is complete (a plain scalar never ends in whitespace).
func (d *Doc) plain(start int, v string) *Scalar {
	var b builder
	i := start
	for len(b.b) < len(v) {
		if i >= len(d.src) {
			return nil
		}
		c := d.src[i]
		switch {
		case isBlank(c):
			j := i
			for j < len(d.src) && isBlank(d.src[j]) {
				j++
			}
			if j < len(d.src) && d.brk(j) == 0 {
				if d.src[j] == '#' {
					return nil
				}
				for ; i < j; i++ {
					b.copy(d.src[i], i)
				}
				continue
			}
			at := i
			i = j
			if i >= len(d.src) {
				return nil
			}
			i = d.fold(&b, at, i, false)
		case d.brk(i) > 0:
			i = d.fold(&b, i, i, false)
		default:
			b.copy(c, i)
			i++
		}
		if n := len(b.b); n > len(v) || b.b[n-1] != v[n-1] {
			return nil
		}
	}
	span := fact.Span{Start: start, End: i}
	return b.scalar(i, span, span)
}

// quoted decodes a single- or double-quoted scalar opening at start.
func (d *Doc) quoted(start int, q byte, v string) *Scalar {
	var b builder
	i := start + 1
	for i < len(d.src) {
		c := d.src[i]
		switch {
		case c == q && q == '\'' && i+1 < len(d.src) && d.src[i+1] == '\'':
			b.made("'", i)
			i += 2
		case c == q:
			return b.scalar(i, fact.Span{Start: start, End: i + 1}, fact.Span{Start: start + 1, End: i})
		case q == '"' && c == '\\' && d.brk(i+1) > 0:
			i = d.fold(&b, i, i+1, true)
		case q == '"' && c == '\\':
			made, n, ok := escape(d.src[i:])
			if !ok {
				return nil
			}
			b.made(made, i)
			i += n
		case isBlank(c):
			j := i
			for j < len(d.src) && isBlank(d.src[j]) {
				j++
			}
			if d.brk(j) > 0 {
				i = d.fold(&b, i, j, false)
				continue
			}
			for ; i < j; i++ {
				b.copy(d.src[i], i)
			}
		case d.brk(i) > 0:
			i = d.fold(&b, i, i, false)
		default:
			b.copy(c, i)
			i++
		}
		if n := len(b.b); n > len(v) || n > 0 && b.b[n-1] != v[n-1] {
			return nil
		}
	}
	return nil
}

// escape decodes the escape sequence at the start of s (s[0] is the
// backslash): what it makes and how many source bytes it takes.
func escape(s []byte) (string, int, bool) {
	if len(s) < 2 {
		return "", 0, false
	}
	if m, ok := simpleEscapes[s[1]]; ok {
		return m, 2, true
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[1]]
	if width == 0 || len(s) < 2+width {
		return "", 0, false
	}
	r, err := strconv.ParseUint(string(s[2:2+width]), 16, 32)
	if err != nil {
		return "", 0, false
	}
	return string(rune(r)), 2 + width, true
}

var simpleEscapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
	'r': "\r", 'e': "\x1b", ' ': " ", '"': `"`, '/': "/", '\\': `\`,
	'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
}

// block decodes a literal (|) or folded (>) scalar whose indicator is at
// start. An explicit indentation indicator counts from the indentation of
// the enclosing block, which the node does not tell: every candidate up to
// the header's column is tried and the one that gives the value wins.
func (d *Doc) block(start int, v string) *Scalar {
	folded := d.src[start] == '>'
	chomp, explicit := byte(0), 0
	h := start + 1
	for h < len(d.src) && (d.src[h] == '+' || d.src[h] == '-' || d.src[h] >= '1' && d.src[h] <= '9') {
		if d.src[h] == '+' || d.src[h] == '-' {
			chomp = d.src[h]
		} else {
			explicit = int(d.src[h] - '0')
		}
		h++
	}
	first := d.nextLine(start)
	if explicit == 0 {
		indent := 0
		for line := first; line < len(d.src); line = d.nextLine(line) {
			if !d.blank(line) {
				indent = max(indent, d.indentOf(line))
				break
			}
			indent = max(indent, d.indentOf(line))
		}
		return d.blockLines(start, h, first, max(indent, 1), folded, chomp, v)
	}
	for base := 0; base <= d.Column(start); base++ {
		if sc := d.blockLines(start, h, first, base+explicit, folded, chomp, v); sc != nil && sc.Value == v {
			return sc
		}
	}
	return nil
}

// blockLines decodes the content lines of a block scalar at indentation
// indent. header is the end of its indicators: a block scalar with no
// content lines ends there, before any comment on the header line.
func (d *Doc) blockLines(start, header, first, indent int, folded bool, chomp byte, v string) *Scalar {
	var b builder
	content := fact.Span{Start: -1}
	end := first
	// pending are the line breaks after the last non-empty line: their
	// offsets, and how many empty lines follow it.
	var breaks []int
	prevMore := false // the previous non-empty line was more indented
	for line := first; line < len(d.src); line = d.nextLine(line) {
		ind := d.indentOf(line)
		if d.blank(line) && ind <= indent {
			if e := d.LineEnd(line); e < len(d.src) {
				breaks = append(breaks, e)
			}
			continue
		}
		if ind < indent {
			break
		}
		text := line + indent
		more := text < len(d.src) && isBlank(d.src[text])
		if content.Start < 0 {
			content.Start = text
			for _, at := range breaks {
				d.newline(&b, at) // leading empty lines
			}
		} else {
			switch {
			case folded && !more && !prevMore && len(breaks) == 1:
				b.made(" ", breaks[0])
			case folded && !more && !prevMore:
				// n breaks make n-1 newlines; each maps to the break
				// that ends a line, so the text before it ends there
				for i := range breaks[1:] {
					d.newline(&b, breaks[i])
				}
			default:
				for _, at := range breaks {
					d.newline(&b, at)
				}
			}
		}
		breaks = breaks[:0]
		lineEnd := d.LineEnd(line)
		for i := text; i < lineEnd; i++ {
			b.copy(d.src[i], i)
		}
		if !d.blank(line) || content.End < content.Start {
			// a final line of blanks is content, but like the final
			// line breaks it lies past the scalar's last character
			content.End = lineEnd
			end = lineEnd
		}
		prevMore = more
		if lineEnd < len(d.src) {
			breaks = append(breaks, lineEnd)
		}
	}
	if content.Start < 0 {
		content = fact.Span{Start: header, End: header}
		end = header
		if chomp == '+' {
			for _, at := range breaks {
				d.newline(&b, at)
			}
		}
		return b.scalar(end, fact.Span{Start: start, End: end}, content)
	}
	switch chomp {
	case '-':
	case '+':
		for _, at := range breaks {
			d.newline(&b, at)
		}
	default:
		if len(breaks) > 0 {
			d.newline(&b, breaks[0])
		}
	}
	return b.scalar(end, fact.Span{Start: start, End: end}, content)
}

// newline adds the "\n" a line break at at makes.
func (d *Doc) newline(b *builder, at int) {
	if at < len(d.src) && d.src[at] == '\n' {
		b.copy('\n', at)
		return
	}
	b.made("\n", at)
}
