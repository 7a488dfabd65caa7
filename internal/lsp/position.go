package lsp

import "github.com/etcdlint/etcdlint/lint/fact"

// encoding is the negotiated position encoding: how Position.character
// counts. It is the one place where byte offsets and LSP positions meet.
type encoding string

const (
	utf8Encoding  encoding = "utf-8"
	utf16Encoding encoding = "utf-16"
)

// negotiate picks utf-8 when the client offers it, else utf-16, which
// every client supports.
func negotiate(offered []string) encoding {
	for _, e := range offered {
		if e == string(utf8Encoding) {
			return utf8Encoding
		}
	}
	return utf16Encoding
}

// position converts a byte offset of the document indexed by l.
func (e encoding) position(l *fact.Lines, off int) position {
	line, col := l.Position(off)
	if e == utf16Encoding {
		col = l.UTF16Column(off)
	}
	return position{Line: line - 1, Character: col - 1}
}

// offset converts a position into a byte offset, clamped to the document.
func (e encoding) offset(l *fact.Lines, p position) int {
	if e == utf16Encoding {
		return l.UTF16Offset(p.Line+1, p.Character+1)
	}
	return l.Offset(p.Line+1, p.Character+1)
}

func (e encoding) span(l *fact.Lines, sp fact.Span) lspRange {
	return lspRange{Start: e.position(l, sp.Start), End: e.position(l, sp.End)}
}
