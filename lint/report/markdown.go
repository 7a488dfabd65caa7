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

// Markdown writes a summary for a CI job page (GitHub's job summary, a
// merge request note): the counts, a table by rule and file, then the
// findings themselves (GitHub shows only a few annotations per step).
func Markdown(w io.Writer, res *lint.Result) error {
	type row struct {
		rule, path string
		sev        rules.Severity
		n          int
	}
	var rows []*row
	for _, fd := range res.Findings() {
		i := slices.IndexFunc(rows, func(r *row) bool { return r.rule == fd.Rule && r.path == fd.Path })
		if i < 0 {
			rows = append(rows, &row{rule: fd.Rule, path: fd.Path, sev: fd.Severity})
			i = len(rows) - 1
		}
		rows[i].sev = max(rows[i].sev, fd.Severity)
		rows[i].n++
	}
	slices.SortStableFunc(rows, func(a, b *row) int { return cmp.Or(cmp.Compare(a.rule, b.rule), cmp.Compare(a.path, b.path)) })
	fmt.Fprint(w, "### etcdlint\n\n")
	Summary(w, res)
	fmt.Fprintln(w)
	if len(rows) > 0 {
		fmt.Fprint(w, "| Rule | File | Severity | Findings |\n| --- | --- | --- | ---: |\n")
		for _, r := range rows {
			fmt.Fprintf(w, "| [%s](%s) | `%s` | %s | %d |\n", r.rule, rules.ByID(r.rule).URL(), mdCode(r.path), r.sev, r.n)
		}
		fmt.Fprintln(w)
		writeFindingList(w, res.Findings())
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

// writeFindingList writes the findings as a list, the first
// markdownFindings of them, and how many more there are.
func writeFindingList(w io.Writer, fds []lint.Finding) {
	fmt.Fprint(w, "#### Findings\n\n")
	for i, fd := range fds {
		if i == markdownFindings {
			fmt.Fprintf(w, "- and %d more: see the annotations or the JSON report\n", len(fds)-i)
			break
		}
		fmt.Fprintf(w, "- `%s:%d:%d` %s: %s [%s]\n", mdCode(fd.Path), fd.Line, fd.Column, fd.Severity, mdText(fd.Message), fd.Rule)
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
