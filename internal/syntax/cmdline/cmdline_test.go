package cmdline

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var testSchema = kindtest.Schema{Bools: []string{"debug", "enable-v2"}}

// words splits a plain space-separated line into words with exact spans.
func words(line string) []Word {
	var out []Word
	for i := 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\\' || line[i] == '\n') {
			i++
		}
		j := i
		for j < len(line) && line[j] != ' ' && line[j] != '\n' {
			j++
		}
		if j > i {
			out = append(out, Word{Value: line[i:j], Span: fact.Span{Start: i, End: j}})
		}
		i = j
	}
	return out
}

func TestParse(t *testing.T) {
	line := "--name n1 -debug --log-output=stderr --log-package-levels etcdserver=DEBUG --enable-v2=false --initial-cluster-state -- --not-a-flag"
	proc := &fact.Process{}
	Parse(proc, words(line), testSchema)
	type got struct{ Name, Raw, Span, Value, ValueText string }
	var gotSettings []got
	for _, s := range proc.Settings {
		gotSettings = append(gotSettings, got{s.Name, s.Raw, line[s.Span.Start:s.Span.End], s.Value, line[s.ValueSpan.Start:s.ValueSpan.End]})
		if line[s.NameSpan.Start:s.NameSpan.End] != s.Name {
			t.Errorf("NameSpan of %s covers %q", s.Name, line[s.NameSpan.Start:s.NameSpan.End])
		}
	}
	want := []got{
		{"name", "--name", "--name n1", "n1", "n1"},
		{"debug", "-debug", "-debug", "", ""},
		{"log-output", "--log-output", "--log-output=stderr", "stderr", "stderr"},
		{"log-package-levels", "--log-package-levels", "--log-package-levels etcdserver=DEBUG", "etcdserver=DEBUG", "etcdserver=DEBUG"},
		{"enable-v2", "--enable-v2", "--enable-v2=false", "false", "false"},
		// the next word starts with "-": a flag we cannot tell the type of takes no value
		{"initial-cluster-state", "--initial-cluster-state", "--initial-cluster-state", "", ""},
	}
	if diff := cmp.Diff(want, gotSettings); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
}

func TestParseStopsAtPositionalAndSubcommand(t *testing.T) {
	proc := &fact.Process{}
	Parse(proc, words("--debug false --log-output=x"), testSchema)
	if len(proc.Settings) != 1 {
		t.Errorf("a boolean takes no separate value and parsing stops at the positional: got %d settings", len(proc.Settings))
	}
	proc = &fact.Process{}
	Parse(proc, words("grpc-proxy start --debug"), testSchema)
	if proc.Subcommand != "grpc-proxy" || len(proc.Settings) != 0 {
		t.Errorf("grpc-proxy: subcommand %q, %d settings", proc.Subcommand, len(proc.Settings))
	}
	proc = &fact.Process{}
	Parse(proc, []Word{{Value: "", Span: fact.Span{Start: 0, End: 4}, Dynamic: true}, {Value: "--debug", Span: fact.Span{Start: 5, End: 12}}}, testSchema)
	if !proc.Partial || len(proc.Settings) != 1 {
		t.Errorf("a \"$@\" word makes the process partial and parsing goes on: partial=%v settings=%d", proc.Partial, len(proc.Settings))
	}
}

