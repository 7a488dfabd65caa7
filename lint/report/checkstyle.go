package report

import (
	"encoding/xml"
	"io"

	"github.com/etcdlint/etcdlint/lint"
)

// Checkstyle XML, which Jenkins warnings-ng, reviewdog and many CI servers read.
type (
	checkstyleReport struct {
		XMLName xml.Name         `xml:"checkstyle"`
		Version string           `xml:"version,attr"`
		Files   []checkstyleFile `xml:"file"`
	}
	checkstyleFile struct {
		Name   string            `xml:"name,attr"`
		Errors []checkstyleError `xml:"error"`
	}
	checkstyleError struct {
		Line     int    `xml:"line,attr"`
		Column   int    `xml:"column,attr,omitempty"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
	}
)

// Checkstyle writes a Checkstyle XML report: one <file> per file with
// findings or errors, sources named etcdlint.RULE.
func Checkstyle(w io.Writer, res *lint.Result) error {
	out := checkstyleReport{Version: "4.3"}
	byPath := map[string]int{}
	add := func(path string, e checkstyleError) {
		i, ok := byPath[path]
		if !ok {
			i = len(out.Files)
			byPath[path] = i
			out.Files = append(out.Files, checkstyleFile{Name: path})
		}
		out.Files[i].Errors = append(out.Files[i].Errors, e)
	}
	for _, fd := range res.Findings() {
		add(fd.Path, checkstyleError{Line: fd.Line, Column: fd.Column, Severity: fd.Severity.String(), Message: fd.Message, Source: "etcdlint." + fd.Rule})
	}
	for _, e := range res.Errors {
		add(e.Path, checkstyleError{Line: e.Line, Column: e.Column, Severity: "error", Message: e.Msg, Source: "etcdlint"})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
