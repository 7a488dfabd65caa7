package systemd

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var testSchema = kindtest.Schema{Bools: []string{"debug", "enable-v2"}}

func q(src string, sp fact.Span) string { return src[sp.Start:sp.End] }
func parse(src string) ([]*fact.Process, []*fact.ParseError) {
	return parseUnit([]byte(src), testSchema)
}

// describe prints a process as "form anchor [partial] [systemd]" and one
// line per setting: surface, name, the written item, name and value.
func describe(src string, procs []*fact.Process) string {
	var b strings.Builder
	for _, p := range procs {
		fmt.Fprintf(&b, "%d %q partial=%v systemd=%v\n", p.Form, q(src, p.Anchor), p.Partial, p.UnderSystemd)
		for _, s := range p.Settings {
			fmt.Fprintf(&b, "  %s %s %q name=%q value=%q(%q) tmpl=%v\n", s.Surface, s.Name, q(src, s.Span), q(src, s.NameSpan), q(src, s.ValueSpan), s.Value, s.Templated)
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"continuations and quoting", `[Unit]
Description=etcd
[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=std err" ETCD_DATA_DIR="/var/lib/etcd"
Environment=OTHER=1
ExecStart=-/usr/local/bin/etcd \
  --listen-client-urls "http://0.0.0.0:2379" \
  # a comment inside the continuation
  --debug \
  --log-package-levels='etcdserver=DEBUG' -name=a\ b
`, `0 "/usr/local/bin/etcd" partial=false systemd=true
  env name "ETCD_NAME=n1" name="ETCD_NAME" value="n1"("n1") tmpl=false
  env log-output "\"ETCD_LOG_OUTPUT=std err\"" name="ETCD_LOG_OUTPUT" value="std err"("std err") tmpl=false
  env data-dir "ETCD_DATA_DIR=\"/var/lib/etcd\"" name="ETCD_DATA_DIR" value="\"/var/lib/etcd\""("/var/lib/etcd") tmpl=false
  flag listen-client-urls "--listen-client-urls \"http://0.0.0.0:2379\"" name="listen-client-urls" value="\"http://0.0.0.0:2379\""("http://0.0.0.0:2379") tmpl=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
  flag log-package-levels "--log-package-levels='etcdserver=DEBUG'" name="log-package-levels" value="etcdserver=DEBUG"("etcdserver=DEBUG") tmpl=false
  flag name "-name=a\\ b" name="name" value="a\\ b"("a b") tmpl=false
`},
		{"argv0 prefix, variables, EnvironmentFile", `[Service]
EnvironmentFile=-/etc/default/etcd
ExecStart=@/usr/bin/etcd etcd-server --data-dir=${DATA} $ETCD_ARGS --debug
`, `0 "/usr/bin/etcd" partial=true systemd=true
  flag data-dir "--data-dir=${DATA}" name="data-dir" value="${DATA}"("${DATA}") tmpl=true
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
		{"drop-in reset and env only", `[Service]
ExecStart=
Environment="ETCD_DEBUG=true"
`, `1 "\"ETCD_DEBUG=true\"" partial=true systemd=true
  env debug "\"ETCD_DEBUG=true\"" name="ETCD_DEBUG" value="true"("true") tmpl=false
`},
		{"reset then new ExecStart", `[Service]
ExecStart=
ExecStart=/usr/bin/etcd --logger=zap
`, `0 "/usr/bin/etcd" partial=false systemd=true
  flag logger "--logger=zap" name="logger" value="zap"("zap") tmpl=false
`},
		{"other program", `[Service]
Environment=ETCD_DEBUG=1
ExecStart=/usr/bin/kube-apiserver --debug --etcd-servers=http://127.0.0.1:2379
`, ``},
		{"other section", `[Service]
ExecStart=/usr/bin/etcd --debug
[X-Extra]
Environment=ETCD_LOGGER=capnslog
`, `0 "/usr/bin/etcd" partial=false systemd=true
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
		{"jinja template", `[Service]
ExecStart=/usr/bin/etcd --name {{ inventory_hostname }} {{ etcd_extra_args }} \
{% if debug %}
  --debug \
{% endif %}
  --log-outputs=default
`, `0 "/usr/bin/etcd" partial=true systemd=true
  flag name "--name {{ inventory_hostname }}" name="name" value="{{ inventory_hostname }}"("{{ inventory_hostname }}") tmpl=true
  flag debug "--debug" name="debug" value=""("") tmpl=false
  flag log-outputs "--log-outputs=default" name="log-outputs" value="default"("default") tmpl=false
`},
		{"crlf", "[Service]\r\nEnvironment=ETCD_NAME=a\r\nExecStart=/usr/bin/etcd \\\r\n  --debug\r\n", `0 "/usr/bin/etcd" partial=false systemd=true
  env name "ETCD_NAME=a" name="ETCD_NAME" value="a"("a") tmpl=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
		{"specifiers and dollars", `[Service]
ExecStart=/usr/bin/etcd --name=%H --initial-cluster-token=a$$b
`, `0 "/usr/bin/etcd" partial=false systemd=true
  flag name "--name=%H" name="name" value="%H"("%H") tmpl=true
  flag initial-cluster-token "--initial-cluster-token=a$$b" name="initial-cluster-token" value="a$$b"("a$b") tmpl=false
`},
		{"etcdctl in ExecStartPre", `[Service]
ExecStartPre=/usr/bin/etcdctl --debug endpoint health
`, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			procs, errs := parse(tt.src)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if got := describe(tt.src, procs); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	k := Kind
	for path, want := range map[string]bool{
		"etc/systemd/system/etcd.service":               true,
		"roles/etcd/templates/etcd.service.j2":          true,
		"etc/systemd/system/etcd.service.d/10-log.conf": true,
		"etc/etcd/etcd.conf":                            false,
		"scripts/start.sh":                              false,
	} {
		if got := k.Match(path, []byte("ETCD_NAME=x\n")); got != want {
			t.Errorf("Match(%s) = %v", path, got)
		}
	}
	if !k.Match("units/etcd-member", []byte("# generated\n[Unit]\n[Service]\nExecStart=/usr/bin/etcd\n")) {
		t.Error("a unit without extension is not matched")
	}
	if k.Match("install.sh", []byte("#!/bin/sh\ncat <<EOF\n[Service]\nEOF\n")) {
		t.Error("a script with a unit heredoc is matched")
	}
}

func TestRender(t *testing.T) {
	const unitSrc = `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=stderr" ETCD_DEBUG=1
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --debug \
  --log-output stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG
`
	str := func(s string) *string { return &s }
	tests := []struct {
		name    string
		src     string
		setting string // Raw of the target setting; "" targets the process
		intent  fact.Intent
		want    string
	}{
		{"remove a continuation line", unitSrc, "debug", fact.Intent{Kind: fact.Remove}, `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=stderr" ETCD_DEBUG=1
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --log-output stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG
`},
		{"remove the last flag", unitSrc, "log-package-levels", fact.Intent{Kind: fact.Remove}, `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=stderr" ETCD_DEBUG=1
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --debug \
  --log-output stderr \
  --name n1
`},
		{"rename a flag with a separate value", unitSrc, "log-output", fact.Intent{Kind: fact.Replace, Name: "log-outputs"}, `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=stderr" ETCD_DEBUG=1
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --debug \
  --log-outputs stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG
`},
		{"replace a bare boolean", unitSrc, "debug", fact.Intent{Kind: fact.Replace, Name: "log-level", Value: str("debug")}, `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=stderr" ETCD_DEBUG=1
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --log-level=debug \
  --log-output stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG
`},
		{"add a flag", unitSrc, "", fact.Intent{Kind: fact.Add, Name: "logger", Value: str("zap")}, `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=stderr" ETCD_DEBUG=1
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --debug \
  --log-output stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG --logger=zap
`},
		{"remove the first of several assignments", unitSrc, "ETCD_NAME", fact.Intent{Kind: fact.Remove}, `[Service]
Environment="ETCD_LOG_OUTPUT=stderr" ETCD_DEBUG=1
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --debug \
  --log-output stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG
`},
		{"remove the last of several assignments", unitSrc, "ETCD_DEBUG", fact.Intent{Kind: fact.Remove}, `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=stderr"
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --debug \
  --log-output stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG
`},
		{"remove the only assignment", unitSrc, "ETCD_ENABLE_V2", fact.Intent{Kind: fact.Remove}, `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUT=stderr" ETCD_DEBUG=1
ExecStart=/usr/bin/etcd \
  --debug \
  --log-output stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG
`},
		{"rename a quoted assignment", unitSrc, "ETCD_LOG_OUTPUT", fact.Intent{Kind: fact.Replace, Name: "log-outputs", Value: str("a b")}, `[Service]
Environment=ETCD_NAME=n1 "ETCD_LOG_OUTPUTS=a b" ETCD_DEBUG=1
Environment=ETCD_ENABLE_V2=false
ExecStart=/usr/bin/etcd \
  --debug \
  --log-output stderr \
  --name n1 \
  --log-package-levels=etcdserver=DEBUG
`},
		{"crlf continuation", "[Service]\r\nExecStart=/usr/bin/etcd \\\r\n  --name n1 \\\r\n  --debug\r\n", "debug", fact.Intent{Kind: fact.Remove},
			"[Service]\r\nExecStart=/usr/bin/etcd \\\r\n  --name n1\r\n"},
		{"same line", "[Service]\nExecStart=/usr/bin/etcd --debug --name n1\n", "debug", fact.Intent{Kind: fact.Remove},
			"[Service]\nExecStart=/usr/bin/etcd --name n1\n"},
		{"env-only drop-in add", "[Service]\nEnvironment=ETCD_NAME=n1\n", "", fact.Intent{Kind: fact.Add, Name: "logger", Value: str("zap")},
			"[Service]\nEnvironment=ETCD_NAME=n1\nEnvironment=ETCD_LOGGER=zap\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			procs, _ := parse(tt.src)
			p := procs[0]
			in := tt.intent
			if tt.setting == "" {
				in.Process = p
			}
			for _, s := range p.Settings {
				if tt.setting == s.Raw || tt.setting == s.Name && s.Surface == fact.Flag {
					in.Setting = s
				}
			}
			edits, err := p.Render.Render([]byte(tt.src), in)
			if err != nil {
				t.Fatal(err)
			}
			if got := kindtest.Apply(t, tt.src, edits); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestNoPanicOnOddInput(t *testing.T) {
	for _, src := range []string{
		"[Service]\nExecStart=\\", "[Service]\nExecStart=\"/usr/bin/etcd --debug", "[Service]\nExecStart=- \\\n",
		"[Service]\nEnvironment=\"ETCD_X", "[Service]\nExecStart=/usr/bin/etcd $", "[Service]\nExecStart=/usr/bin/etcd ${A",
		"[Service]\nExecStart=@", "[Service]\nExecStart=/usr/bin/etcd %", "[Service]\nExecStart=/usr/bin/etcd {{ x",
	} {
		parse(src)
	}
}

func TestClientLines(t *testing.T) {
	src := "[Service]\n" +
		"Environment=ETCDCTL_API=3\n" +
		"ExecStartPre=-/usr/bin/etcdctl \\\n  endpoint health\n" +
		"ExecStartPre=@/usr/bin/etcdctl etcdctl-argv0 get k\n" +
		"ExecStart=/usr/bin/etcd --name n1\n" +
		"ExecStartPost=/bin/sh -c 'etcdctl put k v'\n" +
		"ExecStop=/usr/bin/etcdctl del k\n" +
		"[Install]\nExecStartPost=/usr/bin/etcdctl not-service\n"
	f, errs := Kind.Parse("etcd.service", []byte(src), testSchema)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// the service's start lines, after their prefixes; an "@" line's
	// first word is argv[0], ExecStop= and [Install] are not run at start
	var got []string
	for _, inv := range f.Invocations {
		got = append(got, q(src, inv.ProgramSpan)+" "+q(src, inv.Operands[0].Span))
	}
	want := []string{"/usr/bin/etcdctl endpoint", "etcdctl put"}
	if !slices.Equal(got, want) {
		t.Errorf("client lines:\n%q\nwant\n%q", got, want)
	}
	if len(f.Processes) != 1 {
		t.Errorf("facts: %d processes", len(f.Processes))
	}
}
