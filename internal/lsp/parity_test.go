package lsp_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/cli"
	"github.com/etcdlint/etcdlint/internal/lsp"
)

// TestSameFindingsAsCLI opens every input file of the golden cases in the
// language server and checks that it publishes what the command line
// reports for that file with the same options (sameAsCLI).
func TestSameFindingsAsCLI(t *testing.T) {
	cases, err := filepath.Glob("../../testdata/cases/*/input")
	if err != nil {
		t.Fatal(err)
	}
	// the command-line options the server takes too; a file a case names
	// is beside its input/
	option := regexp.MustCompile(`--(from|to|enable|disable|metrics-from|config)[ =](\S+)`)
	n := 0
	for _, input := range cases {
		dir, _ := filepath.Abs(filepath.Dir(input))
		args, _ := os.ReadFile(filepath.Join(dir, "args"))
		var o lsp.Options
		var flags []string
		for _, m := range option.FindAllStringSubmatch(string(args), -1) {
			v := m[2]
			switch m[1] {
			case "from":
				o.From = v
			case "to":
				o.To = v
			case "enable":
				o.Enable = strings.Split(v, ",")
			case "disable":
				o.Disable = strings.Split(v, ",")
			case "metrics-from":
				v = filepath.Join(dir, v)
				o.MetricsFrom = v
			case "config":
				v = filepath.Join(dir, v)
				o.Config = v
			}
			flags = append(flags, "--"+m[1], v)
		}
		abs, _ := filepath.Abs(input)
		filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			sameAsCLI(t, flags, o, p)
			n++
			return nil
		})
	}
	if n < 100 {
		t.Errorf("only %d files compared", n)
	}
}

// TestSameOptionsAsCLI: the server and the command line build the same
// options from the same .etcdlint.toml and the same choices. A tree whose
// configuration sets from and to, disables a rule, raises a severity and,
// under lab/, lowers another and disables a fixable rule (so fix all
// differs there), with an excluded vendor/; each file compared under
// choices that keep, narrow and override the configuration.
func TestSameOptionsAsCLI(t *testing.T) {
	root := t.TempDir()
	env := "ETCD_NAME=a\nETCD_ENABLE_V2=true\nETCD_PROXY=off\nETCD_EXPERIMENTAL_CORRUPT_CHECK_TIME=5m\nETCD_CORRUPT_CHECK_TIME=5m\n" +
		"ETCD_MAX_SNAPSHOTS=5\nETCD_LOG_OUTPUT=stderr\nETCD_EXPERIMENTAL_WATCH_PROGRESS_NOTIFY_INTERVAL=5s\n"
	files := map[string]string{
		".etcdlint.toml": `from = "3.5"
to = "3.6"
fail-on = "error"
exclude = ["vendor"]

[rules]
disable = ["enable-v2"]
severity = { "unknown-flag" = "error" }

[[overrides]]
paths = ["lab"]
disable = ["log-output-flag"]
severity = { "deprecated-setting" = "info" }
`,
		"etcd.env":        env,
		"lab/etcd.env":    env,
		"vendor/etcd.env": env,
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name  string
		flags []string
		o     lsp.Options
	}{
		{"configuration", nil, lsp.Options{}},
		{"same upgrade", []string{"--from", "3.5", "--to", "3.6"}, lsp.Options{From: "3.5", To: "3.6"}},
		{"to derives from", []string{"--to", "3.7"}, lsp.Options{To: "3.7"}},
		{"from makes a chain", []string{"--from", "3.4"}, lsp.Options{From: "3.4"}},
		{"disable replaces the list", []string{"--disable", "log-output-flag"}, lsp.Options{Disable: []string{"log-output-flag"}}},
		{"enable", []string{"--enable", "enable-v2,log-output-flag"}, lsp.Options{Enable: []string{"enable-v2", "log-output-flag"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range []string{"etcd.env", "lab/etcd.env", "vendor/etcd.env"} {
				sameAsCLI(t, tc.flags, tc.o, filepath.Join(root, name))
			}
		})
	}
}

// severities are the LSP's diagnostic severities by the JSON report's
// names.
var severities = map[int]string{1: "error", 2: "warning", 3: "info"}

// sameAsCLI checks that the server started with o publishes for the file
// p what the command line reports for it with flags: each finding's rule,
// severity, line, column and message, and each parse error (an error
// diagnostic without a rule); and that its fix-all action gives the text
// --fix gives.
func sameAsCLI(t *testing.T, flags []string, o lsp.Options, p string) {
	t.Helper()
	src, _ := os.ReadFile(p)
	var stdout, stderr bytes.Buffer
	cli.New(nil, &stdout, &stderr).Main(append(slices.Clone(flags), "--format", "json", "--no-ignore", "--max-findings-per-file", "0", p))
	var rep struct {
		Findings []struct {
			Rule, Severity string
			Line, Column   int
			Message        string
		}
		Errors []struct {
			Line, Column int
			Message      string
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("%s: %v\n%s", p, err, stderr.String())
	}
	var want []string
	for _, f := range rep.Findings {
		want = append(want, f.Rule+" "+f.Severity+" "+strconv.Itoa(f.Line)+":"+strconv.Itoa(f.Column)+" "+f.Message)
	}
	for _, e := range rep.Errors {
		want = append(want, " error "+strconv.Itoa(e.Line)+":"+strconv.Itoa(e.Column)+" "+e.Message)
	}
	c := start(t, o)
	c.initialize("utf-8")
	var got []string
	for _, d := range c.open(fileURI(p), "", string(src)) {
		got = append(got, d.Code+" "+severities[d.Severity]+" "+strconv.Itoa(d.Range.Start.Line+1)+":"+strconv.Itoa(d.Range.Start.Character+1)+" "+d.Message)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s: the server and the command line differ\nserver:\n%s\ncommand line:\n%s", p, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// fix all: the text etcdlint --fix writes for the same content
	var fixed bytes.Buffer
	if cli.New(bytes.NewReader(src), &fixed, &stderr).Main(append(slices.Clone(flags), "--fix", "--stdin-filename", p, "-")) == cli.ExitError && fixed.Len() == 0 {
		fixed.Write(src) // a fix refused (a chain without --cutover): the text stays
	}
	all := string(src)
	if acts := c.codeActions(fileURI(p), lspRange{}, "source.fixAll"); len(acts) == 1 {
		all = c.apply(string(src), acts[0].Edit.Changes[fileURI(p)])
	}
	if all != fixed.String() {
		t.Errorf("%s: the server's fix all differs from --fix\nserver:\n%s\ncommand line:\n%s", p, all, fixed.String())
	}
}
