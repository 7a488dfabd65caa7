package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/testprog"
	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/settings"
	"github.com/etcdlint/etcdlint/rules"
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

// exampleWorkflows are the yaml blocks of docs/github-action.md that use
// the action.
func exampleWorkflows(t *testing.T) []string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "github-action.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(doc, -1) {
		if strings.Contains(string(m[1]), "uses: etcdlint/etcdlint@") {
			out = append(out, string(m[1]))
		}
	}
	return out
}

func TestExampleWorkflowActionlint(t *testing.T) {
	wfs := exampleWorkflows(t)
	if len(wfs) < 2 {
		t.Fatalf("docs/github-action.md has %d workflows using the action, want the main one and the fix: diff one", len(wfs))
	}
	inputs := map[string]bool{}
	for i, wf := range wfs {
		for _, e := range actionlintErrors(t, "example.yml", []byte(wf)) {
			t.Errorf("example workflow %d: %s", i+1, e)
		}
		// The same workflow on the local checkout of the action, so that
		// actionlint checks its with: keys against action.yml's inputs.
		local := regexp.MustCompile(`uses: etcdlint/etcdlint@\S+`).ReplaceAllString(wf, "uses: ./")
		for _, e := range actionlintErrors(t, "example-local.yml", []byte(local)) {
			t.Errorf("example workflow %d on action.yml: %s", i+1, e)
		}
		for _, in := range []string{"fail-on", "fix"} {
			if !strings.Contains(local, "  "+in+": ") {
				continue
			}
			inputs[in] = true
			// And a misspelt input is caught that way: the check has teeth.
			bad := strings.Replace(local, "  "+in+": ", "  "+in+"s: ", 1)
			if errs := actionlintErrors(t, "bad.yml", []byte(bad)); len(errs) == 0 {
				t.Errorf("actionlint accepted the input %ss, which action.yml does not define", in)
			}
		}
		if strings.Contains(local, "fix: diff") && !strings.Contains(local, "steps.etcdlint.outputs.patch-file") {
			t.Errorf("example workflow %d sets fix: diff but does not use the patch-file output", i+1)
		}
	}
	if !inputs["fail-on"] || !inputs["fix"] {
		t.Errorf("the examples do not set fail-on and fix: %v", inputs)
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
	// Every input reaches a step (through its env:).
	var envs []byte
	for _, step := range action.Runs.Steps {
		env, _ := yaml.Marshal(step["env"])
		envs = append(envs, env...)
	}
	for name := range action.Inputs {
		if !strings.Contains(string(envs), "inputs."+name+" }}") {
			t.Errorf("input %s reaches no step's env:", name)
		}
	}
	if _, ok := action.Inputs["fix"]; !ok {
		t.Error("action.yml has no input fix")
	}
	if _, ok := action.Outputs["patch-file"]; !ok {
		t.Error("action.yml has no output patch-file")
	}
	for name, o := range action.Outputs {
		if !strings.Contains(o.Value, "steps.lint.outputs."+name) {
			t.Errorf("output %s = %q does not come from the lint step", name, o.Value)
		}
	}
}

// TestActionDefaults: the action leaves the upgrade and fail-on to
// etcdlint (an empty input passes no flag, so .etcdlint.toml and the
// defaults of settings.Build apply), and the defaults its inputs state
// are etcdlint's own.
func TestActionDefaults(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct{ Description, Default string } `yaml:"inputs"`
	}
	if err := yaml.Unmarshal(src, &action); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"from":    "else the minor before the target)",
		"to":      orList(rules.Versions[1:]) + " (default from .etcdlint.toml, else the minor after \"from\", else " + rules.DefaultUpgrade.To + ")",
		"fail-on": "(default from .etcdlint.toml, else " + settings.DefaultFailOn.String() + ")",
	} {
		in := action.Inputs[name]
		if in.Default != "" || !strings.HasSuffix(in.Description, want) {
			t.Errorf("input %s: default %q, description %q; want no default and a description ending %q", name, in.Default, in.Description, want)
		}
	}
	for doc, want := range map[string][]string{
		"README.md": {"(default " + rules.DefaultUpgrade.String() + ")"},
		"docs/github-action.md": {
			"| `from`, `to` | from `.etcdlint.toml`, else " + rules.DefaultUpgrade.String() + ";",
			"| `fail-on` | from `.etcdlint.toml`, else `" + settings.DefaultFailOn.String() + "` |",
		},
	} {
		text, err := os.ReadFile(filepath.Join(repoRoot, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(text), w) {
				t.Errorf("%s does not state the default: %q", doc, w)
			}
		}
	}
}

