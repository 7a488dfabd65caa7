package envfile

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var testSchema = kindtest.Schema{}

func TestMatch(t *testing.T) {
	for p, want := range map[string]bool{
		"/etc/etcd/etcd.env":     true,
		".env":                   true,
		"roles/etcd/etcd.env.j2": true,
		"/etc/default/etcd":      true,
		"/etc/sysconfig/etcd":    true,
		"/etc/etcd/etcd.conf":    true,
		"/etc/default/nginx":     false, // no ETCD_ assignment
		"deploy/values.yaml":     false,
		"/etc/nginx/nginx.conf":  false,
	} {
		src := "ETCD_NAME=n1\n"
		if strings.Contains(p, "nginx") {
			src = "worker_processes 4;\n"
		}
		if got := Kind.Match(p, []byte(src)); got != want {
			t.Errorf("Match(%q) = %v, want %v", p, got, want)
		}
	}
}

// An upstart job named etcd.conf shares the name and an ETCD_ line, not
// the format.
func TestMatchByContent(t *testing.T) {
	job := "description \"etcd\"\nstart on started docker\nETCD_OPTS=--debug\nscript\n  exec \"$ETCD\" $ETCD_OPTS\nend script\n"
	if Kind.Match("/etc/init/etcd.conf", []byte(job)) {
		t.Error("an upstart job matched as an env file")
	}
	env := "# {% if x %}\nETCD_NAME=n1\n{% endif %}\nETCD_DEBUG=true\n"
	if !Kind.Match("/etc/default/etcd", []byte(env)) {
		t.Error("a templated env file did not match")
	}
}

func TestParse(t *testing.T) {
	src := "# comment\n" +
		"ETCD_NAME=n1\n" +
		"export ETCD_DATA_DIR=\"/var/lib/etcd\" # trailing comment\n" +
		"  ETCD_LOG_LEVEL='debug'\n" +
		"ETCDCTL_API=3\n" +
		"PATH=/usr/bin\n" +
		"ETCD_INITIAL_CLUSTER={{ groups['etcd'] | join(',') }}\n" +
		"ETCD_QUOTED=\"a \\\"b\\\" c\"\n" +
		"{% if x %}\n" +
		"not an assignment\n"
	facts, errs := Kind.Parse("etcd.env", []byte(src), testSchema)
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "expected NAME=VALUE") || src[errs[0].Offset:errs[0].Offset+3] != "not" {
		t.Errorf("errors = %v", errs)
	}
	type got struct{ Name, Raw, Span, Value, ValueText string }
	var settings []got
	for _, s := range facts.Settings() {
		settings = append(settings, got{s.Name, s.Raw, src[s.Span.Start:s.Span.End], s.Value, src[s.ValueSpan.Start:s.ValueSpan.End]})
		if src[s.NameSpan.Start:s.NameSpan.End] != s.Raw {
			t.Errorf("%s: NameSpan covers %q", s.Raw, src[s.NameSpan.Start:s.NameSpan.End])
		}
		if s.Templated != (s.Raw == "ETCD_INITIAL_CLUSTER") {
			t.Errorf("%s: Templated = %v", s.Raw, s.Templated)
		}
	}
	want := []got{
		{"name", "ETCD_NAME", "ETCD_NAME=n1", "n1", "n1"},
		{"data-dir", "ETCD_DATA_DIR", `ETCD_DATA_DIR="/var/lib/etcd"`, "/var/lib/etcd", `"/var/lib/etcd"`},
		{"log-level", "ETCD_LOG_LEVEL", "ETCD_LOG_LEVEL='debug'", "debug", "'debug'"},
		{"initial-cluster", "ETCD_INITIAL_CLUSTER", "ETCD_INITIAL_CLUSTER={{ groups['etcd'] | join(',') }}", "{{ groups['etcd'] | join(',') }}", "{{ groups['etcd'] | join(',') }}"},
		{"quoted", "ETCD_QUOTED", `ETCD_QUOTED="a \"b\" c"`, `a "b" c`, `"a \"b\" c"`},
	}
	if len(settings) != len(want) {
		t.Fatalf("settings = %+v", settings)
	}
	for i := range want {
		if settings[i] != want[i] {
			t.Errorf("setting %d = %+v, want %+v", i, settings[i], want[i])
		}
	}
}

func TestRender(t *testing.T) {
	src := "ETCD_NAME=n1\nETCD_LOG_OUTPUT=\"stderr\"\nETCD_DEBUG=true\n"
	facts, _ := Kind.Parse("etcd.env", []byte(src), testSchema)
	proc := facts.Processes[0]
	byRaw := map[string]*fact.Setting{}
	for _, s := range proc.Settings {
		byRaw[s.Raw] = s
	}
	value := "debug"
	zap := "zap"
	for _, tc := range []struct {
		name string
		in   fact.Intent
		want string
	}{
		{"rename keeps quotes", fact.Intent{Kind: fact.Replace, Setting: byRaw["ETCD_LOG_OUTPUT"], Name: "log-outputs"}, "ETCD_NAME=n1\nETCD_LOG_OUTPUTS=\"stderr\"\nETCD_DEBUG=true\n"},
		{"rename and value", fact.Intent{Kind: fact.Replace, Setting: byRaw["ETCD_DEBUG"], Name: "log-level", Value: &value}, "ETCD_NAME=n1\nETCD_LOG_OUTPUT=\"stderr\"\nETCD_LOG_LEVEL=debug\n"},
		{"remove", fact.Intent{Kind: fact.Remove, Setting: byRaw["ETCD_NAME"]}, "ETCD_LOG_OUTPUT=\"stderr\"\nETCD_DEBUG=true\n"},
		{"add after the last assignment", fact.Intent{Kind: fact.Add, Process: proc, Name: "logger", Value: &zap}, src + "ETCD_LOGGER=zap\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edits, err := proc.Render.Render([]byte(src), tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got := src
			for i := len(edits) - 1; i >= 0; i-- {
				got = got[:edits[i].Span.Start] + edits[i].NewText + got[edits[i].Span.End:]
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
