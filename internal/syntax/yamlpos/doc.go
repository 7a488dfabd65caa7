// Package yamlpos maps yaml.v3 nodes back to the bytes they were read
// from: where a node starts and ends, and which file offset each byte of a
// decoded scalar came from, through plain, quoted and block styles. File
// kinds that read YAML (Kubernetes, compose, etcd config files, rule files)
// use it so that spans stay exact in one place.
package yamlpos

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Doc is a YAML source with the line table its parser uses. yaml.v3 only
// reports where a node starts (1-based line, 1-based column counted in
// characters); Doc turns that into byte offsets and finds where each node
// ends by reading the bytes the way the YAML scanner does.
type Doc struct {
	src []byte
	// lines holds the offset of each line start as YAML counts lines: a
	// BOM is not part of line 1, and \r\n, \r, \n, NEL, LS and PS all end
	// a line.
	lines []int
	// wide marks the lines that hold a byte outside ASCII, where a column
	// (counted in characters) is not a byte count
	wide []bool
}

// New indexes src.
func New(src []byte) *Doc {
	d := &Doc{src: src}
	start := 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		start = 3
	}
	d.lines = append(d.lines, start)
	d.wide = append(d.wide, false)
	for i := start; i < len(src); {
		if n := breakLen(src, i); n > 0 {
			i += n
			d.lines = append(d.lines, i)
			d.wide = append(d.wide, false)
			continue
		}
		if src[i] >= utf8.RuneSelf {
			d.wide[len(d.wide)-1] = true
		}
		i++
	}
	return d
}

// Src is the indexed source.
func (d *Doc) Src() []byte { return d.src }

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

func (d *Doc) brk(i int) int {
	if i >= len(d.src) {
		return 0
	}
	return breakLen(d.src, i)
}

// Offset converts a yaml.v3 line and column to a byte offset.
func (d *Doc) Offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(d.lines) {
		return len(d.src)
	}
	off := d.lines[line-1]
	if !d.wide[line-1] {
		// one byte a column: no decoding along a long line for every node
		end := len(d.src)
		if line < len(d.lines) {
			end = d.lines[line]
		}
		if off+col-1 <= end {
			return off + max(col-1, 0)
		}
	}
	for ; col > 1 && off < len(d.src); col-- {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return off
}

// LineStart is the offset of the 1-based line n.
func (d *Doc) LineStart(n int) int { return d.Offset(n, 1) }

// Start is the offset where node n starts, past any anchor or tag. An
// empty plain scalar after properties ("key: !!str") starts, and ends,
// right after them: what follows them belongs to the next node.
func (d *Doc) Start(n *yaml.Node) int {
	// No scalar, alias or collection starts with & or !: they are always
	// properties.
	off := d.Offset(n.Line, n.Column)
	props := -1
	for off < len(d.src) && (d.src[off] == '&' || d.src[off] == '!') {
		for off < len(d.src) && !isBlank(d.src[off]) && d.brk(off) == 0 {
			off++
		}
		props = off
		off = d.skipBlanks(off)
	}
	if props >= 0 && n.Kind == yaml.ScalarNode && n.Value == "" && n.Style&^yaml.TaggedStyle == 0 {
		return props
	}
	return off
}

