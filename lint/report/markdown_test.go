package report

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// The list of findings stops at markdownFindings and says how many more
// there are; a message cannot open HTML in the page.
func TestMarkdownFindingList(t *testing.T) {
	f := &lint.File{Path: "etcd.env"}
	for i := range markdownFindings + 3 {
		f.Findings = append(f.Findings, lint.Finding{Path: "etcd.env", Line: i + 1, Column: 1, Rule: "debug-flag", Severity: rules.Warning, Message: "write <b>this</b>"})
	}
	var b strings.Builder
	if err := WriteAll(NewMarkdown(&b), &lint.Result{Files: []*lint.File{f}, FilesScanned: 1}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, "\n- `etcd.env:"); n != markdownFindings {
		t.Errorf("%d findings listed, want %d", n, markdownFindings)
	}
	if !strings.Contains(out, "\n- and 3 more: ") || strings.Contains(out, "<b>") {
		t.Errorf("markdown:\n%s", out)
	}
}
