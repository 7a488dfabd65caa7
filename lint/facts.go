package lint

import "github.com/etcdlint/etcdlint/lint/fact"

// Facts classifies doc and returns what its file kind extracts, without
// running the rules (etcdlint verify boots the processes it finds). It
// returns nil facts when no file kind claims the document.
func (e *Engine) Facts(doc Document) (*fact.Facts, []FileError) {
	var k fact.Kind
	if e.opts.KindFor != nil {
		k = e.opts.KindFor(doc.Path)
	}
	if k == nil {
		k = Classify(doc.Path, doc.Src)
	}
	if k == nil {
		return nil, nil
	}
	facts, perrs := k.Parse(doc.Path, doc.Src, e.catalog)
	lines := fact.NewLines(doc.Src)
	var errs []FileError
	for _, pe := range perrs {
		line, col := lines.Position(pe.Offset)
		errs = append(errs, FileError{Path: doc.Path, Line: line, Column: col, Msg: pe.Msg})
	}
	return facts, errs
}
