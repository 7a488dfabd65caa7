package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/etcdlint/etcdlint/lint/config"
)

// reportCase is the multi-file case every report format is checked on.
const reportCase = "../../testdata/cases/report-formats"

var reportFormats = []string{"json", "sarif", "github", "gitlab", "checkstyle", "rdjson", "markdown"}

// TestReportFormats compares each format on the shared case with its
// golden file want.FORMAT (-update rewrites them).
func TestReportFormats(t *testing.T) {
	t.Chdir(reportCase)
	for _, format := range reportFormats {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, "--no-color", "--format", format, "input")
			if code != ExitFindings {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr)
			}
			if stderr != "" {
				t.Errorf("stderr = %q, want nothing besides the %s report", stderr, format)
			}
			compareGolden(t, "want."+format, stdout)
		})
	}
}

// Several reports in one run: one to stdout, the others to files, each
// the same as when written alone.
func TestReportSeveralFormats(t *testing.T) {
	t.Chdir(reportCase)
	out := t.TempDir()
	os.Mkdir(filepath.Join(out, "r"), 0o755)
	var spec []string
	for _, f := range reportFormats {
		spec = append(spec, f+"="+filepath.Join(out, "r", f))
	}
	stdout, stderr, code := runCLI(t, "--no-color", "--format", strings.Join(append(spec, "text"), ","), "input")
	if code != ExitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	compareFile(t, "want.txt", stdout+"exit: 1\n")
	if !strings.Contains(stderr, "6 warnings, 0 infos in 2 files scanned") {
		t.Errorf("stderr has no summary: %q", stderr)
	}
	for _, f := range reportFormats {
		got, err := os.ReadFile(filepath.Join(out, "r", f))
		if err != nil {
			t.Fatal(err)
		}
		compareFile(t, "want."+f, string(got))
	}
}

func compareFile(t *testing.T, name, got string) {
	t.Helper()
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the report written:\n%s", name, got)
	}
}

func TestFormatFlagErrors(t *testing.T) {
	for _, tc := range []struct{ format, want string }{
		{"xml", `unknown --format "xml"`},
		{"sarif,json", "--format sarif and json both write to stdout"},
		{"sarif=", "name the file"},
		{"json=/no/such/dir/x.json", "no directory /no/such/dir to write it in"},
		{"text,", `unknown --format ""`},
	} {
		_, stderr, code := runCLI(t, "--format", tc.format, "x")
		if code != ExitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("--format %s: exit %d, stderr %q; want 2 and %q", tc.format, code, stderr, tc.want)
		}
	}
}

// TestSARIFSchema validates the SARIF reports against the official SARIF
// 2.1.0 schema: with fixes, with no finding, and with a file that could
// not be read.
func TestSARIFSchema(t *testing.T) {
	sch := sarifSchema(t)
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean.env", "ETCD_NAME=a\n")
	for name, args := range map[string][]string{
		"findings": {filepath.Join(reportCase, "input")},
		"clean":    {clean},
		"missing":  {clean, filepath.Join(dir, "missing.env")},
	} {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, _ := runCLI(t, append([]string{"--format", "sarif"}, args...)...)
			if stderr != "" {
				t.Errorf("stderr = %q", stderr)
			}
			validate(t, sch, stdout)
			var log struct {
				Runs []struct {
					Results *[]json.RawMessage
					Tool    struct {
						Driver struct{ Rules []struct{ ID string } }
					}
				}
			}
			if err := json.Unmarshal([]byte(stdout), &log); err != nil {
				t.Fatal(err)
			}
			if len(log.Runs) != 1 || log.Runs[0].Results == nil {
				t.Fatalf("runs[0].results is missing")
			}
			if n := len(log.Runs[0].Tool.Driver.Rules); n < 10 {
				t.Errorf("driver has %d rules, want every rule", n)
			}
		})
	}
}

// sarifSchema compiles the official SARIF 2.1.0 schema kept in testdata.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	schemaFile, err := filepath.Abs(filepath.Join(repoRoot, "testdata", "sarif-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, report string) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(report))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, report)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("SARIF does not match the 2.1.0 schema: %v", err)
	}
}

// validateSARIF checks a report against the SARIF 2.1.0 schema.
func validateSARIF(t *testing.T, report string) {
	t.Helper()
	validate(t, sarifSchema(t), report)
}

