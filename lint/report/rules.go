package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/etcdlint/etcdlint/rules"
)

// RulesText writes the catalogue as a table.
func RulesText(w io.Writer, all []*rules.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSURFACES\tFIX\tTITLE")
	for _, r := range all {
		fix := "-"
		if r.Fixable {
			fix = r.FixKind()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, strings.Join(r.Surfaces, ","), fix, r.Title)
	}
	return tw.Flush()
}

type jsonRule struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Severity  string   `json:"severity"`
	Surfaces  []string `json:"surfaces"`
	Fixable   bool     `json:"fixable"`
	FixSafety string   `json:"fix_safety,omitempty"`
	Since     string   `json:"since,omitempty"`
	Until     string   `json:"until,omitempty"`
	URL       string   `json:"url"`
	Rationale string   `json:"rationale"`
}

// RulesJSON writes the catalogue as JSON.
func RulesJSON(w io.Writer, all []*rules.Rule) error {
	var out []jsonRule
	for _, r := range all {
		out = append(out, jsonRule{r.ID, r.Title, r.Severity.String(), r.Surfaces, r.Fixable, r.FixSafety, r.Since, r.Until, r.URL(), unwrap(r.Rationale)})
	}
	return writeJSON(w, out)
}

// Explain writes a rule's documentation.
func Explain(w io.Writer, r *rules.Rule) error {
	fix := "no automatic fix"
	if r.Fixable {
		fix = "fixable (" + r.FixSafety + ")"
	}
	fmt.Fprintf(w, "%s: %s\n\nseverity: %s; surfaces: %s; %s\ndocs: %s\n\n%s\n", r.ID, r.Title, r.Severity, strings.Join(r.Surfaces, ", "), fix, r.URL(), r.Rationale)
	if r.Before != "" {
		fmt.Fprintf(w, "\nbefore:\n%s\n", indent(r.Before))
	}
	if r.After != "" {
		fmt.Fprintf(w, "\nafter:\n%s\n", indent(r.After))
	}
	return nil
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// unwrap joins a hard-wrapped paragraph into one line.
func unwrap(s string) string { return strings.Join(strings.Fields(s), " ") }
