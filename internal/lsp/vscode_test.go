package lsp_test

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVSCodePackage builds the VS Code extension with scripts/build-vscode
// in a copy of editors/vscode and checks the .vsix: the manifest's entry
// point is in it, compiled, and starts `etcdlint lsp`; the language client
// it needs at run time is bundled. .ci/run has npm (Node.js from Debian
// where it is missing).
func TestVSCodePackage(t *testing.T) {
	if testing.Short() {
		t.Skip("installs npm packages")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("no npm on PATH")
	}
	dir := t.TempDir()
	src := "../../editors/vscode"
	for _, name := range []string{"package.json", "package-lock.json", "tsconfig.json", ".vscodeignore", "README.md", "src/extension.ts"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("../../scripts/build-vscode", dir).CombinedOutput(); err != nil {
		t.Fatalf("scripts/build-vscode: %v\n%s", err, out)
	}
	zr, err := zip.OpenReader(filepath.Join(dir, "etcdlint.vsix"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read := func(name string) string {
		f, err := zr.Open(name)
		if err != nil {
			t.Fatalf("the .vsix has no %s", name)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		return string(b)
	}
	var manifest struct {
		Main             string
		ActivationEvents []string
		Contributes      struct {
			Configuration struct{ Properties map[string]any }
		}
	}
	if err := json.Unmarshal([]byte(read("extension/package.json")), &manifest); err != nil {
		t.Fatal(err)
	}
	main := read("extension/" + strings.TrimPrefix(manifest.Main, "./"))
	for _, want := range []string{`"lsp"`, "vscode-languageclient/node", "exports.activate", "exports.deactivate"} {
		if !strings.Contains(main, want) {
			t.Errorf("%s does not contain %s", manifest.Main, want)
		}
	}
	read("extension/node_modules/vscode-languageclient/package.json")
	read("extension/LICENSE.txt")
	for _, key := range []string{"etcdlint.path", "etcdlint.args"} {
		if manifest.Contributes.Configuration.Properties[key] == nil {
			t.Errorf("the manifest has no setting %s", key)
		}
	}
	if len(manifest.ActivationEvents) == 0 {
		t.Error("the manifest has no activation events")
	}
}
