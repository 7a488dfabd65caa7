// Package lsp is etcdlint's Language Server: diagnostics and fixes in an
// editor, over stdio (JSON-RPC 2.0 with Content-Length framing, LSP 3.17).
// Open buffers are linted in memory by the same engine as the command
// line, with the settings of the .etcdlint.toml nearest to each file.
package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/etcdlint/etcdlint/internal/settings"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/config"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// Options configure the server like the command line flags: what they
// choose wins over each document's configuration, and a zero field keeps
// the configuration's setting (Choices).
type Options struct {
	From, To string
	// Enable and Disable replace the configuration's rule lists.
	Enable, Disable []string
	// MetricsFrom is a /metrics scrape of the target etcd (--metrics-from).
	MetricsFrom string
	MaxFileSize int64
	// Config, when set, is the configuration for every document instead
	// of the .etcdlint.toml nearest to it.
	Config string
	// Log receives what the client cannot be told (framing errors); nil
	// discards it.
	Log io.Writer
}

// Choices are the options as settings.Build takes them from every front
// end.
func (o Options) Choices() settings.Choices {
	var c settings.Choices
	if o.From != "" {
		c.From = settings.Chose(o.From)
	}
	if o.To != "" {
		c.To = settings.Chose(o.To)
	}
	if o.Enable != nil {
		c.Enable = settings.Chose(o.Enable)
	}
	if o.Disable != nil {
		c.Disable = settings.Chose(o.Disable)
	}
	if o.MetricsFrom != "" {
		c.MetricsFrom = settings.Chose(o.MetricsFrom)
	}
	if o.MaxFileSize != 0 {
		c.MaxFileSize = settings.Chose(o.MaxFileSize)
	}
	return c
}

// ErrNoShutdown is returned by Run when the client sent exit without
// shutdown, or closed the stream: the spec asks for exit status 1 then.
var ErrNoShutdown = errors.New("the client ended the session without a shutdown request")

// Server is one LSP session.
type Server struct {
	c           *conn
	opts        Options
	enc         encoding
	initialized bool
	shutdown    bool
	docs        map[string]*document
	engines     map[string]*engine // by configuration path, "" for none
	// pending are large documents changed since their last lint: they are
	// linted once typing pauses, not on every keystroke.
	pending map[*document]bool
}

// largeDocument is the size from which a changed document waits for a
// pause in typing before it is linted again.
const largeDocument = 256 << 10

// pause is how long typing must stop before a large document is linted.
const pause = 300 * time.Millisecond

// document is an open buffer.
type document struct {
	uri, languageID string
	version         int
	text            []byte
	path            string // "" when etcdlint does not lint it
}

// engine is the engine for the documents under one configuration, with
// the options it was made with, or the error that configuration has.
type engine struct {
	e    *lint.Engine
	opts lint.Options
	err  error
}

// New returns a server that reads requests from in and writes to out.
func New(in io.Reader, out io.Writer, o Options) *Server {
	if o.Log == nil {
		o.Log = io.Discard
	}
	return &Server{
		c:       &conn{r: bufio.NewReader(in), w: out},
		opts:    o,
		enc:     utf16Encoding,
		docs:    map[string]*document{},
		engines: map[string]*engine{},
		pending: map[*document]bool{},
	}
}

// Run serves until the client sends exit. It returns nil after a clean
// shutdown and exit, ErrNoShutdown otherwise, or an error writing to the
// client.
func (s *Server) Run() error {
	type read struct {
		body []byte
		err  error
	}
	reads, done := make(chan read), make(chan struct{})
	defer close(done)
	go func() {
		for {
			body, err := s.c.read()
			select {
			case reads <- read{body, err}:
			case <-done:
				return
			}
			var fe errFraming
			if err != nil && !errors.As(err, &fe) {
				return
			}
		}
	}()
	var quiet <-chan time.Time // fires when typing has paused
	for {
		var r read
		select {
		case r = <-reads:
		case <-quiet:
			quiet = nil
			if err := s.publishPending(); err != nil {
				return err
			}
			continue
		}
		body, err := r.body, r.err
		var fe errFraming
		switch {
		case errors.As(err, &fe):
			fmt.Fprintf(s.opts.Log, "etcdlint lsp: %v\n", err)
			if err := s.c.reply(nil, nil, &rpcError{Code: codeParseError, Message: err.Error()}); err != nil {
				return err
			}
			continue
		case err != nil:
			return ErrNoShutdown // the stream ended
		}
		exit, err := s.handle(body)
		if err != nil {
			return err
		}
		if len(s.pending) > 0 {
			quiet = time.After(pause) // each message restarts the pause
		}
		if exit {
			if !s.shutdown {
				return ErrNoShutdown
			}
			return nil
		}
	}
}

