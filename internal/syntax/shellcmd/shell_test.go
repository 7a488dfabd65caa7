package shellcmd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var testSchema = kindtest.Schema{Bools: []string{"debug", "enable-v2"}}

func q(src string, sp fact.Span) string { return src[sp.Start:sp.End] }

func parse(src string) ([]*fact.Process, []*fact.ParseError) {
	f, errs := ParseScript([]byte(src), testSchema, nil)
	return f.Processes, errs
}

// describe prints a process as "form anchor partial systemd" and one line
// per setting: surface, name, the written item, name and value spans.
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
		{"plain with continuations and quotes", `#!/bin/bash
/usr/local/bin/etcd --name "n 1" \
  --log-output='stderr' \
  --initial-cluster-token=$'a\tb' -debug
`, `0 "/usr/local/bin/etcd" partial=false systemd=false
  flag name "--name \"n 1\"" name="name" value="\"n 1\""("n 1") tmpl=false
  flag log-output "--log-output='stderr'" name="log-output" value="stderr"("stderr") tmpl=false
  flag initial-cluster-token "--initial-cluster-token=$'a\\tb'" name="initial-cluster-token" value="a\\tb"("a\tb") tmpl=false
  flag debug "-debug" name="debug" value=""("") tmpl=false
`},
		{"quoted whole flag", `etcd "--log-outputs=stderr" --data-dir="$DIR"/data`, `0 "etcd" partial=false systemd=false
  flag log-outputs "\"--log-outputs=stderr\"" name="log-outputs" value="stderr"("stderr") tmpl=false
  flag data-dir "--data-dir=\"$DIR\"/data" name="data-dir" value="$DIR\"/data"("$DIR/data") tmpl=true
`},
		{"exec, prefix env, wrappers", `ETCD_NAME=a ETCD_DEBUG="true" exec nohup sudo -u etcd env ETCD_LOGGER=capnslog FOO=1 timeout -s KILL 10 etcd --debug &`,
			`0 "etcd" partial=false systemd=false
  env name "ETCD_NAME=a" name="ETCD_NAME" value="a"("a") tmpl=false
  env debug "ETCD_DEBUG=\"true\"" name="ETCD_DEBUG" value="\"true\""("true") tmpl=false
  env logger "ETCD_LOGGER=capnslog" name="ETCD_LOGGER" value="capnslog"("capnslog") tmpl=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
		{"start-stop-daemon", `DAEMON=/usr/bin/etcd
DAEMON_ARGS="--proxy on"
start-stop-daemon --start --quiet --exec $DAEMON -- \
    $DAEMON_ARGS
start-stop-daemon --stop --exec $DAEMON -- --debug
`, `0 "/usr/bin/etcd" partial=false systemd=false
  flag proxy "--proxy on" name="proxy" value="on"("on") tmpl=false
`},
		{"look-alikes", `etcdctl --debug get /x
kube-apiserver --debug --etcd-servers=http://127.0.0.1:2379
command -v etcd >/dev/null
etcd --version
systemctl restart etcd
`, ``},
		{"bash -c string", `bash -c "exec /usr/bin/etcd --name \"n1\" --debug"`, `0 "/usr/bin/etcd" partial=false systemd=false
  flag name "--name \\\"n1\\\"" name="name" value="\\\"n1\\\""("n1") tmpl=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
		{"arrays", `cmd=(/usr/bin/etcd --name n1)
cmd+=(--debug)
if [ -n "$X" ]; then cmd+=(--log-output stderr); fi
"${cmd[@]}"
`, `0 "/usr/bin/etcd" partial=false systemd=false
  flag name "--name n1" name="name" value="n1"("n1") tmpl=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
  flag log-output "--log-output stderr" name="log-output" value="stderr"("stderr") tmpl=false
`},
		{"string variables", `ARGS="--name n1"
ARGS="$ARGS --debug"
ARGS+=" --log-output=stderr"
exec etcd $ARGS
`, `0 "etcd" partial=false systemd=false
  flag name "--name n1" name="name" value="n1"("n1") tmpl=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
  flag log-output "--log-output=stderr" name="log-output" value="stderr"("stderr") tmpl=false
`},
		{"appending without a blank extends the last word", `ARGS="--name n1"
ARGS+="-x"
ARGS+=" --debug"
exec etcd $ARGS
`, `0 "etcd" partial=false systemd=false
  flag name "--name n1" name="name" value="n1"("n1-x") tmpl=true
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
		{"unknown variable and $@", `exec etcd --name n1 $ETCD_OPTS "$@"`, `0 "etcd" partial=true systemd=false
  flag name "--name n1" name="name" value="n1"("n1") tmpl=false
`},
		{"exports go to the one invocation", `export ETCD_NAME=n1
export ETCD_LOG_OUTPUT="stderr"
exec etcd --logger zap
`, `0 "etcd" partial=false systemd=false
  env name "ETCD_NAME=n1" name="ETCD_NAME" value="n1"("n1") tmpl=false
  env log-output "ETCD_LOG_OUTPUT=\"stderr\"" name="ETCD_LOG_OUTPUT" value="\"stderr\""("stderr") tmpl=false
  flag logger "--logger zap" name="logger" value="zap"("zap") tmpl=false
`},
		{"exports without an invocation", `export ETCD_DEBUG=1
exec /opt/bin/start-etcd
`, `1 "ETCD_DEBUG=1" partial=true systemd=false
  env debug "ETCD_DEBUG=1" name="ETCD_DEBUG" value="1"("1") tmpl=false
`},
		{"sourced env file", `. /etc/default/etcd
exec etcd --name n1
`, `0 "etcd" partial=true systemd=false
  flag name "--name n1" name="name" value="n1"("n1") tmpl=false
`},
		{"syntax error", "etcd --debug\nif then fi (\n", `0 "etcd" partial=false systemd=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			procs, errs := parse(tt.src)
			if len(errs) > 0 && tt.name != "syntax error" {
				t.Fatalf("errors: %v", errs)
			}
			if got := describe(tt.src, procs); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestSyntaxError(t *testing.T) {
	src := "exec etcd --debug\nif then\n"
	_, errs := parse(src)
	if len(errs) != 1 || errs[0].Offset != strings.Index(src, "if") {
		t.Fatalf("errors: %v", errs)
	}
}

func TestRender(t *testing.T) {
	const script = `#!/bin/sh
export ETCD_NAME=n1
export ETCD_LOG_OUTPUT="stderr"
ETCD_DEBUG=1 exec /usr/bin/etcd \
  --debug \
  --log-package-levels etcdserver=DEBUG \
  --enable-v2=false
`
	str := func(s string) *string { return &s }
	tests := []struct {
		name, src, setting string
		intent             fact.Intent
		want               string
	}{
		{"remove a continuation line", script, "debug", fact.Intent{Kind: fact.Remove}, `#!/bin/sh
export ETCD_NAME=n1
export ETCD_LOG_OUTPUT="stderr"
ETCD_DEBUG=1 exec /usr/bin/etcd \
  --log-package-levels etcdserver=DEBUG \
  --enable-v2=false
`},
		{"remove the last flag", script, "enable-v2", fact.Intent{Kind: fact.Remove}, `#!/bin/sh
export ETCD_NAME=n1
export ETCD_LOG_OUTPUT="stderr"
ETCD_DEBUG=1 exec /usr/bin/etcd \
  --debug \
  --log-package-levels etcdserver=DEBUG
`},
		{"remove an export", script, "ETCD_NAME", fact.Intent{Kind: fact.Remove}, `#!/bin/sh
export ETCD_LOG_OUTPUT="stderr"
ETCD_DEBUG=1 exec /usr/bin/etcd \
  --debug \
  --log-package-levels etcdserver=DEBUG \
  --enable-v2=false
`},
		{"remove a prefix assignment", script, "ETCD_DEBUG", fact.Intent{Kind: fact.Remove}, `#!/bin/sh
export ETCD_NAME=n1
export ETCD_LOG_OUTPUT="stderr"
exec /usr/bin/etcd \
  --debug \
  --log-package-levels etcdserver=DEBUG \
  --enable-v2=false
`},
		{"rename an export keeping quotes", script, "ETCD_LOG_OUTPUT", fact.Intent{Kind: fact.Replace, Name: "log-outputs"}, `#!/bin/sh
export ETCD_NAME=n1
export ETCD_LOG_OUTPUTS="stderr"
ETCD_DEBUG=1 exec /usr/bin/etcd \
  --debug \
  --log-package-levels etcdserver=DEBUG \
  --enable-v2=false
`},
		{"add a flag", script, "", fact.Intent{Kind: fact.Add, Name: "log-outputs", Value: str("a b")}, `#!/bin/sh
export ETCD_NAME=n1
export ETCD_LOG_OUTPUT="stderr"
ETCD_DEBUG=1 exec /usr/bin/etcd \
  --debug \
  --log-package-levels etcdserver=DEBUG \
  --enable-v2=false --log-outputs='a b'
`},
		{"flag inside bash -c", `bash -c 'exec etcd --debug --name n1'` + "\n", "debug", fact.Intent{Kind: fact.Replace, Name: "log-level", Value: str("debug")},
			`bash -c 'exec etcd --log-level=debug --name n1'` + "\n"},
		{"flag in an array", "cmd=(etcd --name n1 --debug)\n\"${cmd[@]}\"\n", "debug", fact.Intent{Kind: fact.Remove},
			"cmd=(etcd --name n1)\n\"${cmd[@]}\"\n"},
		// bash reads "\\\r\n" as an escaped CR, not a continuation
		{"crlf", "etcd --name n1 --debug\r\netcdctl get x\r\n", "debug", fact.Intent{Kind: fact.Remove}, "etcd --name n1\r\netcdctl get x\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			procs, errs := parse(tt.src)
			if len(errs) > 0 || len(procs) == 0 {
				t.Fatalf("procs %d, errors: %v", len(procs), errs)
			}
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
			if in.Setting == nil && in.Process == nil {
				t.Fatal("no such setting")
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
		"etcd '", "etcd \"$(\"", "cat <<EOF > /etc/etcd.env\nETCD_X=1", "bash -c", "bash -c 'etcd \"'", "cmd+=(", "\"${cmd[@]}\"",
		"env ETCD_=1 etcd", "exec -a", "sudo -u", "timeout", "etcd $'\\", "X=1 \\\r\n", "{{ x }} --debug", "cat <<'E' | tee\nE\n",
	} {
		parse(src)
		ParseCommand(src, nil, testSchema)
	}
}

// A known variable inside a larger word (etcd's own demo builds CLUSTER
// from NAME_1 and HOST_1) is not spliced in as words of its own, which
// used to end flag parsing at "=http://…" and hide every later flag.
func TestVariableInsideAWord(t *testing.T) {
	src := "NAME_1=n1\nHOST_1=10.0.0.1\nCLUSTER=${NAME_1}=http://${HOST_1}:2380\nARGS=\"--name n1\"\netcd $ARGS --initial-cluster ${CLUSTER} --debug\n"
	procs, errs := parse(src)
	if len(errs) > 0 || len(procs) != 1 {
		t.Fatalf("procs = %v, errs = %v", procs, errs)
	}
	var names []string
	for _, s := range procs[0].Settings {
		names = append(names, s.Name)
	}
	if strings.Join(names, " ") != "name initial-cluster debug" {
		t.Errorf("settings = %v, want name initial-cluster debug", names)
	}
}

// A command read at run time and run from a variable is etcd's when the
// flags appended to it are flags only etcd has; other programs' are not.
func TestCommandInAVariable(t *testing.T) {
	for src, want := range map[string]string{
		"cmd=$(yq '.spec.containers[0].command' /etc/kubernetes/manifests/etcd.yaml)\ncmd=${cmd:1:-1}\ncmd+=\" --enable-v2=true \"\n/usr/sbin/$cmd $@\n": "enable-v2",
		"cmd=$(cat args)\ncmd+=\" --initial-cluster-state existing\"\n/opt/bin/$cmd\n":                                                                   "initial-cluster-state",
		"cmd=$(cat args)\ncmd+=\" --debug --verbose\"\n/usr/bin/$cmd\n":                                                                                  "",
		"cmd=\"nginx -g daemon\"\n/usr/sbin/$cmd --enable-v2\n":                                                                                          "",
		"cmd=$(cat args)\ncmd+=\" --enable-v2=true\"\n\"/usr/sbin/$cmd\"\n":                                                                              "",
	} {
		checkSettingNames(t, src, want)
	}
}

// A templated command whose quoting only Jinja can balance is an unknown
// command; the same quoting without markup is still a syntax error, and
// markup that masks into valid shell is still read.
func TestTemplatedCommandThatDoesNotParse(t *testing.T) {
	code := "etcd {% if tls %}--name='a{% else %}--name='b{% endif %}' --debug"
	if procs, errs := ParseCommand(code, nil, testSchema); len(procs) != 0 || len(errs) != 0 {
		t.Errorf("templated: procs %d, errs %v", len(procs), errs)
	}
	if _, errs := ParseCommand("etcd --name='a --name='b ' --debug", nil, testSchema); len(errs) != 1 {
		t.Errorf("untemplated: errs %v, want one", errs)
	}
	code = `docker ps --filter='name={{ n }}' --format='{{ '{{ .Image }}' }}' && etcd --name {{ n }} --debug`
	procs, errs := ParseCommand(code, nil, testSchema)
	if len(errs) != 0 || len(procs) != 1 || len(procs[0].Settings) != 2 {
		t.Fatalf("nested quotes: procs %v, errs %v", describe(code, procs), errs)
	}
}

// Ansible's trim_blocks drops a line that holds only {% %} tags, so the
// backslash continuation before it goes on past it (kubespray's etcdctl.sh.j2
// and etcd.j2). A tag line after a finished command does not join it to the
// next one.
func TestTemplateLineInContinuation(t *testing.T) {
	src := "#!/bin/bash\netcdctl \\\n{% if kubeadm %}\n  --cacert {{ dir }}/ca.crt \\\n  --cert x.crt \"$@\"\n{% else %}\r\n  --cacert /etc/ssl/etcd/ca.pem \"$@\"\n{% endif %}\n" +
		"etcd --name n1\n{% if x %}\n--debug\n{% endif %}\n"
	f, errs := ParseScript([]byte(src), testSchema, nil)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var got []string
	for _, v := range f.Invocations {
		var flags []string
		for _, fl := range v.Flags {
			flags = append(flags, fl.Name+"="+fl.Value)
		}
		got = append(got, v.Program+" "+strings.Join(flags, " "))
	}
	// the first branch is read; the {% else %} branch, after a finished
	// command, is a command of its own ("--cacert …"), no client
	if want := "etcdctl cacert={{ dir }}/ca.crt cert=x.crt"; len(got) != 1 || got[0] != want {
		t.Errorf("invocations %q, want %q", got, want)
	}
	if len(f.Processes) != 1 || len(f.Processes[0].Settings) != 1 {
		t.Errorf("the etcd line took the --debug after a tag line: %s", describe(src, f.Processes))
	}
}

// A function that runs its arguments as a command is a wrapper, like sudo:
// what it is given to run is read.
func TestRunnerFunctions(t *testing.T) {
	src := `_run_as_root() { $_sudo "${@}"; }
quiet() { "$@" >/dev/null 2>&1; }
log() { echo "$@"; }
_run_as_root etcd --debug
quiet etcd --enable-v2
log etcd --log-output stderr
retrycmd_if_failure 100 5 10 etcd --log-package-levels=x
retry-count 3 etcd --logger capnslog
`
	f, _ := ParseScript([]byte(src), testSchema, nil)
	var got []string
	for _, p := range f.Processes {
		for _, st := range p.Settings {
			got = append(got, st.Raw)
		}
	}
	if strings.Join(got, " ") != "--debug --enable-v2 --log-package-levels" {
		t.Errorf("settings %q", got)
	}
}

// docker create takes run's options: its etcd command line is read the
// same way; other docker verbs are not runs.
func TestContainerCreate(t *testing.T) {
	for src, want := range map[string]string{
		"docker create --name x --entrypoint=etcd registry.k8s.io/etcd:3.5.15-0 --name=node0 --debug\n": "name debug",
		"podman container create quay.io/coreos/etcd:v3.4.1 etcd --enable-v2\n":                         "enable-v2",
		"docker inspect --format x registry.k8s.io/etcd:3.5.15-0 --debug\n":                             "",
	} {
		checkSettingNames(t, src, want)
	}
}

// checkSettingNames checks the names of the settings of every process src
// starts, space-separated.
func checkSettingNames(t *testing.T, src, want string) {
	t.Helper()
	procs, errs := parse(src)
	var got []string
	for _, p := range procs {
		for _, st := range p.Settings {
			got = append(got, st.Name)
		}
	}
	if len(errs) > 0 || strings.Join(got, " ") != want {
		t.Errorf("%q: settings %v, errors %v; want %q", src, got, errs, want)
	}
}

// A byte that is not UTF-8 (a Latin-1 comment or value) does not hide
// the command it sits in.
func TestInvalidUTF8(t *testing.T) {
	checkSettingNames(t, "# caf\xe9 au lait\netcd --name caf\xe9 --debug\n", "name debug")
}

// Commands inside nested $(…) are read down to maxSubstDepth levels;
// deeper ones are left alone, so a 10,000-deep nest costs its size.
func TestNestedSubstitutions(t *testing.T) {
	nest := func(depth int, cmd string) string {
		return "x=" + strings.Repeat("$(", depth) + cmd + strings.Repeat(")", depth) + "\n"
	}
	for _, tc := range []struct {
		depth int
		found bool
	}{{1, true}, {maxSubstDepth, true}, {maxSubstDepth + 1, false}, {10000, false}} {
		procs, _ := parse(nest(tc.depth, "etcd --debug"))
		if got := len(procs) == 1; got != tc.found {
			t.Errorf("etcd at depth %d: found %v, want %v", tc.depth, got, tc.found)
		}
	}
}
