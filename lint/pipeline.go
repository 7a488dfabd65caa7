package lint

// FixedFile is what FixAll made of one linted file.
type FixedFile struct {
	// Read is the lint of the file as read, less the findings of the
	// baseline: what to report when the fixed text is not used (a write
	// failed).
	Read *File
	// Fix is the outcome of fixing it. Fix.Fixed is the new text, equal to
	// Read.Src when nothing was applied; then Fix.Remaining are Read's
	// findings, each with why it was not fixed.
	Fix *FixResult
}

// FixAllResult is the outcome of FixAll.
type FixAllResult struct {
	Files []FixedFile // in path order
	// Errors, Notices and FilesScanned are those of the lint of the files
	// as read (Run's).
	Errors       []FileError
	Notices      []Notice
	FilesScanned int
	// Baselined counts the findings of the files as read that the
	// baseline holds: neither fixed nor reported.
	Baselined int
}

// FixAll is the fix pipeline of every front end: it lints the files under
// paths and the documents like Run, drops the findings o.Baseline holds,
// and fixes each file that has a fix o selects (Fix). It writes nothing:
// the caller writes, diffs or hands on each Fix.Fixed, and reports the
// rest from the result.
func (e *Engine) FixAll(paths []string, docs []Document, o FixOptions) *FixAllResult {
	res := e.Run(paths, docs...)
	out := &FixAllResult{Errors: res.Errors, Notices: res.Notices, FilesScanned: res.FilesScanned}
	if o.Baseline != nil {
		out.Baselined = o.Baseline.Filter(res)
	}
	for _, f := range res.Files {
		out.Files = append(out.Files, FixedFile{Read: f, Fix: e.FixFile(f, res.Errors, o)})
	}
	return out
}

// FixFile is FixAll's step for one linted file (errs are the lint's file
// errors, of this file or others): it fixes the file, or, when none of its
// findings has a fix o applies, says why each stays without linting it
// again. An editor that has the buffer's lint calls it directly. A chain's
// findings carry no fix (each hop finds its own), so a chain is fixed
// whenever cutover fixes are asked for.
func (e *Engine) FixFile(f *File, errs []FileError, o FixOptions) *FixResult {
	if e.opts.Upgrade.Chain() && o.Cutover || o.Fixable(f) {
		return e.Fix(Document{Path: f.Path, Src: f.Src}, o)
	}
	r := &FixResult{Path: f.Path, Src: f.Src, Fixed: f.Src, File: f}
	for _, fe := range errs {
		if fe.Path == f.Path {
			r.Errors = append(r.Errors, fe)
		}
	}
	for _, fd := range f.Findings {
		r.Remaining = append(r.Remaining, Remaining{Finding: fd, Reason: o.Why(fd)})
	}
	return r
}