// handle answers one message; exit is true on the exit notification.
func (s *Server) handle(body []byte) (exit bool, err error) {
	if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '[' {
		return false, s.c.reply(nil, nil, &rpcError{Code: codeInvalidRequest, Message: "batch requests are not supported"})
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return false, s.c.reply(nil, nil, &rpcError{Code: codeParseError, Message: "parse error: " + err.Error()})
	}
	isRequest := len(m.ID) > 0
	if m.Method == "" {
		if isRequest && m.Result == nil && m.Error == nil {
			return false, s.c.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: "a request needs a method"})
		}
		return false, nil // a response: the server sends no requests
	}
	if m.JSONRPC != "2.0" {
		if isRequest {
			return false, s.c.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: `"jsonrpc" must be "2.0"`})
		}
		return false, nil
	}
	if m.Method == "exit" {
		return true, nil
	}
	if !isRequest {
		if s.initialized && !s.shutdown {
			s.notification(m.Method, m.Params)
		}
		return false, nil
	}
	var result any
	var rerr *rpcError
	switch {
	case m.Method == "initialize":
		result, rerr = s.initialize(m.Params)
	case !s.initialized:
		rerr = &rpcError{Code: codeServerNotInitialized, Message: "the server is not initialized"}
	case s.shutdown:
		rerr = &rpcError{Code: codeInvalidRequest, Message: "the server is shut down"}
	case m.Method == "shutdown":
		s.shutdown = true
	case m.Method == "textDocument/codeAction":
		result, rerr = s.codeAction(m.Params)
	default:
		rerr = &rpcError{Code: codeMethodNotFound, Message: "method not found: " + m.Method}
	}
	return false, s.c.reply(m.ID, result, rerr)
}

func invalidParams(err error) *rpcError {
	return &rpcError{Code: codeInvalidParams, Message: "invalid params: " + err.Error()}
}

func (s *Server) initialize(raw json.RawMessage) (any, *rpcError) {
	if s.initialized {
		return nil, &rpcError{Code: codeInvalidRequest, Message: "initialize was already sent"}
	}
	var p initializeParams
	if err := unmarshalParams(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	s.enc = negotiate(p.Capabilities.General.PositionEncodings)
	s.initialized = true
	return map[string]any{
		"capabilities": map[string]any{
			"positionEncoding": string(s.enc),
			"textDocumentSync": map[string]any{
				"openClose": true,
				"change":    1, // full
				"save":      map[string]any{"includeText": false},
			},
			"codeActionProvider": map[string]any{
				"codeActionKinds": []string{kindQuickFix, kindFixAll},
			},
		},
		"serverInfo": map[string]any{"name": "etcdlint"},
	}, nil
}

// notification handles a notification; bad params are logged, since a
// notification gets no answer.
func (s *Server) notification(method string, raw json.RawMessage) {
	var err error
	switch method {
	case "textDocument/didOpen":
		var p didOpenParams
		if err = unmarshalParams(raw, &p); err == nil {
			td := p.TextDocument
			d := &document{uri: td.URI, languageID: td.LanguageID, version: td.Version, text: []byte(td.Text)}
			d.path = docPath(td.URI, td.LanguageID)
			s.docs[td.URI] = d
			err = s.publish(d)
		}
	case "textDocument/didChange":
		var p didChangeParams
		if err = unmarshalParams(raw, &p); err == nil {
			d := s.docs[p.TextDocument.URI]
			if d == nil {
				err = fmt.Errorf("didChange of %s, which is not open", p.TextDocument.URI)
				break
			}
			for _, ch := range p.ContentChanges {
				if ch.Range == nil {
					d.text = []byte(ch.Text)
					continue
				}
				l := fact.NewLines(d.text)
				start, end := s.enc.offset(l, ch.Range.Start), s.enc.offset(l, ch.Range.End)
				end = max(start, end)
				d.text = append(append(append([]byte{}, d.text[:start]...), ch.Text...), d.text[end:]...)
			}
			d.version = p.TextDocument.Version
			if len(d.text) >= largeDocument {
				s.pending[d] = true // linted when typing pauses
				break
			}
			delete(s.pending, d)
			err = s.publish(d)
		}
	case "textDocument/didSave":
		var p didSaveParams
		if err = unmarshalParams(raw, &p); err == nil {
			d := s.docs[p.TextDocument.URI]
			if p.Text != nil && d != nil {
				d.text = []byte(*p.Text)
			}
			if d != nil && filepath.Base(d.path) == config.FileName || d == nil && strings.HasSuffix(p.TextDocument.URI, "/"+config.FileName) {
				// new settings for every open document under it
				s.engines = map[string]*engine{}
				for _, o := range s.docs {
					if err = s.publish(o); err != nil {
						break
					}
				}
			} else if d != nil {
				err = s.publish(d)
			}
		}
	case "textDocument/didClose":
		var p didCloseParams
		if err = unmarshalParams(raw, &p); err == nil {
			delete(s.pending, s.docs[p.TextDocument.URI])
			delete(s.docs, p.TextDocument.URI)
			err = s.c.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []diagnostic{}})
		}
	}
	if err != nil {
		fmt.Fprintf(s.opts.Log, "etcdlint lsp: %s: %v\n", method, err)
	}
}