func TestRemoveWords(t *testing.T) {
	for _, tc := range []struct{ name, src, remove, want string }{
		{"inline middle", "etcd --name n1 --debug --data-dir d\n", "--debug", "etcd --name n1 --data-dir d\n"},
		{"inline last", "etcd --name n1 --debug\n", "--debug", "etcd --name n1\n"},
		{"right after ExecStart=", "ExecStart=--debug /x\n", "--debug", "ExecStart=/x\n"},
		{"continuation line", "etcd \\\n  --name n1 \\\n  --debug \\\n  --data-dir d\n", "--debug", "etcd \\\n  --name n1 \\\n  --data-dir d\n"},
		{"last continued line", "etcd \\\n  --name n1 \\\n  --debug\nnext\n", "--debug", "etcd \\\n  --name n1\nnext\n"},
		{"last continued line CRLF", "etcd \\\r\n  --name n1 \\\r\n  --debug\r\nnext\r\n", "--debug", "etcd \\\r\n  --name n1\r\nnext\r\n"},
		{"two words on a continuation line", "etcd \\\n  --log-output stderr \\\n  --name n\n", "--log-output stderr", "etcd \\\n  --name n\n"},
		{"shares a line", "etcd \\\n  --name n1 --debug \\\n  --data-dir d\n", "--debug", "etcd \\\n  --name n1 \\\n  --data-dir d\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.Index(tc.src, tc.remove)
			e := RemoveWords([]byte(tc.src), fact.Span{Start: i, End: i + len(tc.remove)})
			got := tc.src[:e.Span.Start] + e.NewText + tc.src[e.Span.End:]
			if got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestRenderReplace(t *testing.T) {
	for _, tc := range []struct {
		name, src, flag string
		newName         string
		value           *string
		want            string
	}{
		{"rename", "etcd --log-output=stderr", "log-output", "log-outputs", nil, "etcd --log-outputs=stderr"},
		{"bare bool gets a value", "etcd --debug", "debug", "log-level", ptr("debug"), "etcd --log-level=debug"},
		{"separate value is requoted", "etcd --log-outputs default", "log-outputs", "", ptr("a b"), "etcd --log-outputs 'a b'"},
		{"single dash kept", "etcd -debug=true", "debug", "log-level", ptr("debug"), "etcd -log-level=debug"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proc := &fact.Process{}
			ws := words(tc.src)
			Parse(proc, ws[1:], testSchema)
			s := proc.Lookup(tc.flag)[0]
			edits := RenderReplace([]byte(tc.src), fact.Intent{Kind: fact.Replace, Setting: s, Name: tc.newName, Value: tc.value}, QuoteShell)
			got := kindtest.Apply(t, tc.src, edits)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func TestProgram(t *testing.T) {
	for in, want := range map[string]string{"/usr/local/bin/etcd": "etcd", "etcdctl": "etcdctl", "etcd.exe": "etcd", "kube-apiserver": "", "etcd-backup": "", "/usr/lib/coreos/etcd-wrapper": "etcd",
		"${ETCDCTL}": "etcdctl", "$ETCD_CMD": "etcd", "$ETCDCTL_PATH": "etcdctl", "${ETCD_DATA_DIR}": "", "/usr/local/bin/etcd-3.0.17": "etcd",
		"/usr/local/bin/etcdctl-${START_VERSION}": "etcdctl", "etcd-operator": "", "etcd-v": "",
		"${2:-etcdctl}": "etcdctl", "${ETCDCTL_BIN:-/opt/bin/etcdctl}": "etcdctl", "${BIN:-/usr/bin/etcd}": "etcd", "${1:-kubectl}": "",
		// names with a suffix of a path or a command, and template expressions of them
		"$etcd_bin_path": "etcd", "${ETCDUTL_BINARY}": "etcdutl", "$ETCD": "", "$ETCD_DATA_PATH": "", "$PATH": "",
		"{{ etcd_bin_path }}": "etcd", "{{- etcdctl -}}": "etcdctl", "<%= @etcd_bin %>": "etcd", "{{ etcd_version }}": "", "{{ etcd_bin_path }}/x": ""} {
		if got := Program(in); got != want {
			t.Errorf("Program(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseProseIsNotAServer(t *testing.T) {
	proc := &fact.Process{}
	Parse(proc, words("Version: 2.2.0 --debug"), testSchema)
	if proc.Subcommand != "Version:" || len(proc.Settings) != 0 {
		t.Errorf("subcommand %q, %d settings", proc.Subcommand, len(proc.Settings))
	}
}

// A new flag goes after the last flag etcd parsed, not after a runbook's
// "[-wal-dir=x] ..." that ends parsing.
func TestAddAfterLastParsedFlag(t *testing.T) {
	src := "etcd -data-dir=d [-wal-dir=w] --force-new-cluster ..."
	proc := &fact.Process{}
	ws := words(src)
	Parse(proc, ws[1:], testSchema)
	r := &Renderer{InsertAt: len(src)}
	zap := "zap"
	edits, err := r.Render([]byte(src), fact.Intent{Kind: fact.Add, Process: proc, Name: "logger", Value: &zap})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := kindtest.Apply(t, src, edits), "etcd -data-dir=d --logger=zap [-wal-dir=w] --force-new-cluster ..."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A value spliced in from a variable defined earlier in the file must not
// give the setting a span that runs backwards.
func TestValueFromEarlierVariable(t *testing.T) {
	proc := &fact.Process{}
	Parse(proc, []Word{
		{Value: "--name", Span: fact.Span{Start: 40, End: 46}},
		{Value: "n1", Span: fact.Span{Start: 5, End: 7}},
		{Value: "--debug", Span: fact.Span{Start: 59, End: 66}},
	}, testSchema)
	if len(proc.Settings) != 2 {
		t.Fatalf("settings = %d", len(proc.Settings))
	}
	if s := proc.Settings[0]; s.Span != (fact.Span{Start: 40, End: 46}) || s.ValueSpan != (fact.Span{Start: 5, End: 7}) || s.Value != "n1" {
		t.Errorf("--name: span %v, value span %v, value %q", s.Span, s.ValueSpan, s.Value)
	}
}

func TestRemoveRefusesAValueSetElsewhere(t *testing.T) {
	proc := &fact.Process{}
	Parse(proc, []Word{{Value: "--log-output", Span: fact.Span{Start: 40, End: 52}}, {Value: "stderr", Span: fact.Span{Start: 5, End: 11}}}, testSchema)
	if _, err := (&Renderer{}).Render(make([]byte, 60), fact.Intent{Kind: fact.Remove, Setting: proc.Settings[0]}); err == nil {
		t.Error("removing only the flag word would leave its value behind as a positional argument")
	}
}
