package report

import (
	"encoding/xml"
	"io"

	"github.com/etcdlint/etcdlint/lint"
)

// Checkstyle XML, which Jenkins warnings-ng, reviewdog and many CI servers read.
type (
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

type checkstyleWriter struct {
	w     io.Writer
	files int
	err   error
}

// NewCheckstyle writes a Checkstyle XML report: one <file> per file with
// findings, then one per file with errors, sources named etcdlint.RULE.
func NewCheckstyle(w io.Writer) Writer {
	c := &checkstyleWriter{w: w}
	_, c.err = io.WriteString(w, xml.Header+`<checkstyle version="4.3">`)
	return c
}

func (c *checkstyleWriter) File(f *lint.File) error {
	if len(f.Findings) == 0 {
		return c.err
	}
	out := checkstyleFile{Name: f.Path}
	for _, fd := range f.Findings {
		out.Errors = append(out.Errors, checkstyleError{Line: fd.Line, Column: fd.Column, Severity: fd.Severity.String(), Message: fd.Message, Source: "etcdlint." + fd.Rule})
	}
	return c.file(out)
}

func (c *checkstyleWriter) file(out checkstyleFile) error {
	if c.err != nil {
		return c.err
	}
	c.files++
	if _, c.err = io.WriteString(c.w, "\n"); c.err != nil {
		return c.err
	}
	enc := xml.NewEncoder(c.w)
	enc.Indent("  ", "  ")
	c.err = enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: "file"}})
	return c.err
}

func (c *checkstyleWriter) End(res *lint.Result) error {
	for i := 0; i < len(res.Errors); {
		out := checkstyleFile{Name: res.Errors[i].Path}
		for ; i < len(res.Errors) && res.Errors[i].Path == out.Name; i++ {
			e := res.Errors[i]
			out.Errors = append(out.Errors, checkstyleError{Line: e.Line, Column: e.Column, Severity: "error", Message: e.Msg, Source: "etcdlint"})
		}
		c.file(out)
	}
	if c.err != nil {
		return c.err
	}
	end := "</checkstyle>\n"
	if c.files > 0 {
		end = "\n" + end
	}
	_, err := io.WriteString(c.w, end)
	return err
}