// untitledNames name unsaved buffers of the languages whose file kind a
// name decides.
var untitledNames = map[string]string{
	"systemd":     "untitled.service",
	"shellscript": "untitled.sh",
	"dockerfile":  "Dockerfile",
	"dotenv":      "untitled.env",
	"markdown":    "untitled.md",
}

// docPath is the file name a document is linted under: the path of a
// file: URI, a name for an untitled: buffer of a language in
// untitledNames, or "" (not linted).
func docPath(uri, languageID string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return ""
	}
	switch u.Scheme {
	case "file":
		p := u.Path
		if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
			p = p[1:]
		}
		if p == "" {
			return ""
		}
		return filepath.FromSlash(p)
	case "untitled":
		return untitledNames[languageID]
	}
	return ""
}

// engineFor returns the engine for the document at path: the one of its
// configuration, made on first use.
func (s *Server) engineFor(path string) *engine {
	cfgPath := s.opts.Config
	if cfgPath == "" {
		var err error
		if cfgPath, err = config.Find(path); err != nil {
			return &engine{err: err}
		}
	}
	if en, ok := s.engines[cfgPath]; ok {
		return en
	}
	en := s.newEngine(cfgPath)
	s.engines[cfgPath] = en
	return en
}

// newEngine loads a configuration and makes its engine with the options
// the command line would build from the same choices and file.
func (s *Server) newEngine(cfgPath string) *engine {
	cfg := &config.Config{}
	if cfgPath != "" {
		var err error
		if cfg, err = config.Load(cfgPath); err != nil {
			return &engine{err: err}
		}
	}
	set, err := settings.Build(s.opts.Choices(), cfg)
	if err != nil {
		return &engine{err: err}
	}
	opts := set.Options
	opts.Jobs = 1 // one document at a time
	e, err := lint.New(opts)
	if err != nil {
		return &engine{err: err}
	}
	return &engine{e: e, opts: opts}
}

// lint lints a document: nil when etcdlint does not read it.
func (s *Server) lint(d *document) (*lint.File, []lint.FileError, *engine) {
	if d.path == "" {
		return nil, nil, nil
	}
	en := s.engineFor(d.path)
	if en.err != nil {
		return nil, nil, en
	}
	// as the engine skips a document the configuration excludes; first,
	// so that an excluded buffer gets no size diagnostic either
	if en.opts.Skip != nil && en.opts.Skip(d.path) {
		return nil, nil, nil
	}
	if int64(len(d.text)) > en.opts.MaxFileSize {
		return nil, []lint.FileError{{Path: d.path, Line: 1, Column: 1, Msg: fmt.Sprintf("not linted: %d bytes is over the %d-byte limit for one file", len(d.text), en.opts.MaxFileSize)}}, en
	}
	f, errs := en.e.Lint(lint.Document{Path: d.path, Src: d.text})
	return f, errs, en
}

// publishPending lints the large documents that changed since typing
// paused.
func (s *Server) publishPending() error {
	for d := range s.pending {
		if err := s.publish(d); err != nil {
			return err
		}
	}
	return nil
}

// publish sends the diagnostics of a document.
func (s *Server) publish(d *document) error {
	delete(s.pending, d)
	diags := []diagnostic{}
	f, errs, en := s.lint(d)
	lines := fact.NewLines(d.text)
	if en != nil && en.err != nil {
		diags = append(diags, diagnostic{Severity: severityError, Source: "etcdlint", Message: "etcdlint: " + en.err.Error()})
	}
	for _, fe := range errs {
		off := lines.Offset(fe.Line, fe.Column)
		p := s.enc.position(lines, off)
		diags = append(diags, diagnostic{Range: lspRange{p, p}, Severity: severityError, Source: "etcdlint", Message: fe.Msg})
	}
	if f != nil {
		for _, fd := range f.Findings {
			diags = append(diags, s.diagnostic(f.Lines, fd))
		}
	}
	version := d.version
	return s.c.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: d.uri, Version: &version, Diagnostics: diags})
}