func TestCheckstyleIsXML(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(reportCase, "want.checkstyle"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Files []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Source string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(data, &v); err != nil || len(v.Files) != 2 || len(v.Files[1].Errors) != 4 {
		t.Errorf("checkstyle report does not parse back: %v %+v", err, v)
	}
}

// Messages and paths with the characters that end a workflow command's
// parts are escaped.
func TestGitHubEscaping(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a,b:c.env", "ETCD_DEBUG=true\n")
	stdout, _, _ := runCLI(t, "--format", "github", filepath.Join(dir, "a,b:c.env"))
	if !strings.Contains(stdout, "a%2Cb%3Ac.env,line=1,col=1,endLine=1,endColumn=16,title=etcdlint debug-flag::") {
		t.Errorf("file property not escaped:\n%s", stdout)
	}
	if strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, "%0Afix: replace debug") {
		t.Errorf("message newlines not escaped:\n%s", stdout)
	}
}

// TestConfigPrecedence: the command line wins over the nearest
// .etcdlint.toml, which wins over the defaults.
func TestConfigPrecedence(t *testing.T) {
	root := t.TempDir()
	src := "ETCD_NAME=a\nETCD_ENABLE_V2=false\nETCD_DEBUG=true\n"
	writeFile(t, root, "etcd.env", src)
	if err := os.MkdirAll(filepath.Join(root, "team", "deploy"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "team", "deploy"), "etcd.env", src)
	writeFile(t, root, config.FileName, "fail-on = \"error\"\n[rules]\nseverity = { \"debug-flag\" = \"info\" }\n")
	writeFile(t, filepath.Join(root, "team"), config.FileName, "to = \"3.6\"\n[rules]\ndisable = [\"enable-v2\"]\n")
	other := writeFile(t, t.TempDir(), "etcd.env", src)
	t.Chdir(root)

	for _, tc := range []struct {
		name string
		args []string
		want string // severity:rule of each finding, then the exit code
	}{
		{"defaults", []string{other}, "warning:enable-v2 warning:debug-flag exit 1"},
		{"config", []string{"etcd.env"}, "warning:enable-v2 info:debug-flag exit 0"},
		{"cli over config", []string{"--fail-on", "info", "etcd.env"}, "warning:enable-v2 info:debug-flag exit 1"},
		{"nearest config", []string{"team/deploy"}, "warning:debug-flag exit 1"},
		{"cli to over config", []string{"--to", "3.5", "team/deploy/etcd.env"}, "warning:debug-flag exit 1"},
		{"cli disable over config", []string{"--disable", "debug-flag", "team/deploy"}, "warning:enable-v2 exit 1"},
		{"explicit config", []string{"--config", "team/.etcdlint.toml", "etcd.env"}, "warning:debug-flag exit 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, append([]string{"--format", "json"}, tc.args...)...)
			var rep struct {
				Findings []struct{ Rule, Severity string }
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("%v; stderr: %s", err, stderr)
			}
			var got []string
			for _, f := range rep.Findings {
				got = append(got, f.Severity+":"+f.Rule)
			}
			if s := strings.Join(append(got, fmt.Sprint("exit ", code)), " "); s != tc.want {
				t.Errorf("got %q, want %q; stderr: %s", s, tc.want, stderr)
			}
		})
	}

	// Paths under two configurations cannot share a run.
	_, stderr, code := runCLI(t, "etcd.env", "team/deploy")
	if code != ExitError || !strings.Contains(stderr, "different configurations") {
		t.Errorf("two configs: exit %d, %q", code, stderr)
	}
}

