package cli

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestReadmeExample runs the README's first set-up command and checks its
// output against testdata/example.want, and that the output the README
// quotes is what etcdlint really prints, so the docs cannot drift.
func TestReadmeExample(t *testing.T) {
	t.Chdir("../..")
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "go run ./cmd/etcdlint testdata/example"
	if !strings.Contains(string(readme), cmd) {
		t.Fatalf("README.md no longer shows %q", cmd)
	}
	stdout, _, code := runCLI(t, "--no-color", "testdata/example")
	compareGolden(t, "testdata/example.want", fmt.Sprintf("%sexit: %d\n", stdout, code))

	_, after, ok := strings.Cut(string(readme), "Output is compiler style")
	if !ok {
		t.Fatal("README.md lost its output example")
	}
	_, block, _ := strings.Cut(after, "```\n")
	block, _, _ = strings.Cut(block, "```")
	if !strings.Contains(stdout, block) {
		t.Errorf("the output quoted in README.md is not what etcdlint prints:\n%s\nactual output:\n%s", block, stdout)
	}
}