// skipBlanks moves past spaces, tabs and line breaks.
func (d *Doc) skipBlanks(off int) int {
	for off < len(d.src) {
		if isBlank(d.src[off]) {
			off++
		} else if n := d.brk(off); n > 0 {
			off += n
		} else {
			break
		}
	}
	return off
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// LineEnd is the offset of the line break ending the line holding off.
func (d *Doc) LineEnd(off int) int {
	for off < len(d.src) && d.brk(off) == 0 {
		off++
	}
	return off
}

// nextLine is the offset just past the line break after off, or len(src).
func (d *Doc) nextLine(off int) int {
	off = d.LineEnd(off)
	return off + d.brk(off)
}

// indentOf counts the spaces at the start of the line starting at off.
func (d *Doc) indentOf(off int) int {
	n := 0
	for off+n < len(d.src) && d.src[off+n] == ' ' {
		n++
	}
	return n
}

// blank reports whether the line starting at off holds only spaces and tabs.
func (d *Doc) blank(off int) bool {
	for ; off < len(d.src) && d.brk(off) == 0; off++ {
		if !isBlank(d.src[off]) {
			return false
		}
	}
	return true
}

// Column is the column of off in bytes from its line start (indentation is
// spaces only in YAML, so this is the indentation level of a line's first
// node).
func (d *Doc) Column(off int) int {
	i := off
	for i > 0 && d.src[i-1] != '\n' && d.src[i-1] != '\r' {
		i--
	}
	return off - i
}

// Span is where node n is written: from its first character (past
// properties) to just after its last one, without trailing blanks or
// comments. flow says whether n sits inside [ ] or { }.
func (d *Doc) Span(n *yaml.Node, flow bool) fact.Span {
	start := d.Start(n)
	switch {
	case n.Kind == yaml.AliasNode:
		return fact.Span{Start: start, End: d.plainWord(start)}
	case n.Kind == yaml.ScalarNode:
		if n.Tag == "!!null" && n.Value == "" && n.Style == 0 {
			return fact.Span{Start: start, End: start}
		}
		if sc, err := d.scalar(n, flow); err == nil {
			return sc.Span
		}
		return fact.Span{Start: start, End: d.plainLine(start, flow)}
	case n.Style&yaml.FlowStyle != 0:
		return fact.Span{Start: start, End: d.flowCollection(start)}
	case len(n.Content) > 0:
		// yaml.v3 may place a collection after its last child (an anchor
		// on an empty key: "- &a:"): a span never ends before it starts
		return fact.Span{Start: start, End: max(start, d.Span(n.Content[len(n.Content)-1], false).End)}
	}
	return fact.Span{Start: start, End: start}
}

// KeySpan is where the mapping key k is written. A plain implicit key is
// one line long and ends at the ": " that follows it.
func (d *Doc) KeySpan(k *yaml.Node, flow bool) fact.Span {
	if k.Kind != yaml.ScalarNode || k.Style&^yaml.TaggedStyle != 0 {
		return d.Span(k, flow)
	}
	start := d.Start(k)
	end := start
	for i := start; i < len(d.src) && d.brk(i) == 0; i++ {
		c := d.src[i]
		if c == ':' && (i+1 == len(d.src) || isBlank(d.src[i+1]) || d.brk(i+1) > 0 || flow && isFlowIndicator(d.src[i+1])) {
			break
		}
		if c == '#' && i > start && isBlank(d.src[i-1]) || flow && isFlowIndicator(c) {
			break
		}
		if !isBlank(c) {
			end = i + 1
		}
	}
	return fact.Span{Start: start, End: end}
}

// plainWord is the end of an alias or other token ending at a blank or a
// flow indicator.
func (d *Doc) plainWord(start int) int {
	i := start
	for i < len(d.src) && !isBlank(d.src[i]) && d.brk(i) == 0 && !isFlowIndicator(d.src[i]) {
		i++
	}
	return i
}

func isFlowIndicator(c byte) bool { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}' }

// plainLine is the end of the part of a plain scalar on the line holding
// start: up to a comment, a ": ", or in flow context a flow indicator,
// without trailing blanks.
func (d *Doc) plainLine(start int, flow bool) int {
	end := start
	for i := start; i < len(d.src) && d.brk(i) == 0; i++ {
		c := d.src[i]
		if c == '#' && i > start && isBlank(d.src[i-1]) {
			break
		}
		if c == ':' && (i+1 == len(d.src) || isBlank(d.src[i+1]) || d.brk(i+1) > 0 || flow && isFlowIndicator(d.src[i+1])) {
			break
		}
		if flow && isFlowIndicator(c) {
			break
		}
		if !isBlank(c) {
			end = i + 1
		}
	}
	return end
}

// flowCollection is the end of the [ ] or { } opening at start.
func (d *Doc) flowCollection(start int) int {
	depth := 0
	tokenStart := true // a quote only opens a scalar where a token starts
	for i := start; i < len(d.src); i++ {
		c := d.src[i]
		switch {
		case (c == '"' || c == '\'') && tokenStart:
			i = d.quotedEnd(i, c) - 1
			tokenStart = false
			continue
		case c == '#' && i > 0 && (isBlank(d.src[i-1]) || d.src[i-1] == '\n' || d.src[i-1] == '\r'):
			i = d.LineEnd(i) - 1
			continue
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		tokenStart = c == '[' || c == '{' || c == ',' || c == ':' || isBlank(c) || c == '\n' || c == '\r' || tokenStart && (c == '-' || c == '?')
	}
	return len(d.src)
}

// quotedEnd is the end of the quoted scalar opening at start.
func (d *Doc) quotedEnd(start int, q byte) int {
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

var errLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parserProblems are the messages yaml.v3 raises from its parser rather
// than its scanner; for those, the "line N" it prints is the 0-based line
// (it adds one only to scanner errors).
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected <document start>",
	"did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive",
	"found duplicate %YAML directive", "found incompatible YAML document", "found undefined tag handle",
}

// SyntaxError turns a yaml.v3 error into a ParseError at the start of the
// line it names (line 1 when it names none).
func (d *Doc) SyntaxError(err error) *fact.ParseError { return d.SyntaxErrorAfter(err, 0) }

// SyntaxErrorAfter is SyntaxError for text parsed on its own that starts
// after the first lines of the file.
func (d *Doc) SyntaxErrorAfter(err error, lines int) *fact.ParseError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := errLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = err.Error()[len(m[0]):]
		if slices.Contains(parserProblems, msg) {
			line++
		}
	}
	return &fact.ParseError{Offset: d.LineStart(line + lines), Msg: "invalid YAML: " + msg}
}