// TestActionScript runs the action's lint step, as the runner would (bash
// -eo pipefail, inputs in env, RUNNER_TEMP, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files), on an etcdlint built from this tree: the
// annotations reach stdout, the outputs are set, and with fix: diff the
// patch lands in the job summary inside a diff block that its own
// backticks cannot close.
func TestActionScript(t *testing.T) {
	script := actionStep(t, func(id, name string) bool { return id == "lint" })
	bin := testprog.Path(t, "etcdlint")
	caseDir, err := filepath.Abs(fixFormatsCase)
	if err != nil {
		t.Fatal(err)
	}

	type result struct {
		stdout, summary string
		outputs         map[string]string
		code            int
	}
	// run runs the script in a workspace with the case's files under wd
	// (the working-directory input, "" for none).
	var prepare func(t *testing.T, work string) // before the script, after the files
	run := func(t *testing.T, fix, wd string, inputs ...string) result {
		t.Helper()
		work := t.TempDir()
		copyTree(t, filepath.Join(caseDir, "input"), filepath.Join(work, wd, "input"))
		// a line of backticks beside a fix, in the diff's context
		env := filepath.Join(work, wd, "input", "deploy", "etcd.env")
		data, _ := os.ReadFile(env)
		os.WriteFile(env, append([]byte("# ```` is not a fence\n"), data...), 0o644)
		if prepare != nil {
			prepare(t, work)
		}
		temp := t.TempDir()
		summary, outputs := filepath.Join(temp, "summary.md"), filepath.Join(temp, "output")
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Dir = work
		cmd.Env = append(os.Environ(),
			"ETCDLINT="+bin, "RUNNER_TEMP="+temp, "GITHUB_STEP_SUMMARY="+summary, "GITHUB_OUTPUT="+outputs,
			"INPUT_PATHS=input", "INPUT_WORKING_DIRECTORY="+wd, "INPUT_FROM=", "INPUT_TO=", "INPUT_FAIL_ON=", "INPUT_ARGS=--no-color",
			"INPUT_SARIF_FILE=reports/etcdlint.sarif", "INPUT_FIX="+fix, "INPUT_ANNOTATIONS_LIMIT=")
		cmd.Env = append(cmd.Env, inputs...)
		// no JSON tool: the script must not need one
		cmd.Env = append(cmd.Env, "PATH="+noJQ(t))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		r := result{stdout: stdout.String(), outputs: map[string]string{}}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		s, _ := os.ReadFile(summary)
		r.summary = string(s)
		o, _ := os.ReadFile(outputs)
		for _, line := range strings.Split(strings.TrimSpace(string(o)), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				r.outputs[k] = v
			}
		}
		if r.code == 2 {
			return r // refused input: nothing was run
		}
		if _, err := os.Stat(filepath.Join(work, wd, "reports", "etcdlint.sarif")); err != nil {
			t.Errorf("no SARIF written: %v\nstderr: %s", err, stderr.String())
		}
		if got, _ := os.ReadFile(env); !strings.Contains(string(got), "ETCD_ENABLE_V2=false") {
			t.Errorf("the action changed the files:\n%s", got)
		}
		return r
	}

	t.Run("lint", func(t *testing.T) {
		r := run(t, "", "")
		if r.code != 1 || r.outputs["findings"] != "8" || r.outputs["patch-file"] != "" || r.outputs["sarif-file"] != "reports/etcdlint.sarif" {
			t.Errorf("exit %d, outputs %v", r.code, r.outputs)
		}
		if strings.Count(r.stdout, "::") < 16 || !strings.Contains(r.stdout, "::warning file=input/deploy/etcd.env,line=3,") {
			t.Errorf("annotations:\n%s", r.stdout)
		}
		if !strings.Contains(r.summary, "| Rule | File |") || strings.Contains(r.summary, "diff") {
			t.Errorf("summary:\n%s", r.summary)
		}
	})
	t.Run("working-directory", func(t *testing.T) {
		r := run(t, "", "deploy/etcd")
		if r.code != 1 || r.outputs["findings"] != "8" || r.outputs["sarif-file"] != "deploy/etcd/reports/etcdlint.sarif" {
			t.Errorf("exit %d, outputs %v", r.code, r.outputs)
		}
		if !strings.Contains(r.stdout, "::warning file=deploy/etcd/input/deploy/etcd.env,line=3,") {
			t.Errorf("annotations do not name files from the workspace root:\n%s", r.stdout)
		}
	})
	t.Run("only-new-issues", func(t *testing.T) {
		git := func(t *testing.T, dir string, args ...string) {
			t.Helper()
			cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
		// the base branch has the case's findings; the pull request adds one
		prepare = func(t *testing.T, work string) {
			git(t, work, "init", "-q", "-b", "main")
			git(t, work, "add", "-A")
			git(t, work, "commit", "-q", "-m", "base")
			git(t, work, "remote", "add", "origin", work)
			git(t, work, "checkout", "-q", "-b", "pr")
			os.WriteFile(filepath.Join(work, "input", "deploy", "new.env"), []byte("ETCD_LOG_OUTPUT=stderr\n"), 0o644)
			git(t, work, "add", "-A")
			git(t, work, "commit", "-q", "-m", "pr")
		}
		defer func() { prepare = nil }()
		r := run(t, "", "", "INPUT_ONLY_NEW_ISSUES=true", "BASE_REF=main")
		if r.code != 1 || r.outputs["findings"] != "1" || !strings.Contains(r.stdout, "file=input/deploy/new.env") {
			t.Errorf("exit %d, outputs %v\n%s", r.code, r.outputs, r.stdout)
		}
		// outside a pull request every finding is reported, with a notice
		r = run(t, "", "", "INPUT_ONLY_NEW_ISSUES=true", "BASE_REF=")
		if r.code != 1 || r.outputs["findings"] != "9" || !strings.Contains(r.stdout, "only-new-issues needs a pull request") {
			t.Errorf("without a base: exit %d, outputs %v\n%s", r.code, r.outputs, r.stdout)
		}
		if r := run(t, "", "", "INPUT_ONLY_NEW_ISSUES=yes"); r.code != 2 {
			t.Errorf("only-new-issues=yes: exit %d, want 2", r.code)
		}
	})
	t.Run("diff", func(t *testing.T) {
		r := run(t, "diff", "")
		if r.code != 1 || r.outputs["findings"] != "6" || r.outputs["patch-file"] == "" {
			t.Fatalf("exit %d, outputs %v\n%s", r.code, r.outputs, r.stdout)
		}
		patch, err := os.ReadFile(r.outputs["patch-file"])
		if err != nil || !strings.Contains(string(patch), "-ETCD_ENABLE_V2=false\n") || !strings.Contains(string(patch), "# ```` is not a fence") {
			t.Fatalf("patch-file: %v\n%s", err, patch)
		}
		// annotations of what the patch leaves, placed in the files as they are
		if !strings.Contains(r.stdout, "::warning file=input/deploy/etcd.env,line=6,col=1,endLine=6,endColumn=16,title=etcdlint debug-flag::") || strings.Contains(r.stdout, "enable-v2") {
			t.Errorf("annotations:\n%s", r.stdout)
		}
		if strings.Contains(r.stdout, "--- a/") {
			t.Errorf("the patch went to the log:\n%s", r.stdout)
		}
		block := "`````diff\n" + string(patch) + "`````\n"
		if !strings.Contains(r.summary, "| Rule | File |") || !strings.Contains(r.summary, block) {
			t.Errorf("summary has no diff block\n%s\nin:\n%s", block, r.summary)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		r := run(t, "apply", "")
		if r.code != 2 || !strings.Contains(r.stdout, "::error title=etcdlint::the fix input is empty or diff") {
			t.Errorf("exit %d\n%s", r.code, r.stdout)
		}
	})
	t.Run("annotations-limit", func(t *testing.T) {
		r := run(t, "", "", "INPUT_ANNOTATIONS_LIMIT=3")
		if r.code != 1 || r.outputs["findings"] != "8" || strings.Count(r.stdout, "::warning ")+strings.Count(r.stdout, "::error ") != 3 ||
			!strings.Contains(r.stdout, "::notice title=etcdlint::5 more findings are not annotated") {
			t.Errorf("exit %d, outputs %v\n%s", r.code, r.outputs, r.stdout)
		}
		if r := run(t, "", "", "INPUT_ANNOTATIONS_LIMIT=many"); r.code != 2 {
			t.Errorf("a limit that is no number: exit %d", r.code)
		}
	})
}

// noJQ is a PATH with the directories of the tools the action's script
// uses, and no jq: GitHub's runners have it, other runners may not.
func noJQ(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, tool := range []string{"bash", "cat", "wc", "head", "tail", "mkdir", "dirname", "rm", "awk", "printf", "git"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			continue // a shell builtin here
		}
		if err := os.Symlink(p, filepath.Join(dir, tool)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestActionInstall runs the install step with a fake go: the version
// input chooses between the action's checkout and a release tag.
func TestActionInstall(t *testing.T) {
	script := actionStep(t, func(id, name string) bool { return name == "Install etcdlint" })
	bin := t.TempDir()
	log := filepath.Join(t.TempDir(), "go-args")
	os.WriteFile(filepath.Join(bin, "go"), []byte("#!/bin/sh\necho \"$@\" > "+log+"\n"), 0o755)
	for version, want := range map[string]string{
		"":       "install ./cmd/etcdlint",
		"source": "install ./cmd/etcdlint",
		"v1.2.0": "install github.com/etcdlint/etcdlint/cmd/etcdlint@v1.2.0",
		"latest": "",
	} {
		os.Remove(log)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "INPUT_VERSION="+version)
		out, err := cmd.CombinedOutput()
		got, _ := os.ReadFile(log)
		if want == "" {
			if err == nil || !strings.Contains(string(out), "the version input is source or a release tag") {
				t.Errorf("version %q: %v\n%s", version, err, out)
			}
			continue
		}
		if err != nil || strings.TrimSpace(string(got)) != want {
			t.Errorf("version %q: go %q, %v\n%s", version, got, err, out)
		}
	}
}

// actionStep is the run: script of the step of action.yml that is wanted.
func actionStep(t *testing.T, wanted func(id, name string) bool) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				ID   string `yaml:"id"`
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(src, &action); err != nil {
		t.Fatal(err)
	}
	for _, s := range action.Runs.Steps {
		if wanted(s.ID, s.Name) && s.Run != "" {
			return s.Run
		}
	}
	t.Fatal("action.yml has no such step")
	return ""
}
