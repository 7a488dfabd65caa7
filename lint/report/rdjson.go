package report

import (
	"io"
	"path/filepath"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// reviewdog's Diagnostic Format (rdjson): positions are 1-based lines and
// UTF-8 byte columns, which is what lint.Finding has.
type (
	rdResult struct {
		Source      rdSource       `json:"source"`
		Diagnostics []rdDiagnostic `json:"diagnostics"`
	}
	rdSource struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	}
	rdDiagnostic struct {
		Message     string         `json:"message"`
		Location    rdLocation     `json:"location"`
		Severity    string         `json:"severity"`
		Source      rdSource       `json:"source"`
		Code        rdCode         `json:"code"`
		Suggestions []rdSuggestion `json:"suggestions,omitempty"`
	}
	rdLocation struct {
		Path  string  `json:"path"`
		Range rdRange `json:"range"`
	}
	rdRange struct {
		Start rdPosition `json:"start"`
		End   rdPosition `json:"end"`
	}
	rdPosition struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	}
	rdCode struct {
		Value string `json:"value"`
		URL   string `json:"url"`
	}
	rdSuggestion struct {
		Range rdRange `json:"range"`
		Text  string  `json:"text"`
	}
)

type rdWriter struct{ diags *jsonArray }

// NewRDJSON writes reviewdog diagnostics; each edit of a fix becomes a
// suggestion reviewdog can post as a suggested change.
func NewRDJSON(w io.Writer) Writer {
	return rdWriter{startJSONArray(w, rdResult{Source: rdSource{Name: "etcdlint", URL: ProjectURL}, Diagnostics: []rdDiagnostic{}}, "diagnostics")}
}

func (r rdWriter) File(f *lint.File) error {
	src := rdSource{Name: "etcdlint", URL: ProjectURL}
	for _, fd := range f.Findings {
		d := rdDiagnostic{
			Message:  fd.Message,
			Location: rdLocation{Path: filepath.ToSlash(fd.Path), Range: rdRange{rdPosition{fd.Line, fd.Column}, rdPosition{fd.EndLine, fd.EndColumn}}},
			Severity: rdSeverity(fd.Severity),
			Source:   src,
			Code:     rdCode{Value: fd.Rule, URL: fd.URL},
		}
		if fd.Fix != nil {
			for _, e := range fd.Fix.Edits {
				l, c := f.Lines.Position(e.Span.Start)
				el, ec := f.Lines.Position(e.Span.End)
				d.Suggestions = append(d.Suggestions, rdSuggestion{rdRange{rdPosition{l, c}, rdPosition{el, ec}}, e.NewText})
			}
		}
		r.diags.add(d)
	}
	return r.diags.err
}

func (r rdWriter) End(*lint.Result) error {
	return r.diags.end(rdResult{Source: rdSource{Name: "etcdlint", URL: ProjectURL}, Diagnostics: []rdDiagnostic{}})
}

func rdSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "ERROR"
	case rules.Warning:
		return "WARNING"
	}
	return "INFO"
}