func TestConfigErrorsStopTheRun(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "etcd.env", "ETCD_DEBUG=true\n")
	cfg := writeFile(t, dir, config.FileName, "to = \"3.5\"\n\n[rules]\ndisabel = [\"debug-flag\"]\n")
	_, stderr, code := runCLI(t, dir)
	if code != ExitError || !strings.Contains(stderr, cfg+`:4: unknown key "rules.disabel"`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	writeFile(t, dir, config.FileName, "from = \"3.6\"\nto = \"3.5\"\n")
	_, stderr, code = runCLI(t, dir)
	if code != ExitError || !strings.Contains(stderr, cfg+": --from 3.6 --to 3.5 is not an upgrade") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// A chain of hops is audited hop by hop and fixed hop by hop: without
// --cutover the fix is refused (the text is for binaries not yet
// running); --fix writes the text for the last binary, --fix-dir one tree
// per hop.
func TestChainFix(t *testing.T) {
	dir := t.TempDir()
	const src = "ETCD_DEBUG=true\nETCD_EXPERIMENTAL_COMPACTION_BATCH_LIMIT=1000\n"
	env := writeFile(t, dir, "etcd.env", src)
	stdout, _, code := runCLI(t, "--from", "3.4", "--to", "3.6", "--format", "concise", dir)
	if code != ExitFindings || !strings.Contains(stdout, "(3.4 → 3.5) environment variable ETCD_DEBUG") || !strings.Contains(stdout, "(3.5 → 3.6)") {
		t.Errorf("audit of the chain: exit %d\n%s", code, stdout)
	}
	stdout, _, _ = runCLI(t, "--from", "3.4", "--to", "3.6", "--format", "json", dir)
	for _, want := range []string{`"hop": "3.4 → 3.5"`, `"planned": {`, `"phase": "cutover"`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the JSON report of the chain has no %s:\n%s", want, stdout)
		}
	}
	_, stderr, code := runCLI(t, "--from", "3.4", "--to", "3.6", "--fix", dir)
	if code != ExitError || !strings.Contains(stderr, "so add --cutover (or fix the first hop alone: --from 3.4 --to 3.5)") {
		t.Errorf("--fix on a chain without --cutover: exit %d, %q", code, stderr)
	}
	if b, _ := os.ReadFile(env); string(b) != src {
		t.Errorf("the refused fix wrote %q", b)
	}

	t.Chdir(dir)
	_, stderr, code = runCLI(t, "--from", "3.4", "--to", "3.6", "--cutover", "--fix-dir", "out", "etcd.env")
	hop35, _ := os.ReadFile(filepath.Join("out", "3.5", "etcd.env"))
	hop36, _ := os.ReadFile(filepath.Join("out", "3.6", "etcd.env"))
	if code != ExitOK || string(hop35) != "ETCD_LOG_LEVEL=debug\nETCD_EXPERIMENTAL_COMPACTION_BATCH_LIMIT=1000\n" || string(hop36) != "ETCD_LOG_LEVEL=debug\nETCD_COMPACTION_BATCH_LIMIT=1000\n" {
		t.Errorf("--fix-dir on a chain: exit %d, 3.5 tree %q, 3.6 tree %q\n%s", code, hop35, hop36, stderr)
	}
	stdout, _, code = runCLI(t, "--from", "3.4", "--to", "3.6", "--cutover", "--fix", "etcd.env")
	fixed, _ := os.ReadFile("etcd.env")
	if code != ExitOK || string(fixed) != string(hop36) || !strings.Contains(stdout, "(3.4 → 3.5) replace debug") || !strings.Contains(stdout, "(3.5 → 3.6) rename to compaction-batch-limit") {
		t.Errorf("--fix on a chain: exit %d, wrote %q\n%s", code, fixed, stdout)
	}
}

// A config forces a file kind and leaves excluded files out.
func TestConfigKindAndExclude(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "deploy", "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "deploy"), "node.vars", "ETCD_DEBUG=true\n")
	writeFile(t, filepath.Join(dir, "deploy", "old"), "etcd.env", "ETCD_DEBUG=true\n")
	writeFile(t, dir, config.FileName, "exclude = [\"deploy/old\"]\n[[overrides]]\npaths = [\"deploy/*.vars\"]\nkind = \"env\"\n")
	t.Chdir(dir)
	stdout, stderr, _ := runCLI(t, "--no-color", "deploy")
	if !strings.HasPrefix(stdout, "deploy/node.vars:1:1: warning: environment variable ETCD_DEBUG") || strings.Contains(stdout, "old/") {
		t.Errorf("stdout:\n%s\nstderr: %s", stdout, stderr)
	}
}

// stdin is excluded by its --stdin-filename like the file it stands for
// (and as the language server leaves such a buffer alone): a notice, no
// finding, and --fix prints the text as it came.
func TestConfigExcludesStdin(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, config.FileName, "exclude = [\"old\"]\n")
	t.Chdir(dir)
	const src = "ETCD_LOG_OUTPUT=stderr\n"
	for _, args := range [][]string{{"--no-color"}, {"--no-color", "--fix"}} {
		var stdout, stderr bytes.Buffer
		c := &Command{Stdin: strings.NewReader(src), Stdout: &stdout, Stderr: &stderr}
		code := c.Main(append(args, "--stdin-filename", "old/etcd.env", "-"))
		want := ""
		if slices.Contains(args, "--fix") {
			want = src
		}
		if code != ExitOK || stdout.String() != want || !strings.Contains(stderr.String(), "etcdlint: old/etcd.env: skipped: excluded by the configuration") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout.String(), stderr.String())
		}
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "init", dir); code != ExitOK {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, config.FileName))
	if err != nil || string(data) != config.Template {
		t.Fatalf("init wrote %q, %v", data, err)
	}
	if _, stderr, code := runCLI(t, "init", dir); code != ExitError || !strings.Contains(stderr, "exists") {
		t.Errorf("second init: exit %d, %q", code, stderr)
	}
	if _, _, code := runCLI(t, "init", "--force", dir); code != ExitOK {
		t.Errorf("init --force: exit %d", code)
	}
}

