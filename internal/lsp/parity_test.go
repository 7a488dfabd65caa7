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
// reports for that file with the same upgrade: each finding's rule, line,
// column and message, and each parse error (a diagnostic without a rule);
// and that its fix-all action gives the text --fix gives.
func TestSameFindingsAsCLI(t *testing.T) {
	cases, err := filepath.Glob("../../testdata/cases/*/input")
	if err != nil {
		t.Fatal(err)
	}
	upgrade := regexp.MustCompile(`--(from|to)[ =](\S+)`)
	n := 0
	for _, input := range cases {
		dir := filepath.Dir(input)
		args, _ := os.ReadFile(filepath.Join(dir, "args"))
		if bytes.Contains(args, []byte("--config")) || bytes.Contains(args, []byte("--enable")) || bytes.Contains(args, []byte("--disable")) || bytes.Contains(args, []byte("--metrics-from")) {
			continue // options the server takes from .etcdlint.toml instead
		}
		var o lsp.Options
		var flags []string
		for _, m := range upgrade.FindAllStringSubmatch(string(args), -1) {
			flags = append(flags, "--"+m[1], m[2])
			if m[1] == "from" {
				o.From = m[2]
			} else {
				o.To = m[2]
			}
		}
		abs, _ := filepath.Abs(input)
		filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			src, _ := os.ReadFile(p)
			var stdout, stderr bytes.Buffer
			cli.New(nil, &stdout, &stderr).Main(append(slices.Clone(flags), "--format", "json", "--no-ignore", "--max-findings-per-file", "0", p))
			var rep struct {
				Findings []struct {
					Rule         string
					Line, Column int
					Message      string
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
				want = append(want, f.Rule+" "+strconv.Itoa(f.Line)+":"+strconv.Itoa(f.Column)+" "+f.Message)
			}
			for _, e := range rep.Errors { // a parse error is a diagnostic without a rule
				want = append(want, " "+strconv.Itoa(e.Line)+":"+strconv.Itoa(e.Column)+" "+e.Message)
			}
			c := start(t, o)
			c.initialize("utf-8")
			var got []string
			for _, d := range c.open(fileURI(p), "", string(src)) {
				got = append(got, d.Code+" "+strconv.Itoa(d.Range.Start.Line+1)+":"+strconv.Itoa(d.Range.Start.Character+1)+" "+d.Message)
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
			n++
			return nil
		})
	}
	if n < 100 {
		t.Errorf("only %d files compared", n)
	}
}
