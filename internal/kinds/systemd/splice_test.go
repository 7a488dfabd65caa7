package systemd

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

const optsUnit = `[Service]
Environment="ETCD_IMAGE_TAG=v3.4.45"
Environment="ETCD_OPTS=--name s1 \
  --listen-client-urls https://10.240.0.1:2379 \
  --debug"
ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS
`

func TestSpliceParse(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"multi-line quoted value; the variable is no setting itself", optsUnit, `0 "/usr/lib/coreos/etcd-wrapper" partial=false systemd=true
  env image-tag "\"ETCD_IMAGE_TAG=v3.4.45\"" name="ETCD_IMAGE_TAG" value="v3.4.45"("v3.4.45") tmpl=false
  flag name "--name s1" name="name" value="s1"("s1") tmpl=false
  flag listen-client-urls "--listen-client-urls https://10.240.0.1:2379" name="listen-client-urls" value="https://10.240.0.1:2379"("https://10.240.0.1:2379") tmpl=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
		{"unquoted assignment: systemd splits assignments at spaces", `[Service]
Environment=ETCD_ARGS=--debug --log-output=stderr
ExecStart=/usr/bin/etcd $ETCD_ARGS
`, `0 "/usr/bin/etcd" partial=false systemd=true
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
		{"inner quotes are removed, last definition wins, other variables", `[Service]
Environment=DAEMON_ARGS=--debug
Environment="DAEMON_ARGS=--name 'a b' --initial-cluster-token=\"t 1\"" OTHER=x
ExecStart=/usr/bin/etcd --data-dir=/d $DAEMON_ARGS --logger zap
`, `0 "/usr/bin/etcd" partial=false systemd=true
  flag name "--name 'a b'" name="name" value="'a b'"("a b") tmpl=false
  flag initial-cluster-token "--initial-cluster-token=\\\"t 1\\\"" name="initial-cluster-token" value="t 1"("t 1") tmpl=false
  flag data-dir "--data-dir=/d" name="data-dir" value="/d"("/d") tmpl=false
  flag logger "--logger zap" name="logger" value="zap"("zap") tmpl=false
`},
		{"${VAR} is one word", `[Service]
Environment=ETCD_NAME=s1 "DIR=/var/lib/etcd data"
ExecStart=/usr/bin/etcd --name ${ETCD_NAME} --data-dir ${DIR}
`, `0 "/usr/bin/etcd" partial=false systemd=true
  env name "ETCD_NAME=s1" name="ETCD_NAME" value="s1"("s1") tmpl=false
  flag name "--name" name="name" value="s1"("s1") tmpl=false
  flag data-dir "--data-dir" name="data-dir" value="/var/lib/etcd data"("/var/lib/etcd data") tmpl=false
`},
		{"EnvironmentFile= may define it: not spliced", `[Service]
Environment="ETCD_OPTS=--debug"
EnvironmentFile=-/etc/default/etcd
ExecStart=/usr/bin/etcd $ETCD_OPTS
`, `0 "/usr/bin/etcd" partial=true systemd=true
  env opts "\"ETCD_OPTS=--debug\"" name="ETCD_OPTS" value="--debug"("--debug") tmpl=false
`},
		{"undefined variable and look-alikes", `[Service]
Environment=MAINPID=1 "X=--debug"
ExecStartPre=/bin/echo $X
ExecStart=/usr/bin/etcd --name %i $ETCD_OPTS $MAINPID $$X
`, `0 "/usr/bin/etcd" partial=true systemd=true
  flag name "--name %i" name="name" value="%i"("%i") tmpl=true
`},
		{"a reset Environment= forgets the variable", `[Service]
Environment="ETCD_OPTS=--debug"
Environment=
ExecStart=/usr/bin/etcd $ETCD_OPTS
`, `0 "/usr/bin/etcd" partial=true systemd=true
  env opts "\"ETCD_OPTS=--debug\"" name="ETCD_OPTS" value="--debug"("--debug") tmpl=false
`},
		{"drop-in with only the variable", `[Service]
Environment="ETCD_OPTS=--debug --name s1"
`, `1 "\"ETCD_OPTS=--debug --name s1\"" partial=true systemd=true
  env opts "\"ETCD_OPTS=--debug --name s1\"" name="ETCD_OPTS" value="--debug --name s1"("--debug --name s1") tmpl=false
`},
		{"specifier in a value", `[Service]
Environment="OPTS=--name %H --data-dir=/d%%"
ExecStart=/usr/bin/etcd $OPTS
`, `0 "/usr/bin/etcd" partial=false systemd=true
  flag name "--name %H" name="name" value="%H"("%H") tmpl=true
  flag data-dir "--data-dir=/d%%" name="data-dir" value="/d%%"("/d%") tmpl=false
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			procs, errs := parse(tt.src)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := describe(tt.src, procs); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestSpliceOffsets pins the exact offsets of a spliced word.
func TestSpliceOffsets(t *testing.T) {
	procs, _ := parse(optsUnit)
	s := procs[0].Settings[2] // --listen-client-urls
	start := strings.Index(optsUnit, "--listen")
	if s.Span != (fact.Span{Start: start, End: start + len("--listen-client-urls https://10.240.0.1:2379")}) ||
		s.NameSpan != (fact.Span{Start: start + 2, End: start + len("--listen-client-urls")}) ||
		s.ValueSpan != (fact.Span{Start: start + len("--listen-client-urls "), End: start + len("--listen-client-urls https://10.240.0.1:2379")}) {
		t.Errorf("spans %v %v %v", s.Span, s.NameSpan, s.ValueSpan)
	}
}

func TestSpliceRender(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name    string
		src     string
		setting string // Name of the target flag; "" targets the process
		intent  fact.Intent
		want    string // the fixed unit, or "error: " and part of the message
	}{
		{"remove the last word: the continuation goes", optsUnit, "debug", fact.Intent{Kind: fact.Remove}, `[Service]
Environment="ETCD_IMAGE_TAG=v3.4.45"
Environment="ETCD_OPTS=--name s1 \
  --listen-client-urls https://10.240.0.1:2379"
ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS
`},
		{"remove a whole continuation line", optsUnit, "listen-client-urls", fact.Intent{Kind: fact.Remove}, `[Service]
Environment="ETCD_IMAGE_TAG=v3.4.45"
Environment="ETCD_OPTS=--name s1 \
  --debug"
ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS
`},
		{"remove the first words: the next line moves up", optsUnit, "name", fact.Intent{Kind: fact.Remove}, `[Service]
Environment="ETCD_IMAGE_TAG=v3.4.45"
Environment="ETCD_OPTS=--listen-client-urls https://10.240.0.1:2379 \
  --debug"
ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS
`},
		{"rename in place", optsUnit, "debug", fact.Intent{Kind: fact.Replace, Name: "log-level", Value: str("debug")}, `[Service]
Environment="ETCD_IMAGE_TAG=v3.4.45"
Environment="ETCD_OPTS=--name s1 \
  --listen-client-urls https://10.240.0.1:2379 \
  --log-level=debug"
ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS
`},
		{"add after the last word of the value", optsUnit, "", fact.Intent{Kind: fact.Add, Name: "logger", Value: str("zap")}, `[Service]
Environment="ETCD_IMAGE_TAG=v3.4.45"
Environment="ETCD_OPTS=--name s1 \
  --listen-client-urls https://10.240.0.1:2379 \
  --debug --logger=zap"
ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS
`},
		{"remove from the middle of one line", "[Service]\nEnvironment=\"ETCD_OPTS=--name s1 --debug --logger zap\"\nExecStart=/usr/bin/etcd $ETCD_OPTS\n", "debug", fact.Intent{Kind: fact.Remove},
			"[Service]\nEnvironment=\"ETCD_OPTS=--name s1 --logger zap\"\nExecStart=/usr/bin/etcd $ETCD_OPTS\n"},
		{"remove the first word of one line", "[Service]\nEnvironment=\"ETCD_OPTS=--debug --name s1\"\nExecStart=/usr/bin/etcd $ETCD_OPTS\n", "debug", fact.Intent{Kind: fact.Remove},
			"[Service]\nEnvironment=\"ETCD_OPTS=--name s1\"\nExecStart=/usr/bin/etcd $ETCD_OPTS\n"},
		{"remove the only word", "[Service]\nEnvironment=ETCD_ARGS=--debug\nExecStart=/usr/bin/etcd $ETCD_ARGS\n", "debug", fact.Intent{Kind: fact.Remove},
			"[Service]\nEnvironment=ETCD_ARGS=\nExecStart=/usr/bin/etcd $ETCD_ARGS\n"},
		{"add to an unquoted value quotes it", "[Service]\nEnvironment=ETCD_ARGS=--debug\nExecStart=/usr/bin/etcd $ETCD_ARGS\n", "", fact.Intent{Kind: fact.Add, Name: "logger", Value: str("zap")},
			"[Service]\nEnvironment=\"ETCD_ARGS=--debug --logger=zap\"\nExecStart=/usr/bin/etcd $ETCD_ARGS\n"},
		{"add when flags follow the variable", "[Service]\nEnvironment=\"ETCD_OPTS=--debug\"\nExecStart=/usr/bin/etcd $ETCD_OPTS --name s1\n", "", fact.Intent{Kind: fact.Add, Name: "logger", Value: str("zap")},
			"[Service]\nEnvironment=\"ETCD_OPTS=--debug\"\nExecStart=/usr/bin/etcd $ETCD_OPTS --name s1 --logger=zap\n"},
		{"a value with a space cannot be a word", optsUnit, "name", fact.Intent{Kind: fact.Replace, Value: str("a b")}, "error: as one word of $ETCD_OPTS"},
		{"a percent sign is doubled", optsUnit, "name", fact.Intent{Kind: fact.Replace, Value: str("a%b")}, `[Service]
Environment="ETCD_IMAGE_TAG=v3.4.45"
Environment="ETCD_OPTS=--name a%%b \
  --listen-client-urls https://10.240.0.1:2379 \
  --debug"
ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS
`},
		{"${VAR} value is set in Environment=", "[Service]\nEnvironment=\"ETCD_NAME=s1\"\nExecStart=/usr/bin/etcd --name ${ETCD_NAME}\n", "name", fact.Intent{Kind: fact.Replace, Value: str(`a"b`)},
			"[Service]\nEnvironment=\"ETCD_NAME=a\\\"b\"\nExecStart=/usr/bin/etcd --name ${ETCD_NAME}\n"},
		{"${VAR} value: no removal", "[Service]\nEnvironment=\"ETCD_NAME=s1\"\nExecStart=/usr/bin/etcd --name ${ETCD_NAME}\n", "name", fact.Intent{Kind: fact.Remove}, "error: come from different places"},
		{"shared with ExecStartPre", "[Service]\nEnvironment=\"OPTS=--debug\"\nExecStartPre=/usr/bin/check $OPTS\nExecStart=/usr/bin/etcd $OPTS\n", "debug", fact.Intent{Kind: fact.Remove}, "error: $OPTS is also used by ExecStartPre="},
		{"a look-alike in ExecStartPre is not shared", "[Service]\nEnvironment=\"OPTS=--debug\"\nExecStartPre=/usr/bin/check $OPTS2 ${OPTS_X}\nExecStart=/usr/bin/etcd $OPTS\n", "debug", fact.Intent{Kind: fact.Remove},
			"[Service]\nEnvironment=\"OPTS=\"\nExecStartPre=/usr/bin/check $OPTS2 ${OPTS_X}\nExecStart=/usr/bin/etcd $OPTS\n"},
		{"a flag whose value is the next line's word", "[Service]\nEnvironment=\"OPTS=--name \\\n  s1\"\nExecStart=/usr/bin/etcd $OPTS\n", "name", fact.Intent{Kind: fact.Remove},
			"[Service]\nEnvironment=\"OPTS=\"\nExecStart=/usr/bin/etcd $OPTS\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			procs, _ := parse(tt.src)
			p := procs[0]
			in := tt.intent
			in.Process = p
			for _, s := range p.Settings {
				if tt.setting == s.Name && s.Surface == fact.Flag {
					in.Setting = s
				}
			}
			if tt.setting != "" && in.Setting == nil {
				t.Fatalf("no flag %s", tt.setting)
			}
			edits, err := p.Render.Render([]byte(tt.src), in)
			if want, ok := strings.CutPrefix(tt.want, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("error %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := kindtest.Apply(t, tt.src, edits); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestSplicedAssignmentKept(t *testing.T) {
	src := "[Service]\nEnvironment=ETCD_NAME=s1\nExecStart=/usr/bin/etcd --name ${ETCD_NAME}\n"
	procs, _ := parse(src)
	p := procs[0]
	env := p.Settings[0]
	if env.Surface != fact.Env {
		t.Fatalf("want the env setting first, got %s", env.Raw)
	}
	for _, in := range []fact.Intent{{Kind: fact.Remove, Setting: env}, {Kind: fact.Replace, Setting: env, Name: "other"}} {
		if _, err := p.Render.Render([]byte(src), in); err == nil || !strings.Contains(err.Error(), "${ETCD_NAME}") {
			t.Errorf("intent %d: error %v", in.Kind, err)
		}
	}
	// not spliced: the assignment may go
	src = "[Service]\nEnvironment=ETCD_NAME=s1\nExecStart=/usr/bin/etcd --name s1\n"
	procs, _ = parse(src)
	if _, err := procs[0].Render.Render([]byte(src), fact.Intent{Kind: fact.Remove, Setting: procs[0].Settings[0]}); err != nil {
		t.Error(err)
	}
}
