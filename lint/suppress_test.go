package lint

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

var today = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// settleSrc runs the suppression pass on src with a fake debug-flag finding
// on every line that contains "DEBUG", whatever the file's syntax.
func settleSrc(t *testing.T, opts Options, src string) []Finding {
	t.Helper()
	if opts.Upgrade.To == "" {
		opts.Upgrade = upgrade35
	}
	opts.Now = today
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	f := &File{Path: "deploy/x", Src: []byte(src), Lines: fact.NewLines([]byte(src))}
	off := 0
	for n, line := range strings.SplitAfter(src, "\n") {
		if i := strings.Index(line, "DEBUG"); i >= 0 {
			f.Findings = append(f.Findings, Finding{Rule: "debug-flag", Severity: rules.Error, Path: f.Path,
				Span: fact.Span{Start: off + i, End: off + i + 5}, Line: n + 1, Column: i + 1})
		}
		off += len(line)
	}
	e.settle(f)
	return f.Findings
}

func summary(fs []Finding) string {
	var out []string
	for _, fd := range fs {
		out = append(out, fmt.Sprintf("%d:%s", fd.Line, fd.Rule))
	}
	return strings.Join(out, " ")
}

func TestIgnoreCommentSyntaxes(t *testing.T) {
	for _, marker := range []string{"#", "//", ";"} {
		for name, src := range map[string]string{
			"line above":   marker + " etcdlint:ignore debug-flag -- 3.4 nodes read this\nDEBUG=1\n",
			"same line":    "DEBUG=1 " + marker + " etcdlint:ignore debug-flag -- 3.4 nodes read this\n",
			"indented":     "  " + marker + "etcdlint:ignore unknown-flag,debug-flag -- both\n  DEBUG=1\n  DEBUG=2\n",
			"file-wide":    "a=1\n" + marker + " etcdlint:ignore-file debug-flag until=2027-03-31 -- window\nb\nDEBUG\n\nDEBUG\n",
			"crlf":         marker + " etcdlint:ignore debug-flag -- crlf\r\nDEBUG=1\r\n",
			"until, today": marker + " etcdlint:ignore debug-flag until=2026-11-26 -- last day\nDEBUG=1\n",
		} {
			t.Run(marker+" "+name, func(t *testing.T) {
				got := settleSrc(t, Options{}, src)
				if name == "indented" {
					// unknown-flag matched nothing, and line 3 is too far.
					if s := summary(got); s != "1:unused-ignore 3:debug-flag" {
						t.Fatalf("findings = %s, want 1:unused-ignore 3:debug-flag", s)
					}
					return
				}
				if len(got) != 0 {
					t.Errorf("findings = %s, want none", summary(got))
				}
			})
		}
	}
}

