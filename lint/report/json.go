package report

import (
	"encoding/json"
	"io"

	"github.com/etcdlint/etcdlint/lint"
)

// JSONReport is the document --format json writes; the README documents it.
type JSONReport struct {
	Findings     []JSONFinding `json:"findings"`
	Errors       []JSONError   `json:"errors"`
	Notices      []JSONNotice  `json:"notices"`
	FilesScanned int           `json:"files_scanned"`
}

// JSONFinding is one finding.
type JSONFinding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	URL       string `json:"url"`
	// Fingerprint identifies the finding across edits that move lines
	// (the baseline and SARIF partialFingerprints use it too).
	Fingerprint string   `json:"fingerprint"`
	Fix         *JSONFix `json:"fix"`
	// NoFix says why a fixable rule has no fix here.
	NoFix string `json:"no_fix,omitempty"`
	// Hop is, in a chain, the hop of the finding ("3.4 → 3.5"), and
	// Planned the fix it has within that hop (without edits: a chain is
	// fixed hop by hop).
	Hop     string   `json:"hop,omitempty"`
	Planned *JSONFix `json:"planned,omitempty"`
}

// JSONFix is a fix with its edits.
type JSONFix struct {
	Description string     `json:"description"`
	Phase       string     `json:"phase"`
	Safety      string     `json:"safety"`
	Edits       []JSONEdit `json:"edits"`
}

// JSONEdit replaces [start, end) with new_text; positions are 1-based with
// byte columns, offsets are 0-based bytes.
type JSONEdit struct {
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	EndLine     int    `json:"end_line"`
	EndColumn   int    `json:"end_column"`
	StartOffset int    `json:"start_offset"`
	EndOffset   int    `json:"end_offset"`
	NewText     string `json:"new_text"`
}

// JSONError is a file that could not be read or parsed.
type JSONError struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// JSONNotice is a file skipped on purpose.
type JSONNotice struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// BuildJSON converts a result held in memory to the JSON report.
func BuildJSON(res *lint.Result) JSONReport {
	out := jsonTail(res)
	out.Findings = []JSONFinding{}
	for _, f := range res.Files {
		out.Findings = append(out.Findings, jsonFindings(f)...)
	}
	return out
}

// jsonFindings converts the findings of one file.
func jsonFindings(f *lint.File) []JSONFinding {
	var out []JSONFinding
	for _, fd := range f.Findings {
		jf := JSONFinding{
			Rule: fd.Rule, Severity: fd.Severity.String(), Path: fd.Path,
			Line: fd.Line, Column: fd.Column, EndLine: fd.EndLine, EndColumn: fd.EndColumn,
			Message: fd.Message, URL: fd.URL, Fingerprint: fd.Fingerprint, NoFix: fd.NoFix, Hop: fd.Hop,
		}
		if p := fd.Planned; p != nil {
			jf.Planned = &JSONFix{Description: p.Description, Phase: string(p.Phase), Safety: string(p.Safety), Edits: []JSONEdit{}}
		}
		if fd.Fix != nil {
			jf.Fix = &JSONFix{Description: fd.Fix.Description, Phase: string(fd.Fix.Phase), Safety: string(fd.Fix.Safety), Edits: []JSONEdit{}}
			for _, e := range fd.Fix.Edits {
				l, c := f.Lines.Position(e.Span.Start)
				el, ec := f.Lines.Position(e.Span.End)
				jf.Fix.Edits = append(jf.Fix.Edits, JSONEdit{Line: l, Column: c, EndLine: el, EndColumn: ec, StartOffset: e.Span.Start, EndOffset: e.Span.End, NewText: e.NewText})
			}
		}
		out = append(out, jf)
	}
	return out
}

// jsonTail is the report without its findings.
func jsonTail(res *lint.Result) JSONReport {
	out := JSONReport{Findings: []JSONFinding{}, Errors: []JSONError{}, Notices: []JSONNotice{}, FilesScanned: res.FilesScanned}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, JSONError{Path: e.Path, Line: e.Line, Column: e.Column, Message: e.Msg})
	}
	for _, n := range res.Notices {
		out.Notices = append(out.Notices, JSONNotice{Path: n.Path, Message: n.Msg})
	}
	return out
}

type jsonWriter struct{ findings *jsonArray }

// NewJSON writes the JSON report.
func NewJSON(w io.Writer) Writer {
	return jsonWriter{startJSONArray(w, JSONReport{Findings: []JSONFinding{}}, "findings")}
}

func (j jsonWriter) File(f *lint.File) error {
	for _, jf := range jsonFindings(f) {
		j.findings.add(jf)
	}
	return j.findings.err
}

func (j jsonWriter) End(res *lint.Result) error { return j.findings.end(jsonTail(res)) }

// writeJSON writes v as indented JSON, the layout of every JSON report.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
