package lsp

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint"
)

// ignoreReason is the reason an inserted ignore carries until the user
// writes the real one: a directive without a reason suppresses nothing.
const ignoreReason = "TODO: say why this stays"

// maxIgnoreOffers bounds the ignore comments offered for one range.
const maxIgnoreOffers = 10

// ignoreAction offers an etcdlint:ignore comment on its own line above a
// finding. It is offered only where the comment is sure to work and to
// change nothing else: the text linted again with it has lost that finding
// and kept every other finding and error.
func (s *Server) ignoreAction(d *document, f *lint.File, errs []lint.FileError, en *engine, fd lint.Finding) *codeAction {
	// A "#" line in Markdown prose is a heading; the directive itself has
	// nothing to ignore.
	if f.Kind == "markdown" || fd.Rule == "unused-ignore" || fd.Line < 1 {
		return nil
	}
	// A comment line after a trailing backslash would end a continued
	// command (shell, ExecStart=, RUN) and cut off what follows.
	if fd.Line > 1 && strings.HasSuffix(f.Lines.Line(fd.Line-1), "\\") {
		return nil
	}
	line := f.Lines.Line(fd.Line)
	indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	comment := fmt.Sprintf("%s%s etcdlint:ignore %s -- %s%s", indent, commentMarker(f.Kind, d.path), fd.Rule, ignoreReason, textedit.Newline(f.Src))
	at := f.Lines.Offset(fd.Line, 1)
	src := slices.Concat(f.Src[:at], []byte(comment), f.Src[at:])
	g, gerrs := en.e.Lint(lint.Document{Path: d.path, Src: src})
	if g == nil || len(gerrs) != len(errs) || !onlyOneGone(f.Findings, g.Findings, fd) {
		return nil
	}
	pos := s.enc.position(f.Lines, at)
	return &codeAction{
		Title:       fmt.Sprintf("ignore %s here (an etcdlint:ignore comment whose reason you write)", fd.Rule),
		Kind:        kindQuickFix,
		Diagnostics: []diagnostic{s.diagnostic(f.Lines, fd)},
		Edit:        workspaceEdit{Changes: map[string][]textEdit{d.uri: {{Range: lspRange{pos, pos}, NewText: comment}}}},
	}
}

// commentMarker is the line comment of the file's language: "//" for
// Jsonnet and C-family source, "#" for the rest (YAML, env files, units,
// shell, Dockerfiles, Python, Ruby).
func commentMarker(kind, path string) string {
	switch kind {
	case "jsonnet":
		return "//"
	case "source":
		switch strings.ToLower(filepath.Ext(path)) {
		case ".py", ".rb", ".pl", ".sh", ".bash", ".r", ".ps1", ".ex", ".exs":
			return "#"
		}
		return "//"
	}
	return "#"
}

// onlyOneGone reports whether after is before without gone: the same rules
// and messages, one fewer for gone's.
func onlyOneGone(before, after []lint.Finding, gone lint.Finding) bool {
	key := func(fd lint.Finding) string { return fd.Rule + "\x00" + fd.Message }
	count := map[string]int{}
	for _, fd := range before {
		count[key(fd)]++
	}
	count[key(gone)]--
	for _, fd := range after {
		count[key(fd)]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}