func TestIgnoreProblems(t *testing.T) {
	for _, tc := range []struct {
		name, src, want, msg string
	}{
		{"not in a comment", "NAME=etcdlint:ignore debug-flag -- x\nDEBUG\n", "2:debug-flag", ""},
		{"in a url", "URL=http://etcdlint:ignore debug-flag -- x\nDEBUG\n", "2:debug-flag", ""},
		{"too far", "# etcdlint:ignore debug-flag -- x\n\nDEBUG\n", "1:unused-ignore 3:debug-flag", "no debug-flag finding on this line or the next"},
		{"no reason", "# etcdlint:ignore debug-flag\nDEBUG\n", "1:unused-ignore 2:debug-flag", "has no reason"},
		{"empty reason", "# etcdlint:ignore debug-flag --  \nDEBUG\n", "1:unused-ignore 2:debug-flag", "has no reason"},
		{"no rule", "# etcdlint:ignore -- x\nDEBUG\n", "1:unused-ignore 2:debug-flag", "names no rule"},
		{"unknown rule", "# etcdlint:ignore debug -- x\nDEBUG\n", "1:unused-ignore 2:debug-flag", `etcdlint:ignore debug names unknown rule "debug" and suppresses nothing`},
		{"expired", "# etcdlint:ignore debug-flag until=2026-11-25 -- x\nDEBUG\n", "1:unused-ignore 2:debug-flag", "etcdlint:ignore debug-flag expired on 2026-11-25 and suppresses nothing; fix what"},
		{"bad date", "# etcdlint:ignore debug-flag until=31.03.2027 -- x\nDEBUG\n", "1:unused-ignore 2:debug-flag", "which is not a date"},
		{"misspelt", "# etcdlint:ignored debug-flag -- x\nDEBUG\n", "1:unused-ignore 2:debug-flag", "is not a directive"},
		{"unused", "# etcdlint:ignore enable-v2 -- x\nDEBUG\n", "1:unused-ignore 2:debug-flag", "enable-v2 suppresses nothing"},
		{"unused file-wide", "# etcdlint:ignore-file enable-v2 -- x\n", "1:unused-ignore", "no enable-v2 finding in this file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := settleSrc(t, Options{}, tc.src)
			if s := summary(got); s != tc.want {
				t.Fatalf("findings = %q, want %q", s, tc.want)
			}
			if tc.msg != "" && !strings.Contains(got[0].Message, tc.msg) {
				t.Errorf("message %q does not say %q", got[0].Message, tc.msg)
			}
		})
	}
}

// An ignore kept for the 3.4 → 3.5 audit is not unused in the 3.5 → 3.6 one.
func TestIgnoreOfAnotherUpgrade(t *testing.T) {
	src := "# etcdlint:ignore-file grpc-gateway-default -- the gateway stays on until 3.6\n"
	if got := settleSrc(t, Options{Upgrade: rules.Upgrade{From: "3.5", To: "3.6"}}, src); len(got) != 0 {
		t.Errorf("3.6: findings = %s, want none", summary(got))
	}
	if got := settleSrc(t, Options{}, src); summary(got) != "1:unused-ignore" {
		t.Errorf("3.5: findings = %s, want 1:unused-ignore", summary(got))
	}
}

// A rule switched off for the file does not make its ignores unused, and
// unused-ignore itself obeys the rule settings.
func TestIgnoreRespectsRuleSettings(t *testing.T) {
	off := func(id string) func(string, string, rules.Severity) (rules.Severity, bool) {
		return func(_, rule string, sev rules.Severity) (rules.Severity, bool) { return sev, rule != id }
	}
	if got := settleSrc(t, Options{Tune: off("enable-v2")}, "# etcdlint:ignore enable-v2 -- x\n"); len(got) != 0 {
		t.Errorf("disabled rule: findings = %s, want none", summary(got))
	}
	if got := settleSrc(t, Options{Tune: off("unused-ignore")}, "# etcdlint:ignore enable-v2 -- x\n"); len(got) != 0 {
		t.Errorf("unused-ignore off: findings = %s, want none", summary(got))
	}
	if got := settleSrc(t, Options{Tune: off("debug-flag")}, "DEBUG\n"); len(got) != 0 {
		t.Errorf("Tune off: findings = %s, want none", summary(got))
	}
}

