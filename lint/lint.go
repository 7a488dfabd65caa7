// Package lint is the etcdlint engine: it finds files, classifies them into
// file kinds, extracts facts, runs the rules and renders their intents into
// edits. Front ends call Run to lint and FixAll to fix (the command line
// and the language server alike), with Options built by internal/settings.
package lint

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// Options configure a run.
type Options struct {
	Upgrade rules.Upgrade
	// Enabled filters rules; nil enables all.
	Enabled func(*rules.Rule) bool
	// NoIgnore disables .gitignore handling.
	NoIgnore bool
	// MaxFileSize skips larger files with a notice; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Jobs is the number of files linted at once; 0 means 4 per core.
	Jobs int
	// Tune, when set, decides per file whether a rule reports and at which
	// severity (.etcdlint.toml); nil keeps findings as the rules made them.
	Tune func(path, rule string, sev rules.Severity) (rules.Severity, bool)
	// KindFor, when set, forces the file kind of a path; nil means classify.
	KindFor func(path string) fact.Kind
	// Skip, when set, leaves out the discovered files and the documents it
	// is true for; a file named in paths, or a document, gets a notice.
	Skip func(path string) bool
	// Progress, when set, is told how many files Run has linted of how
	// many it found, after each one (from several goroutines).
	Progress func(done, total int)
	// Now dates the until= expiry of inline ignores; zero means today.
	Now time.Time
	// TargetMetrics are the metric names of the user's scrape of the
	// target etcd (--metrics-from); nil when not given.
	TargetMetrics map[string]bool
}

// DefaultMaxFileSize is the size above which files are skipped.
const DefaultMaxFileSize = 10 << 20

// DefaultMaxFindings is the number of findings reports show per file: a
// generated file with a million of them is one problem, not a million.
const DefaultMaxFindings = 1000

// Document is an in-memory file (stdin, an editor buffer). Path names it
// for classification and reports.
type Document struct {
	Path string
	Src  []byte
}

// Finding is a diagnostic placed in a file.
type Finding struct {
	Rule     string
	Severity rules.Severity
	Path     string
	Span     fact.Span
	// Line, Column, EndLine, EndColumn are 1-based; columns count UTF-8 bytes.
	Line, Column, EndLine, EndColumn int
	Message                          string
	URL                              string
	Fix                              *Fix
	// NoFix says why the rule's fix could not be written in this file's
	// syntax (a folded YAML scalar, a nested key); the finding stays.
	NoFix string
	// Fingerprint identifies the finding across edits that move lines.
	Fingerprint string
	// Hop names the hop of a chain the finding belongs to ("3.4 → 3.5");
	// Planned is the fix it has within that hop, without edits (a chain is
	// fixed hop by hop). Both are empty for one hop.
	Hop     string
	Planned *Fix
}

// locate sets the line and column fields from the span: the one place a
// finding's position is derived.
func (fd *Finding) locate(l *fact.Lines) {
	fd.Line, fd.Column = l.Position(fd.Span.Start)
	fd.EndLine, fd.EndColumn = l.Position(fd.Span.End)
}

// Fix is a rule's fix rendered into edits of the file.
type Fix struct {
	Description string
	Phase       rules.Phase
	Safety      rules.Safety
	Edits       []fact.Edit
}

// FileError is a problem with one file; the run goes on with the others.
type FileError struct {
	Path   string
	Line   int // 0 when the error is not about a place in the file
	Column int
	Msg    string
}

