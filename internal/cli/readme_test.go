package cli

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
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

// TestReadmeHelixConfig reads the README's Helix languages.toml: it must
// parse, start `etcdlint lsp`, and add etcdlint only to languages whose
// files etcdlint reads.
func TestReadmeHelixConfig(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "\nHelix (")
	if !ok {
		t.Fatal("README.md has no Helix section")
	}
	_, block, ok := strings.Cut(after, "```toml\n")
	block, _, closed := strings.Cut(block, "```")
	if !ok || !closed {
		t.Fatal("README.md's Helix section has no toml block")
	}
	var cfg struct {
		LanguageServer map[string]struct {
			Command string
			Args    []string
		} `toml:"language-server"`
		Language []struct {
			Name            string
			LanguageServers []string `toml:"language-servers"`
		}
	}
	if _, err := toml.Decode(block, &cfg); err != nil {
		t.Fatalf("the Helix config does not parse: %v", err)
	}
	if s := cfg.LanguageServer["etcdlint"]; s.Command != "etcdlint" || !slices.Equal(s.Args, []string{"lsp"}) {
		t.Errorf("language-server.etcdlint = %+v, want etcdlint lsp", s)
	}
	read := map[string]bool{"yaml": true, "bash": true, "dockerfile": true, "markdown": true, "toml": true, "json": true}
	if len(cfg.Language) == 0 {
		t.Error("no language uses etcdlint")
	}
	for _, l := range cfg.Language {
		if !read[l.Name] || !slices.Contains(l.LanguageServers, "etcdlint") {
			t.Errorf("language %q with servers %v: etcdlint reads no such files or is not listed", l.Name, l.LanguageServers)
		}
	}
}
