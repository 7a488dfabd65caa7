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

// GitLab writes a GitLab Code Quality report: a JSON array of issues.
// GitLab tells issues apart by fingerprint, which survives moved lines.
func GitLab(w io.Writer, res *lint.Result) error {
	out := []gitlabIssue{}
	for _, fd := range res.Findings() {
		out = append(out, gitlabIssue{
			Description: fd.Message,
			CheckName:   fd.Rule,
			Fingerprint: fd.Fingerprint,
			Severity:    gitlabSeverity(fd.Severity),
			Location:    gitlabLocation{Path: filepath.ToSlash(fd.Path), Lines: gitlabLines{Begin: fd.Line, End: fd.EndLine}},
		})
	}
	return writeJSON(w, out)
}

// gitlabSeverity maps to GitLab's scale: info, minor, major, critical, blocker.
// An error stops etcd or loses a setting at the upgrade, hence critical.
func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "critical"
	case rules.Warning:
		return "major"
	}
	return "info"
}