func (s *Server) diagnostic(l *fact.Lines, fd lint.Finding) diagnostic {
	sev := severityInformation
	switch fd.Severity {
	case rules.Error:
		sev = severityError
	case rules.Warning:
		sev = severityWarning
	}
	diag := diagnostic{Range: s.enc.span(l, fd.Span), Severity: sev, Code: fd.Rule, Source: "etcdlint", Message: fd.Message}
	if fd.URL != "" {
		diag.CodeDescription = &codeDescription{Href: fd.URL}
	}
	return diag
}

// wants reports whether a code action of kind passes the request's only
// filter: kinds are hierarchical, "source" asks for "source.fixAll.etcdlint".
func wants(only []string, kind string) bool {
	if len(only) == 0 {
		return kind == kindQuickFix // source actions are only given when asked for
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(kind, o+".") {
			return true
		}
	}
	return false
}

func (s *Server) codeAction(raw json.RawMessage) (any, *rpcError) {
	var p codeActionParams
	if err := unmarshalParams(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	actions := []codeAction{}
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return actions, nil
	}
	f, errs, en := s.lint(d)
	if f == nil {
		return actions, nil
	}
	start, end := s.enc.offset(f.Lines, p.Range.Start), s.enc.offset(f.Lines, p.Range.End)
	touches := func(sp fact.Span) bool { return sp.Start <= end && start <= sp.End }
	if wants(p.Context.Only, kindQuickFix) {
		for _, fd := range f.Findings {
			if fd.Fix == nil || len(fd.Fix.Edits) == 0 {
				continue
			}
			hit := touches(fd.Span)
			for _, e := range fd.Fix.Edits {
				hit = hit || touches(e.Span)
			}
			if !hit {
				continue
			}
			actions = append(actions, codeAction{
				Title:       fmt.Sprintf("%s (%s, %s)", fd.Fix.Description, fd.Fix.Phase, fd.Fix.Safety),
				Kind:        kindQuickFix,
				Diagnostics: []diagnostic{s.diagnostic(f.Lines, fd)},
				IsPreferred: fd.Fix.Phase == rules.Pre && fd.Fix.Safety == rules.Safe,
				Edit:        workspaceEdit{Changes: map[string][]textEdit{d.uri: s.textEdits(f, fd.Fix.Edits)}},
			})
		}
		checked := 0
		for _, fd := range f.Findings {
			// each offer lints the buffer again: a select-all range gets
			// the first few, not one lint per finding of a large file
			if !touches(fd.Span) || checked == maxIgnoreOffers {
				continue
			}
			checked++
			if a := s.ignoreAction(d, f, errs, en, fd); a != nil {
				actions = append(actions, *a)
			}
		}
	}
	if wants(p.Context.Only, kindFixAll) {
		// the command line's --fix pipeline, on the buffer's lint
		if fix := en.e.FixFile(f, errs, lint.FixOptions{}); fix.Changed() {
			whole := lspRange{End: s.enc.position(f.Lines, len(d.text))}
			actions = append(actions, codeAction{
				Title: "fix all safe pre fixes",
				Kind:  kindFixAll,
				Edit:  workspaceEdit{Changes: map[string][]textEdit{d.uri: {{Range: whole, NewText: string(fix.Fixed)}}}},
			})
		}
	}
	return actions, nil
}

var bom = []byte("\ufeff")

// textEdits converts a fix's edits as fixers.Apply applies them: a file
// with CRLF line endings gets CRLF in new text, and no edit takes the BOM.
func (s *Server) textEdits(f *lint.File, edits []fact.Edit) []textEdit {
	crlf := textedit.Newline(f.Src) == "\r\n"
	var out []textEdit
	for _, e := range edits {
		sp := e.Span
		if bytes.HasPrefix(f.Src, bom) && sp.Start < len(bom) {
			sp.Start, sp.End = len(bom), max(sp.End, len(bom))
		}
		text := e.NewText
		if crlf && strings.Contains(text, "\n") {
			text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
		}
		out = append(out, textEdit{Range: s.enc.span(f.Lines, sp), NewText: text})
	}
	return out
}