func (e FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Notice says a file was skipped on purpose (binary, too large).
type Notice struct {
	Path string
	Msg  string
}

// File is the result for one file.
type File struct {
	Path     string
	Kind     string
	Src      []byte
	Lines    *fact.Lines
	Findings []Finding
}

// Result is the outcome of a run.
type Result struct {
	Files        []*File // files with a recognised kind, sorted by path
	Errors       []FileError
	Notices      []Notice
	FilesScanned int
}

// Findings returns every finding, ordered by path and position.
func (r *Result) Findings() []Finding {
	var out []Finding
	for _, f := range r.Files {
		out = append(out, f.Findings...)
	}
	return out
}

// Engine lints files. It is safe for concurrent use.
type Engine struct {
	opts    Options
	catalog *rules.Catalog
}

// New returns an engine for opts.
func New(opts Options) (*Engine, error) {
	cat, err := rules.LoadCatalog()
	if err != nil {
		return nil, fmt.Errorf("rule data: %v", err)
	}
	if opts.TargetMetrics != nil {
		cat = cat.WithTargetMetrics(opts.TargetMetrics)
	}
	if opts.MaxFileSize == 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Jobs <= 0 {
		// Most of a tree's files are read and dropped by the prefilter: the
		// workers wait in open and read more than they compute, so several
		// per core keep the cores busy (4x: 1.33 s -> 1.02 s on a
		// 100k-file tree with two cores).
		opts.Jobs = 4 * runtime.GOMAXPROCS(0)
	}
	return &Engine{opts: opts, catalog: cat}, nil
}

// Catalog is the rule data the engine uses.
func (e *Engine) Catalog() *rules.Catalog { return e.catalog }

// Run lints the files under paths and the in-memory documents.
func Run(opts Options, paths []string, docs ...Document) (*Result, error) {
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	return e.Run(paths, docs...), nil
}

// Run lints the files under paths and the in-memory documents.
func (e *Engine) Run(paths []string, docs ...Document) *Result {
	var files []*File
	res := e.Stream(paths, docs, func(f *File) { files = append(files, f) })
	res.Files = files
	return res
}

// Stream lints like Run and hands each linted file to emit, in path order
// and from one goroutine at a time, instead of keeping it: a run's memory
// stays bounded however many findings it has. The result holds the errors,
// notices and counts, and no Files.
func (e *Engine) Stream(paths []string, docs []Document, emit func(*File)) *Result {
	res := &Result{}
	found := Discover(paths, DiscoverOptions{NoIgnore: e.opts.NoIgnore, MaxFileSize: e.opts.MaxFileSize})
	res.Errors = append(res.Errors, found.Errors...)
	res.Notices = append(res.Notices, found.Notices...)

	// A file named on the command line never goes unmentioned.
	named := map[string]bool{}
	for _, p := range paths {
		named[filepath.Clean(p)] = true
	}
	var mu sync.Mutex // guards res and done
	total, done := len(found.Files)+len(docs), 0
	progress := func() {}
	if e.opts.Progress != nil {
		progress = func() { done++; e.opts.Progress(done, total) } // under mu
	}
	type job struct {
		doc  Document
		read bool
		seq  int // position in path order
	}
	todo := make([]job, 0, len(found.Files)+len(docs))
	skipped := func(p string, named bool) bool {
		if e.opts.Skip == nil || !e.opts.Skip(p) {
			return false
		}
		if named {
			res.Notices = append(res.Notices, Notice{Path: p, Msg: "skipped: excluded by the configuration"})
		}
		progress()
		return true
	}
	for _, p := range found.Files {
		if !skipped(p, named[filepath.Clean(p)]) {
			todo = append(todo, job{doc: Document{Path: p}, read: true})
		}
	}
	// a document is excluded by its name like the file it stands for:
	// stdin with --stdin-filename, an editor's buffer
	for _, d := range docs {
		if !skipped(d.Path, true) {
			todo = append(todo, job{doc: d})
		}
	}
	slices.SortStableFunc(todo, func(a, b job) int { return cmp.Compare(a.doc.Path, b.doc.Path) })

	// Workers finish out of order; the collector emits in order, and the
	// window keeps the files waiting for a slow one few.
	type outcome struct {
		seq  int
		file *File
	}
	jobs := make(chan job, e.opts.Jobs)
	outcomes := make(chan outcome, 4*e.opts.Jobs)
	size := 16 * e.opts.Jobs
	window := make(chan struct{}, size)
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		// a ring of the window: seq-next < size for every outcome
		waiting := make([]*File, size)
		arrived := make([]bool, size)
		next := 0
		for o := range outcomes {
			waiting[o.seq%size], arrived[o.seq%size] = o.file, true
			for arrived[next%size] {
				f := waiting[next%size]
				waiting[next%size], arrived[next%size] = nil, false
				next++
				<-window
				if f != nil {
					emit(f)
				}
			}
		}
	}()
	var wg sync.WaitGroup
	for range e.opts.Jobs {
		wg.Go(func() {
			scratch := make([]byte, 0, scratchSize)
			for j := range jobs {
				outcomes <- outcome{j.seq, e.work(j.doc, j.read, scratch, named, res, &mu, progress)}
			}
		})
	}
	for i, j := range todo {
		window <- struct{}{}
		j.seq = i
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(outcomes)
	<-collected

	slices.SortFunc(res.Errors, func(a, b FileError) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
	slices.SortFunc(res.Notices, func(a, b Notice) int { return cmp.Compare(a.Path, b.Path) })
	return res
}

// scratchSize is the read buffer of each worker: files up to this size
// are read without an allocation of their own.
const scratchSize = 64 << 10

// work reads (when asked) and lints one document, recording its errors and
// notices in res under mu; it returns the linted file, or nil.
func (e *Engine) work(doc Document, read bool, scratch []byte, named map[string]bool, res *Result, mu *sync.Mutex, progress func()) *File {
	if read {
		src, err := readFile(doc.Path, e.opts.MaxFileSize, scratch)
		if err != nil {
			mu.Lock()
			defer mu.Unlock()
			var tooBig errTooBig
			if errors.Is(err, errUTF16) || errors.As(err, &tooBig) {
				res.Notices = append(res.Notices, Notice{Path: doc.Path, Msg: "skipped: " + err.Error()})
			} else if errors.Is(err, errBinary) {
				// Only a binary file that mentions etcd, or was named, is
				// worth a word: a tree's images and archives are not.
				if named[filepath.Clean(doc.Path)] || Prefilter(src) {
					res.Notices = append(res.Notices, Notice{Path: doc.Path, Msg: "skipped: binary file"})
				}
			} else {
				res.Errors = append(res.Errors, FileError{Path: doc.Path, Msg: err.Error()})
			}
			progress()
			return nil
		}
		if !Prefilter(src) {
			// what Lint would say first, before src outlives scratch
			mu.Lock()
			defer mu.Unlock()
			res.FilesScanned++
			progress()
			return nil
		}
		doc.Src = src
		if len(src) > 0 && &src[0] == &scratch[:1][0] {
			doc.Src = bytes.Clone(src)
		}
	}
	f, errs := e.lintSafe(doc, read)
	mu.Lock()
	defer mu.Unlock()
	res.FilesScanned++
	res.Errors = append(res.Errors, errs...)
	progress()
	return f
}

// CapFindings keeps the first limit findings of f (in file order) and
// returns a notice counting the rest, or nil; 0 means DefaultMaxFindings,
// negative no cap. Reports call it after the baseline filter, and the exit
// status is taken before it, so a capped finding still fails a run.
func CapFindings(f *File, limit int) *Notice {
	if limit == 0 {
		limit = DefaultMaxFindings
	}
	if limit < 0 || len(f.Findings) <= limit {
		return nil
	}
	omitted := len(f.Findings) - limit
	f.Findings = slices.Clip(f.Findings[:limit])
	return &Notice{Path: f.Path, Msg: fmt.Sprintf(
		"%d more findings not reported (the first %d are); fix those and run again, or raise --max-findings-per-file (0 reports all)", omitted, limit)}
}

// Lint lints one document. It returns nil when no file kind claims it. A
// panic while linting it becomes an error of that file: the run goes on.
func (e *Engine) Lint(doc Document) (*File, []FileError) { return e.lintSafe(doc, false) }

// lintSafe is Lint for a document the prefilter passed already when
// prefiltered is set (a file read from disk: work asked before copying it).
func (e *Engine) lintSafe(doc Document, prefiltered bool) (f *File, errs []FileError) {
	defer func() {
		if r := recover(); r != nil {
			f, errs = nil, []FileError{{Path: doc.Path, Msg: fmt.Sprintf("internal error, please report it with this file: %v", r)}}
		}
	}()
	if !prefiltered && !Prefilter(doc.Src) {
		return nil, nil
	}
	return e.lint(doc)
}

// lint lints a document that passed the prefilter.
func (e *Engine) lint(doc Document) (*File, []FileError) {
	src := doc.Src
	k := e.kind(doc)
	if k == nil {
		return nil, nil
	}
	f := &File{Path: doc.Path, Kind: k.Name(), Src: src, Lines: fact.NewLines(src)}
	facts, perrs := e.extract(k, doc)
	var errs []FileError
	for _, pe := range perrs {
		line, col := f.Lines.Position(pe.Offset)
		errs = append(errs, FileError{Path: doc.Path, Line: line, Column: col, Msg: pe.Msg})
	}
	templated := template.Has(src)
	if templated && len(facts.Settings()) > 1 {
		placeInBranches(facts, src) // only a pair of settings can be told apart
	}
	// a file that pins an etcd past the audit's target runs that one
	up, own := rules.FileUpgrade(e.opts.Upgrade, facts)
	diags := rules.Run(up, e.catalog, facts, e.opts.Enabled)
	var inactive []fact.Span
	if len(diags) > 0 && templated {
		inactive = inactiveBranches(src, up.To)
	}
	f.Findings = make([]Finding, 0, len(diags))
	for _, d := range diags {
		if own {
			d.Message = fmt.Sprintf("(this file runs etcd %s: audited for %s, not %s) %s", up.To, up, e.opts.Upgrade, d.Message)
		}
		if slices.ContainsFunc(inactive, func(sp fact.Span) bool { return sp.Start <= d.Span.Start && d.Span.Start < sp.End }) {
			continue // written only for another etcd release than the target
		}
		fd, err := e.place(f, d)
		if err != nil {
			fd.NoFix = err.Error()
		}
		f.Findings = append(f.Findings, fd)
	}
	slices.SortStableFunc(f.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Rule, b.Rule))
	})
	e.settle(f)
	return f, errs
}