// The baseline keeps old findings quiet when a line is inserted above them,
// and lets new ones through.
func TestBaselineCLI(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "etcd.env", "ETCD_NAME=a\nETCD_DEBUG=true\nETCD_ENABLE_V2=false\n")
	os.Mkdir("ci", 0o755)
	_, stderr, code := runCLI(t, "--write-baseline", "ci/baseline.json", ".")
	if code != ExitOK || !strings.Contains(stderr, "wrote 2 findings to ci/baseline.json") {
		t.Fatalf("--write-baseline: exit %d, %q", code, stderr)
	}
	writeFile(t, dir, "etcd.env", "# inserted\nETCD_NAME=a\nETCD_DEBUG=true\nETCD_ENABLE_V2=false\nETCD_LOGGER=capnslog\n")
	stdout, stderr, code := runCLI(t, "--no-color", "--baseline", "ci/baseline.json", ".")
	if code != ExitFindings || strings.Count(stdout, "[") != 1 || !strings.Contains(stdout, "etcd.env:5:1: error") {
		t.Errorf("--baseline: exit %d, stdout:\n%s", code, stdout)
	}
	if !strings.Contains(stderr, "2 findings in the baseline ci/baseline.json not shown") {
		t.Errorf("stderr: %q", stderr)
	}
	_, stderr, code = runCLI(t, "--baseline", "etcd.env", ".")
	if code != ExitError || !strings.Contains(stderr, "not an etcdlint baseline") {
		t.Errorf("bad baseline: exit %d, %q", code, stderr)
	}
}

// The JSON report's fingerprint is the one the baseline records and SARIF
// and GitLab carry, so scripts can match findings across runs and tools.
func TestJSONFingerprint(t *testing.T) {
	t.Chdir(reportCase)
	stdout, _, _ := runCLI(t, "--format", "json", "input")
	var rep struct {
		Findings []struct{ Rule, Fingerprint string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "b.json")
	runCLI(t, "--write-baseline", base, "input")
	recorded, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	sarif, _, _ := runCLI(t, "--format", "sarif", "input")
	seen := map[string]bool{}
	for _, fd := range rep.Findings {
		if len(fd.Fingerprint) != 32 || seen[fd.Fingerprint] {
			t.Errorf("%s: fingerprint %q is not a unique 128-bit hex hash", fd.Rule, fd.Fingerprint)
		}
		seen[fd.Fingerprint] = true
		for name, doc := range map[string]string{"baseline": string(recorded), "sarif": sarif} {
			if !strings.Contains(doc, `"`+fd.Fingerprint+`"`) {
				t.Errorf("%s: fingerprint %s is not in the %s", fd.Rule, fd.Fingerprint, name)
			}
		}
	}
	if len(rep.Findings) == 0 {
		t.Fatal("no findings")
	}
}

// The per-file cap hides findings from reports, not from the exit status,
// and it is applied after the baseline: a new finding past a baselined
// run of old ones is shown.
func TestFindingsCapAfterBaseline(t *testing.T) {
	dir := t.TempDir()
	env := writeFile(t, dir, "etcd.env", strings.Repeat("ETCD_DEBUG=true\n", 3))
	base := filepath.Join(dir, "base.json")
	if _, stderr, code := runCLI(t, "--write-baseline", base, env); code != ExitOK {
		t.Fatalf("write-baseline: exit %d %s", code, stderr)
	}
	os.WriteFile(env, []byte(strings.Repeat("ETCD_DEBUG=true\n", 3)+"ETCD_LOGGER=capnslog\n"), 0o644)
	stdout, _, code := runCLI(t, "--format", "concise", "--max-findings-per-file", "3", "--baseline", base, env)
	if code != ExitFindings || !strings.Contains(stdout, "logger-capnslog") {
		t.Errorf("new finding after a baselined run: exit %d\n%s", code, stdout)
	}
	// an error past the cap still fails the run
	os.WriteFile(env, []byte(strings.Repeat("ETCD_DEBUG=true\n", 3)+"ETCD_LOGGER=capnslog\n"), 0o644)
	stdout, stderr, code := runCLI(t, "--format", "concise", "--max-findings-per-file", "2", "--fail-on", "error", env)
	if code != ExitFindings || strings.Contains(stdout, "logger-capnslog") || !strings.Contains(stderr, "2 more findings not reported") {
		t.Errorf("an error past the cap: exit %d\n%s%s", code, stdout, stderr)
	}
}
