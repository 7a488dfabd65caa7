package source

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var schema = kindtest.Schema{Bools: []string{"debug", "enable-v2"}, Undefined: []string{"endpoints"}}

func TestArgv(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a.go", `package x
func start() {
	cmd := exec.Command("etcd", "--name", "a", "--enable-v2",
		"--debug")
	cmd = exec.Command(bin, "--debug") // no proof it is etcd
	args := []string{"--initial-cluster", c, "--log-package-levels=DEBUG", "--data-dir=/var/lib/etcd"}
	env["ETCD_ENABLE_V2"] = "false"
	os.Setenv("ETCD_ENDPOINTS", "x") // an application's variable
	cmd.Env = []string{"ETCD_LOG_OUTPUT=stderr"}
	s := "etcd --log-output stderr"
	p := "run etcd --debug when asked" // prose
}
`, `flag --name="a"
flag --enable-v2=""
flag --debug=""
flag --initial-cluster="$c"
flag --log-package-levels="DEBUG"
flag --data-dir="/var/lib/etcd"
flag --log-output="stderr"
env ETCD_ENABLE_V2="false"
env ETCD_LOG_OUTPUT="stderr"`},
		{"run.py", `import subprocess
subprocess.Popen(["/usr/local/bin/etcd", "--log-output", "stderr"], env={"ETCD_DEBUG": "1"})
ENV = """ETCD_NAME=x
ETCD_DATA_DIR=/d
"""
`, `flag --log-output="stderr"
env ETCD_DEBUG="1"`},
		{"launcher.py", `def args(v):
    arguments = ['etcd', '-name', 'a', '-listen-peer-urls', 'http://0.0.0.0:2380']
    if v >= (3, 4):
        arguments += [
            '--enable-v2',
        ]
`, `flag -name="a"
flag -listen-peer-urls="http://0.0.0.0:2380"
flag --enable-v2=""`},
		{"cli.py", `parser.add_argument('--enable-v2', action='store_true')  # this program's own flag
`, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := Kind.Parse(tc.name, []byte(tc.src), schema)
			var got []string
			for _, p := range f.Processes {
				for _, s := range p.Settings {
					if s.Surface == fact.Env && tc.src[s.NameSpan.Start:s.NameSpan.End] != s.Raw {
						t.Errorf("name span of %s covers %q", s.Raw, tc.src[s.NameSpan.Start:s.NameSpan.End])
					}
					got = append(got, fmt.Sprintf("%s %s=%q", s.Surface, s.Raw, s.Value))
				}
			}
			if g := strings.Join(got, "\n"); g != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tc.want)
			}
		})
	}
}

// Removing a flag that is a list item takes its literal, its value's and
// one separating comma.
func TestArgvRemove(t *testing.T) {
	src := `args := []string{"etcd", "--log-output", "stderr", "--name", "a"}` + "\n" + `last := []string{"etcd", "--name", "a", "--enable-v2"}` + "\n"
	f, _ := Kind.Parse("a.go", []byte(src), schema)
	out := src
	for i := len(f.Processes) - 1; i >= 0; i-- {
		p := f.Processes[i]
		for _, s := range p.Settings {
			if s.Name != "log-output" && s.Name != "enable-v2" {
				continue
			}
			edits, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Remove, Setting: s})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range edits {
				out = out[:e.Span.Start] + e.NewText + out[e.Span.End:]
			}
		}
	}
	want := `args := []string{"etcd", "--name", "a"}` + "\n" + `last := []string{"etcd", "--name", "a"}` + "\n"
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

// A map entry alone on its line is deleted with the line; one that shares
// its line is left to a person.
func TestEnvRemove(t *testing.T) {
	src := "flags = {\n    'ETCD_PROXY' => 'off',\n    'ETCD_NAME' => 'a', 'ETCD_DEBUG' => 'true'\n}\n"
	f, _ := Kind.Parse("c.rb", []byte(src), schema)
	var got []string
	for _, p := range f.Processes {
		for _, s := range p.Settings {
			edits, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Remove, Setting: s})
			switch {
			case err != nil:
				got = append(got, s.Raw+": by hand")
			default:
				got = append(got, s.Raw+": "+strings.TrimSpace(src[edits[0].Span.Start:edits[0].Span.End]))
			}
		}
	}
	want := "ETCD_PROXY: 'ETCD_PROXY' => 'off',|ETCD_NAME: by hand|ETCD_DEBUG: by hand"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

// A map whose keys are etcd's flags without dashes is etcd's command line
// when two of them are flags only etcd has; values that are not one literal
// are unknown, and a rename happens inside the key's literal.
func TestFlagMap(t *testing.T) {
	src := `args := argsbuilder.Args{
	"name":                    {spec.Name},
	"listen-peer-urls":        {peers},
	"initial-cluster-state":   {"new"},
	"experimental-initial-corrupt-check": {"true"},
}
opts := map[string]string{"data-dir": "/d", "listen-client-urls": "x"} // one etcd-only key: not proof
`
	f, _ := Kind.Parse("etcd.go", []byte(src), schema)
	var got []string
	var corrupt *fact.Setting
	for _, p := range f.Processes {
		for _, s := range p.Settings {
			got = append(got, fmt.Sprintf("%s=%q templated=%v", s.Raw, s.Value, s.Templated))
			if s.Name == "experimental-initial-corrupt-check" {
				corrupt = s
			}
		}
	}
	want := `name="$value" templated=true|listen-peer-urls="$value" templated=true|initial-cluster-state="new" templated=false|experimental-initial-corrupt-check="true" templated=false`
	if g := strings.Join(got, "|"); g != want {
		t.Fatalf("got  %s\nwant %s", g, want)
	}
	value := "InitialCorruptCheck=true"
	edits, err := corrupt.Process.Render.Render([]byte(src), fact.Intent{Kind: fact.Replace, Setting: corrupt, Name: "feature-gates", Value: &value})
	if err != nil {
		t.Fatal(err)
	}
	out := src
	for i := len(edits) - 1; i >= 0; i-- {
		out = out[:edits[i].Span.Start] + edits[i].NewText + out[edits[i].Span.End:]
	}
	if !strings.Contains(out, `"feature-gates": {"InitialCorruptCheck=true"},`) {
		t.Errorf("rendered:\n%s", out)
	}
	py := "ETCD_OPTS = {'initial-cluster': c, 'initial-cluster-token': 't', 'enable-v2': 'true'}\n"
	if f, _ := Kind.Parse("run.py", []byte(py), schema); len(f.Processes) != 1 || len(f.Processes[0].Settings) != 3 {
		t.Errorf("python dict: %+v", f.Processes)
	}
}

// etcdctl and etcdutl runs built as argument lists are client runs, the
// Args a Go program appends to its exec.Command included (up to the
// variable's next command).
func TestArgvClients(t *testing.T) {
	src := `package x

func run() {
	c := exec.Command(path.Join(dir, "etcd"))
	c.Args = append(c.Args, "--force-new-cluster")
	c = exec.Command(path.Join(dir, "etcdctl"))
	c.Args = append(c.Args, "snapshot", "restore", snapshotFile)
	c.Args = append(c.Args, "--data-dir", p.DataDir)
	out, _ := exec.Command("etcdutl", "defrag", "--data-dir", d).Output()
	log.Print("etcdctl is missing") // prose
}
`
	f, _ := Kind.Parse("x.go", []byte(src), schema)
	var got []string
	for _, inv := range f.Invocations {
		var ops []string
		for _, o := range inv.Operands {
			ops = append(ops, o.Value)
		}
		var flags []string
		for _, fl := range inv.Flags {
			flags = append(flags, fl.Name)
		}
		got = append(got, inv.Program+" "+strings.Join(ops, ",")+" "+strings.Join(flags, ","))
	}
	want := "etcdctl snapshot,restore data-dir|etcdutl defrag data-dir"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
	if len(f.Processes) != 1 || len(f.Processes[0].Settings) != 1 || f.Processes[0].Settings[0].Name != "force-new-cluster" {
		t.Errorf("the etcd command took another command's appends: %+v", f.Processes)
	}
}

// A literal that is a client command line is a client run; a sentence that
// names etcdctl is not.
func TestClientCommandStrings(t *testing.T) {
	src := "execute 'etcdctl set /delete delete' do\nend\nputs \"run etcdctl set to write a key\"\nraise \"etcdctl snapshot restore returned an error\"\nsystem('ETCDCTL_API=3 etcdctl get /k')\n"
	f, _ := Kind.Parse("keys.rb", []byte(src), schema)
	var got []string
	for _, inv := range f.Invocations {
		cmd, _, _ := inv.Command(1)
		got = append(got, inv.Program+" "+cmd)
	}
	if strings.Join(got, "|") != "etcdctl set|etcdctl get" {
		t.Errorf("invocations %q", got)
	}
}

// A list that a variable named for the program opens runs that program;
// the variable's name is not rewritten by any fix (its span is empty).
func TestArgvProgramVariable(t *testing.T) {
	src := `import subprocess
def backup(d, b):
    subprocess.check_call([etcdctl, 'backup', '--data-dir', d, '--backup-dir', b])
    subprocess.check_call([self.ETCDCTL_BIN, "get", "/x"])
    subprocess.check_call([helper, 'backup', '--data-dir', d])
    shutil.copy(etcdctl, "backup")
    logging.info(etcdctl, "auth", "enable")
    print([etcdctl, "backup"])
`
	f, _ := Kind.Parse("b.py", []byte(src), schema)
	var got []string
	for _, inv := range f.Invocations {
		got = append(got, inv.Program+" "+inv.Operands[0].Value)
		if inv.ProgramSpan.End != inv.ProgramSpan.Start {
			t.Errorf("%s: the program span %v covers the variable", inv.Program, inv.ProgramSpan)
		}
	}
	if g := strings.Join(got, "|"); g != "etcdctl backup|etcdctl get" {
		t.Errorf("got %s", g)
	}
}
