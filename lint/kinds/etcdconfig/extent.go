package etcdconfig

import (
	"bytes"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// doc is a YAML source with the line table its parser uses. yaml.v3 only
// reports where a node starts (1-based line, 1-based column counted in
// characters); doc turns that into byte offsets and finds where each node
// ends by reading the bytes the way the YAML scanner does.
type doc struct {
	src []byte
	// lines holds the offset of each line start as YAML counts lines: a
	// BOM is not part of line 1, and \r\n, \r, \n, NEL, LS and PS all end
	// a line.
	lines []int
}

func newDoc(src []byte) *doc {
	d := &doc{src: src}
	start := 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		start = 3
	}
	d.lines = append(d.lines, start)
	for i := start; i < len(src); {
		if n := breakLen(src, i); n > 0 {
			i += n
			d.lines = append(d.lines, i)
			continue
		}
		i++
	}
	return d
}

// breakLen is the length of the line break at src[i], or 0.
func breakLen(src []byte, i int) int {
	switch c := src[i]; {
	case c == '\r' && i+1 < len(src) && src[i+1] == '\n':
		return 2
	case c == '\r' || c == '\n':
		return 1
	case c == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
		return 2
	case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
		return 3
	}
	return 0
}

// offset converts a yaml.v3 line and column to a byte offset: the one place
// where that happens.
func (d *doc) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(d.lines) {
		return len(d.src)
	}
	off := d.lines[line-1]
	for ; col > 1 && off < len(d.src); col-- {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return off
}

// lineStart is the offset of the 1-based line n.
func (d *doc) lineStart(n int) int { return d.offset(n, 1) }

// at is the offset where node n starts, past any anchor or tag.
func (d *doc) at(n *yaml.Node) int {
	// No scalar, alias or collection starts with & or !: they are always
	// properties.
	off := d.offset(n.Line, n.Column)
	for off < len(d.src) && (d.src[off] == '&' || d.src[off] == '!') {
		for off < len(d.src) && !isSpace(d.src[off]) && breakLen(d.src, off) == 0 {
			off++
		}
		off = d.skipBlanks(off)
	}
	return off
}

