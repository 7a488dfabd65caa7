package report

import (
	"io"
	"path/filepath"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// GitLab Code Quality report entries (artifacts:reports:codequality).
type (
	gitlabIssue struct {
		Description string         `json:"description"`
		CheckName   string         `json:"check_name"`
		Fingerprint string         `json:"fingerprint"`
		Severity    string         `json:"severity"`
		Location    gitlabLocation `json:"location"`
	}
	gitlabLocation struct {
		Path  string      `json:"path"`
		Lines gitlabLines `json:"lines"`
	}
	gitlabLines struct {
		Begin int `json:"begin"`
		End   int `json:"end"`
	}
)

type gitlabWriter struct{ issues *jsonArray }

// NewGitLab writes a GitLab Code Quality report (a JSON array of issues).
func NewGitLab(w io.Writer) Writer { return gitlabWriter{startJSONArray(w, []gitlabIssue{}, "")} }

func (g gitlabWriter) File(f *lint.File) error {
	for _, fd := range f.Findings {
		g.issues.add(gitlabIssue{
			Description: fd.Message,
			CheckName:   fd.Rule,
			Fingerprint: fd.Fingerprint,
			Severity:    gitlabSeverity(fd.Severity),
			Location:    gitlabLocation{Path: filepath.ToSlash(fd.Path), Lines: gitlabLines{Begin: fd.Line, End: fd.EndLine}},
		})
	}
	return g.issues.err
}

func (g gitlabWriter) End(*lint.Result) error { return g.issues.end([]gitlabIssue{}) }

func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "critical"
	case rules.Warning:
		return "major"
	}
	return "info"
}
