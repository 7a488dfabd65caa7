package lint

import (
	"github.com/etcdlint/etcdlint/internal/kinds"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Facts classifies doc and returns what its file kind extracts, without
// running the rules (etcdlint verify boots the processes it finds). It
// returns nil facts when no file kind claims the document.
func (e *Engine) Facts(doc Document) (*fact.Facts, []FileError) {
	k := e.kind(doc)
	if k == nil {
		return nil, nil
	}
	facts, perrs := e.extract(k, doc)
	lines := fact.NewLines(doc.Src)
	var errs []FileError
	for _, pe := range perrs {
		line, col := lines.Position(pe.Offset)
		errs = append(errs, FileError{Path: doc.Path, Line: line, Column: col, Msg: pe.Msg})
	}
	return facts, errs
}

// kind is the file kind of doc: forced by the options, else classified.
func (e *Engine) kind(doc Document) fact.Kind {
	if e.opts.KindFor != nil {
		if k := e.opts.KindFor(doc.Path); k != nil {
			return k
		}
	}
	return kinds.Classify(doc.Path, doc.Src)
}

// extract runs the kind's parser and the scans that hold for every kind.
func (e *Engine) extract(k fact.Kind, doc Document) (*fact.Facts, []*fact.ParseError) {
	return kinds.Extract(k, doc.Path, doc.Src, e.catalog)
}