// End to end through the env file kind.
func TestIgnoreEnvFile(t *testing.T) {
	src := "ETCD_NAME=a\n# etcdlint:ignore debug-flag -- staging keeps debug until the cutover\nETCD_DEBUG=true\nETCD_ENABLE_V2=false\n"
	res, err := Run(Options{Upgrade: upgrade35}, nil, Document{Path: "etcd.env", Src: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if s := summary(res.Findings()); s != "4:enable-v2" {
		t.Errorf("findings = %s, want 4:enable-v2", s)
	}
}

// Fingerprints do not depend on line numbers, and tell repeated findings apart.
func TestFingerprintSurvivesMovedLines(t *testing.T) {
	a := settleSrc(t, Options{}, "DEBUG\nx\nDEBUG\n")
	b := settleSrc(t, Options{}, "new line\nDEBUG\nx\nDEBUG\n")
	if len(a) != 2 || len(b) != 2 {
		t.Fatalf("findings = %s / %s", summary(a), summary(b))
	}
	if a[0].Fingerprint == a[1].Fingerprint {
		t.Errorf("two findings share fingerprint %s", a[0].Fingerprint)
	}
	for i := range a {
		if a[i].Fingerprint != b[i].Fingerprint {
			t.Errorf("finding %d: fingerprint %s became %s after a line was inserted", i, a[i].Fingerprint, b[i].Fingerprint)
		}
	}
}

// A finding over several lines (a flag and its value in two list items, an
// env entry's name and value) is silenced by a directive on the line above
// its first line or on any line it covers, and by no other line.
func TestIgnoreMultilineFinding(t *testing.T) {
	const pod = `apiVersion: v1
kind: Pod
metadata:
  name: etcd
spec:
  containers:
    - name: etcd
      image: quay.io/coreos/etcd:v3.4.27
      command:
        - etcd
        - --data-dir=/var/lib/etcd
%s        - --log-output%s
        - stderr%s
      env:
%s        - name: ETCD_DATA_DIR%s
          value: /var/lib/etcd%s
`
	const flagIgnore = " # etcdlint:ignore log-output-flag -- the 3.4 nodes still read it"
	const envIgnore = " # etcdlint:ignore flag-env-conflict -- removed with the 3.5 manifests"
	lint := func(t *testing.T, slots [6]string) string {
		t.Helper()
		src := fmt.Sprintf(pod, slots[0], slots[1], slots[2], slots[3], slots[4], slots[5])
		only := func(r *rules.Rule) bool { return r.ID != "logging-defaults-changed" && r.ID != "known-bad-version" }
		res, err := Run(Options{Upgrade: upgrade35, Enabled: only}, nil, Document{Path: "etcd-pod.yaml", Src: []byte(src)})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, fd := range res.Findings() {
			out = append(out, fmt.Sprintf("%d-%d:%s", fd.Line, lastLine(fd), fd.Rule))
		}
		return strings.Join(out, " ")
	}
	all := lint(t, [6]string{})
	if all != "12-13:log-output-flag 15-16:flag-env-conflict" {
		t.Fatalf("without directives: %s; the test needs two findings over two lines each", all)
	}
	above := func(s string) string { return "        #" + strings.TrimPrefix(s, " #") + "\n" }
	for _, tc := range []struct {
		name  string
		slots [6]string
		want  string
	}{
		{"above first line", [6]string{above(flagIgnore), "", "", above(envIgnore), "", ""}, ""},
		{"on first line", [6]string{"", flagIgnore, "", "", envIgnore, ""}, ""},
		{"on last line", [6]string{"", "", flagIgnore, "", "", envIgnore}, ""},
		// look-alikes: the line after the last one, and another rule
		{"after last line", [6]string{"", "", "", "", "", flagIgnore},
			"12-13:log-output-flag 15-16:flag-env-conflict 16-16:unused-ignore"},
		{"other rule", [6]string{"", "", envIgnore, "", "", ""},
			"12-13:log-output-flag 13-13:unused-ignore 15-16:flag-env-conflict"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := lint(t, tc.slots); got != tc.want {
				t.Errorf("findings = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLastLine(t *testing.T) {
	for _, tc := range []struct {
		fd   Finding
		want int
	}{
		{Finding{Line: 3, EndLine: 3, EndColumn: 9}, 3},
		{Finding{Line: 3, EndLine: 5, EndColumn: 2}, 5},
		{Finding{Line: 3, EndLine: 4, EndColumn: 1}, 3}, // ends after a newline
		{Finding{Line: 3}, 3},
	} {
		if got := lastLine(tc.fd); got != tc.want {
			t.Errorf("lastLine(%d:%d-%d:%d) = %d, want %d", tc.fd.Line, tc.fd.Column, tc.fd.EndLine, tc.fd.EndColumn, got, tc.want)
		}
	}
}
