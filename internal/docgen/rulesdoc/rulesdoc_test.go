package rulesdoc

import (
	"os"
	"strings"
	"testing"
)

// The committed docs must match the rule metadata.
func TestDocsUpToDate(t *testing.T) {
	var b strings.Builder
	if err := Write(&b); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Error("docs/rules.md is stale: run go run ./tools/docgen > docs/rules.md")
	}
}
