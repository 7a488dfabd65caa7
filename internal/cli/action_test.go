package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"
)

// repoRoot is where action.yml lives.
const repoRoot = "../.."

// actionlintErrors lints one workflow with actionlint. Local actions
// (uses: ./) resolve against the repository, so their inputs are checked
// against action.yml.
func actionlintErrors(t *testing.T, name string, src []byte) []string {
	t.Helper()
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Oneline: true})
	if err != nil {
		t.Fatal(err)
	}
	proj, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(name, src, proj)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return msgs
}

// exampleWorkflow is the first yaml block of docs/github-action.md.
func exampleWorkflow(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "github-action.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/github-action.md has no yaml block")
	}
	return string(m[1])
}

func TestExampleWorkflowActionlint(t *testing.T) {
	wf := exampleWorkflow(t)
	if !strings.Contains(wf, "uses: etcdlint/etcdlint@") {
		t.Fatal("the example does not use the action")
	}
	for _, e := range actionlintErrors(t, "example.yml", []byte(wf)) {
		t.Errorf("example workflow: %s", e)
	}
	// The same workflow on the local checkout of the action, so that
	// actionlint checks its with: keys against action.yml's inputs.
	local := regexp.MustCompile(`uses: etcdlint/etcdlint@\S+`).ReplaceAllString(wf, "uses: ./")
	for _, e := range actionlintErrors(t, "example-local.yml", []byte(local)) {
		t.Errorf("example workflow on action.yml: %s", e)
	}
	// And a misspelt input is caught that way: the check has teeth.
	bad := strings.Replace(local, "fail-on:", "fail_on:", 1)
	if errs := actionlintErrors(t, "bad.yml", []byte(bad)); len(errs) == 0 {
		t.Error("actionlint accepted an input action.yml does not define")
	}
}

// TestActionActionlint lints the composite action's steps as the steps of a
// reusable workflow whose inputs are the action's inputs: actionlint checks
// their expressions, contexts and known actions' inputs.
func TestActionActionlint(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs  map[string]any `yaml:"inputs"`
		Outputs map[string]struct {
			Value string `yaml:"value"`
		} `yaml:"outputs"`
		Runs struct {
			Using string           `yaml:"using"`
			Steps []map[string]any `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(src, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", action.Runs.Using)
	}
	inputs := map[string]any{}
	for name := range action.Inputs {
		inputs[name] = map[string]any{"type": "string", "required": false}
	}
	wf := map[string]any{
		"name": "action.yml steps",
		"on":   map[string]any{"workflow_call": map[string]any{"inputs": inputs}},
		"jobs": map[string]any{"action": map[string]any{"runs-on": "ubuntu-latest", "steps": action.Runs.Steps}},
	}
	out, err := yaml.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range actionlintErrors(t, "action-steps.yml", out) {
		t.Errorf("action.yml: %s", e)
	}

	// Inputs reach scripts only through env: an expression inside run:
	// would be spliced into the shell source.
	for _, step := range action.Runs.Steps {
		if run, ok := step["run"].(string); ok && strings.Contains(run, "${{") {
			t.Errorf("step %v has an expression in run:; pass it through env:", step["name"])
		}
		if _, ok := step["run"]; ok && step["shell"] == nil {
			t.Errorf("step %v has no shell:, which composite actions require", step["name"])
		}
	}
	for name, o := range action.Outputs {
		if !strings.Contains(o.Value, "steps.lint.outputs."+name) {
			t.Errorf("output %s = %q does not come from the lint step", name, o.Value)
		}
	}
}