// skipBlanks moves past spaces, tabs and line breaks.
func (d *doc) skipBlanks(off int) int {
	for off < len(d.src) {
		if isSpace(d.src[off]) {
			off++
		} else if n := breakLen(d.src, off); n > 0 {
			off += n
		} else {
			break
		}
	}
	return off
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// lineEnd is the offset of the line break ending the line holding off.
func (d *doc) lineEnd(off int) int {
	for off < len(d.src) && breakLen(d.src, off) == 0 {
		off++
	}
	return off
}

// nextLine is the offset just past the line break after off, or len(src).
func (d *doc) nextLine(off int) int {
	off = d.lineEnd(off)
	if off < len(d.src) {
		off += breakLen(d.src, off)
	}
	return off
}

// indentOf counts the spaces at the start of the line starting at off.
func (d *doc) indentOf(off int) int {
	n := 0
	for off+n < len(d.src) && d.src[off+n] == ' ' {
		n++
	}
	return n
}

// blank reports whether the line starting at off holds only spaces and tabs.
func (d *doc) blank(off int) bool {
	for ; off < len(d.src) && breakLen(d.src, off) == 0; off++ {
		if !isSpace(d.src[off]) {
			return false
		}
	}
	return true
}

// span is where node n is written: from its first character (past
// properties) to just after its last one, without trailing blanks or
// comments. parent is the indentation of the block the node belongs to
// (the column of its key or sequence dash), flow whether it sits inside
// [ ] or { }.
func (d *doc) span(n *yaml.Node, parent int, flow bool) fact.Span {
	start := d.at(n)
	switch {
	case n.Kind == yaml.AliasNode:
		return fact.Span{Start: start, End: d.plainWord(start)}
	case n.Kind == yaml.ScalarNode && n.Style&yaml.DoubleQuotedStyle != 0:
		return fact.Span{Start: start, End: d.quoted(start, '"')}
	case n.Kind == yaml.ScalarNode && n.Style&yaml.SingleQuotedStyle != 0:
		return fact.Span{Start: start, End: d.quoted(start, '\'')}
	case n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return fact.Span{Start: start, End: d.blockScalar(start, parent).End}
	case n.Kind == yaml.ScalarNode:
		if n.Tag == "!!null" && n.Value == "" {
			return fact.Span{Start: start, End: start}
		}
		return fact.Span{Start: start, End: d.plain(start, parent, flow)}
	case n.Style&yaml.FlowStyle != 0:
		return fact.Span{Start: start, End: d.flowCollection(start)}
	case n.Kind == yaml.SequenceNode && len(n.Content) > 0:
		return fact.Span{Start: start, End: d.span(n.Content[len(n.Content)-1], d.column(start), false).End}
	case n.Kind == yaml.MappingNode && len(n.Content) > 0:
		key := n.Content[len(n.Content)-2]
		return fact.Span{Start: start, End: d.span(n.Content[len(n.Content)-1], d.column(d.at(key)), false).End}
	}
	return fact.Span{Start: start, End: start}
}

// column is the indentation column of off (bytes from its line start;
// indentation is spaces only in YAML).
func (d *doc) column(off int) int {
	i := off
	for i > 0 && d.src[i-1] != '\n' && d.src[i-1] != '\r' {
		i--
	}
	return off - i
}

// quoted is the end of the quoted scalar opening at start.
func (d *doc) quoted(start int, q byte) int {
	for i := start + 1; i < len(d.src); i++ {
		switch {
		case q == '"' && d.src[i] == '\\':
			i++
		case d.src[i] == q && q == '\'' && i+1 < len(d.src) && d.src[i+1] == '\'':
			i++
		case d.src[i] == q:
			return i + 1
		}
	}
	return len(d.src)
}

// plainWord is the end of an alias or other token ending at a blank or a
// flow indicator.
func (d *doc) plainWord(start int) int {
	i := start
	for i < len(d.src) && !isSpace(d.src[i]) && breakLen(d.src, i) == 0 && !isFlowIndicator(d.src[i]) {
		i++
	}
	return i
}

func isFlowIndicator(c byte) bool { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}' }

// plain is the end of the plain scalar at start. In block context it may
// continue on following lines indented deeper than parent; a comment ends
// it.
func (d *doc) plain(start, parent int, flow bool) int {
	end := d.plainLine(start, flow)
	if d.stopsPlain(end) {
		return end
	}
	for line := d.nextLine(end); line < len(d.src); line = d.nextLine(line) {
		if d.blank(line) {
			continue
		}
		first := line + d.indentOf(line)
		for first < len(d.src) && isSpace(d.src[first]) {
			first++
		}
		if d.src[first] == '#' || (!flow && d.indentOf(line) <= parent) || (flow && isFlowIndicator(d.src[first])) {
			break
		}
		end = d.plainLine(first, flow)
		if d.stopsPlain(end) {
			break
		}
	}
	return end
}

// stopsPlain reports whether a plain scalar ending at end (on its line)
// was cut by a comment or flow indicator rather than by the line end.
func (d *doc) stopsPlain(end int) bool {
	i := end
	for i < len(d.src) && isSpace(d.src[i]) {
		i++
	}
	return i < len(d.src) && breakLen(d.src, i) == 0
}

// keySpan is where the mapping key k is written. A plain implicit key is
// one line long and ends at the ": " that follows it.
func (d *doc) keySpan(k *yaml.Node, flow bool) fact.Span {
	if k.Kind != yaml.ScalarNode || k.Style&^yaml.TaggedStyle != 0 {
		return d.span(k, -1, flow)
	}
	start := d.at(k)
	end := start
	for i := start; i < len(d.src) && breakLen(d.src, i) == 0; i++ {
		c := d.src[i]
		if c == ':' && (i+1 == len(d.src) || isSpace(d.src[i+1]) || breakLen(d.src, i+1) > 0 || flow && isFlowIndicator(d.src[i+1])) {
			break
		}
		if c == '#' && i > start && isSpace(d.src[i-1]) || flow && isFlowIndicator(c) {
			break
		}
		if !isSpace(c) {
			end = i + 1
		}
	}
	return fact.Span{Start: start, End: end}
}

// plainLine is the end of the part of a plain scalar on the line holding
// start: up to a comment, a ": ", or in flow context a flow indicator,
// without trailing blanks.
func (d *doc) plainLine(start int, flow bool) int {
	end := start
	for i := start; i < len(d.src) && breakLen(d.src, i) == 0; i++ {
		c := d.src[i]
		if c == '#' && i > start && isSpace(d.src[i-1]) {
			break
		}
		if flow && (isFlowIndicator(c) || c == ':' && (i+1 == len(d.src) || isSpace(d.src[i+1]) || isFlowIndicator(d.src[i+1]))) {
			break
		}
		if !isSpace(c) {
			end = i + 1
		}
	}
	return end
}

// blockScalar reads the | or > scalar whose indicator is at start: the
// header, and the span of its content lines (empty at the header's end
// when there are none).
func (d *doc) blockScalar(start, parent int) fact.Span {
	header := start + 1
	indent := 0
	for header < len(d.src) && (d.src[header] == '+' || d.src[header] == '-' || d.src[header] >= '1' && d.src[header] <= '9') {
		if d.src[header] != '+' && d.src[header] != '-' {
			indent = max(parent, 0) + int(d.src[header]-'0')
		}
		header++
	}
	content := fact.Span{Start: header, End: header}
	for line := d.nextLine(start); line < len(d.src); line = d.nextLine(line) {
		if d.blank(line) {
			continue
		}
		ind := d.indentOf(line)
		if indent == 0 {
			if ind <= parent {
				break
			}
			indent = ind
		}
		if ind < indent {
			break
		}
		if content.Start == header {
			content.Start = line + indent
		}
		content.End = d.lineEnd(line)
	}
	if content.Start == header {
		content.End = header
	}
	return content
}

// flowCollection is the end of the [ ] or { } opening at start.
func (d *doc) flowCollection(start int) int {
	depth := 0
	tokenStart := true // a quote only opens a scalar where a token starts
	for i := start; i < len(d.src); i++ {
		c := d.src[i]
		switch {
		case (c == '"' || c == '\'') && tokenStart:
			i = d.quoted(i, c) - 1
			tokenStart = false
			continue
		case c == '#' && (isSpace(d.src[i-1]) || d.src[i-1] == '\n' || d.src[i-1] == '\r'):
			i = d.lineEnd(i) - 1
			continue
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		tokenStart = c == '[' || c == '{' || c == ',' || c == ':' || isSpace(c) || c == '\n' || c == '\r' || tokenStart && (c == '-' || c == '?')
	}
	return len(d.src)
}
