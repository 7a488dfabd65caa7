package report

import (
	"cmp"
	"fmt"
	"io"
	"maps"
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
	// plan holds a chain's findings by hop, then by when they ship.
	plan map[string]*hopPlan
}

// hopPlan is one hop of a chain's plan: the findings whose fix ships
// before the swap (pre), with it (cutover), and those left to a person.
type hopPlan struct {
	pre, cutover, manual []lint.Finding
	more                 int
}

func (h *hopPlan) add(fd lint.Finding) {
	list := &h.manual
	if fd.Planned != nil && fd.Planned.Phase == rules.Pre {
		list = &h.pre
	} else if fd.Planned != nil {
		list = &h.cutover
	}
	if len(*list) >= markdownFindings {
		h.more++
		return
	}
	*list = append(*list, fd)
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
		if fd.Hop != "" {
			if m.plan == nil {
				m.plan = map[string]*hopPlan{}
			}
			if m.plan[fd.Hop] == nil {
				m.plan[fd.Hop] = &hopPlan{}
			}
			m.plan[fd.Hop].add(fd)
			continue
		}
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
		if m.plan != nil {
			writePlan(w, m.plan)
		} else {
			writeFindingList(w, m.first, m.more)
		}
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

// writePlan writes a chain's findings hop by hop: what to ship while the
// old binary still runs, what with each swap, and what needs a person.
// A place an earlier hop already fixes is not listed again.
func writePlan(w io.Writer, plan map[string]*hopPlan) {
	type place struct {
		path         string
		line, column int
	}
	fixed := map[place]bool{}
	for _, hop := range slices.Sorted(maps.Keys(plan)) {
		p := plan[hop]
		from, to, _ := strings.Cut(hop, " → ")
		fmt.Fprintf(w, "#### %s\n\n", hop)
		var fixedHere []place
		listed := false
		for _, sec := range []struct {
			title string
			fds   []lint.Finding
		}{
			{fmt.Sprintf("Ship before the swap, on %s (%s accepts the fix too; `etcdlint --from %s --to %s --fix` applies the safe ones)", from, to, from, to), p.pre},
			{fmt.Sprintf("Ship with the swap to %s (%s rejects the fix; `etcdlint --from %s --to %s --fix --cutover`)", to, from, from, to), p.cutover},
			{"By hand (no automatic fix)", p.manual},
		} {
			fds := slices.DeleteFunc(slices.Clone(sec.fds), func(fd lint.Finding) bool { return fixed[place{fd.Path, fd.Line, fd.Column}] })
			if len(fds) == 0 {
				continue
			}
			fmt.Fprintf(w, "%s:\n\n", sec.title)
			listed = true
			for _, fd := range fds {
				if fd.Planned != nil {
					fixedHere = append(fixedHere, place{fd.Path, fd.Line, fd.Column})
				}
				what := mdText(strings.TrimPrefix(fd.Message, "("+hop+") "))
				if fd.Planned != nil {
					what = mdText(fd.Planned.Description)
					if fd.Planned.Safety != rules.Safe {
						what += " (unsafe: review it; `--unsafe-fixes`)"
					}
				}
				fmt.Fprintf(w, "- `%s:%d:%d` %s [%s]\n", mdCode(fd.Path), fd.Line, fd.Column, what, fd.Rule)
			}
			fmt.Fprintln(w)
		}
		if p.more > 0 {
			fmt.Fprintf(w, "- and %d more: see the JSON report\n\n", p.more)
		} else if !listed {
			fmt.Fprint(w, "Nothing new: the fixes of the hops before cover this one.\n\n")
		}
		for _, pl := range fixedHere {
			fixed[pl] = true
		}
	}
}

// mdText keeps a message on its list item and out of HTML.
func mdText(s string) string {
	return strings.NewReplacer("\n", " ", "<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(s)
}

// mdCode keeps a path inside its code span and its table cell.
func mdCode(s string) string { return strings.NewReplacer("`", "'", "|", "\\|", "\n", " ").Replace(s) }

func mdCell(s string) string { return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s) }