// place turns a diagnostic into a finding: positions from offsets, and the
// fix's intents rendered into edits by the renderers of their facts.
func (e *Engine) place(f *File, d rules.Diagnostic) (Finding, error) {
	fd := Finding{Rule: d.Rule, Severity: d.Severity, Path: f.Path, Span: d.Span, Message: d.Message}
	if r := rules.ByID(d.Rule); r != nil {
		fd.URL = r.URL()
	}
	fd.locate(f.Lines)
	if d.Hop.From != "" {
		fd.Hop = d.Hop.String()
	}
	if d.Planned != nil {
		fd.Planned = &Fix{Description: d.Planned.Description, Phase: d.Planned.Phase, Safety: d.Planned.Safety}
	}
	if d.Fix == nil {
		return fd, nil
	}
	fix := &Fix{Description: d.Fix.Description, Phase: d.Fix.Phase, Safety: d.Fix.Safety}
	for _, in := range d.Fix.Intents {
		r := in.Renderer()
		if r == nil {
			return fd, fmt.Errorf("the %s kind cannot write this fix", f.Kind)
		}
		edits, err := r.Render(f.Src, in)
		if err != nil {
			return fd, err
		}
		for _, ed := range edits {
			if ed.Span.Start < 0 || ed.Span.Start > ed.Span.End || ed.Span.End > len(f.Src) {
				// a renderer's mistake must not reach a patch or a report
				return fd, fmt.Errorf("the %s kind made an edit outside the text (%d-%d); change it by hand", f.Kind, ed.Span.Start, ed.Span.End)
			}
		}
		fix.Edits = append(fix.Edits, edits...)
	}
	slices.SortFunc(fix.Edits, func(a, b fact.Edit) int { return cmp.Compare(a.Span.Start, b.Span.Start) })
	fd.Fix = fix
	return fd, nil
}
