package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// markdownFindings caps the list of findings: a job summary is for
// reading, the annotations and the JSON report hold every one.
const markdownFindings = 100

type markdownRow struct {
	rule, path string
	sev        rules.Severity
	n          int
}

type markdownWriter struct {
	w     io.Writer
	rows  []*markdownRow
	first []lint.Finding // the findings listed
	more  int            // and how many are not
	tally Tally
}

// NewMarkdown writes a summary for a CI job page (GitHub's job summary, a
// merge request note): the counts, a table by rule and file, then the
// findings themselves (GitHub shows only a few annotations per step). It
// is written at the end; it keeps the table and the listed findings only.
func NewMarkdown(w io.Writer) Writer { return &markdownWriter{w: w} }

func (m *markdownWriter) File(f *lint.File) error {
	m.tally.Add(f)
	byRule := map[string]*markdownRow{}
	for _, fd := range f.Findings {
		r := byRule[fd.Rule]
		if r == nil {
			r = &markdownRow{rule: fd.Rule, path: fd.Path, sev: fd.Severity}
			byRule[fd.Rule] = r
			m.rows = append(m.rows, r)
		}
		r.sev = max(r.sev, fd.Severity)
		r.n++
		if len(m.first) < markdownFindings {
			m.first = append(m.first, fd)
		} else {
			m.more++
		}
	}
	return nil
}

func (m *markdownWriter) End(res *lint.Result) error {
	w := m.w
	slices.SortStableFunc(m.rows, func(a, b *markdownRow) int {
		return cmp.Or(cmp.Compare(a.rule, b.rule), cmp.Compare(a.path, b.path))
	})
	fmt.Fprint(w, "### etcdlint\n\n")
	m.tally.Summary(w, res)
	fmt.Fprintln(w)
	if len(m.rows) > 0 {
		fmt.Fprint(w, "| Rule | File | Severity | Findings |\n| --- | --- | --- | ---: |\n")
		for _, r := range m.rows {
			fmt.Fprintf(w, "| [%s](%s) | `%s` | %s | %d |\n", r.rule, rules.ByID(r.rule).URL(), mdCode(r.path), r.sev, r.n)
		}
		fmt.Fprintln(w)
		writeFindingList(w, m.first, m.more)
	}
	if len(res.Errors) > 0 {
		fmt.Fprint(w, "| File | Error |\n| --- | --- |\n")
		for _, e := range res.Errors {
			fmt.Fprintf(w, "| `%s` | %s |\n", mdCode(e.Path), mdCell(e.Error()))
		}
		fmt.Fprintln(w)
	}
	return nil
}

// writeFindingList writes the findings as a list, and how many more
// there are.
func writeFindingList(w io.Writer, fds []lint.Finding, more int) {
	fmt.Fprint(w, "#### Findings\n\n")
	for _, fd := range fds {
		fmt.Fprintf(w, "- `%s:%d:%d` %s: %s [%s]\n", mdCode(fd.Path), fd.Line, fd.Column, fd.Severity, mdText(fd.Message), fd.Rule)
	}
	if more > 0 {
		fmt.Fprintf(w, "- and %d more: see the annotations or the JSON report\n", more)
	}
	fmt.Fprintln(w)
}

// mdText keeps a message on its list item and out of HTML.
func mdText(s string) string {
	return strings.NewReplacer("\n", " ", "<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(s)
}

// mdCode keeps a path inside its code span and its table cell.
func mdCode(s string) string { return strings.NewReplacer("`", "'", "|", "\\|", "\n", " ").Replace(s) }

func mdCell(s string) string { return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s) }
