package ansible_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds"
	"github.com/etcdlint/etcdlint/internal/kinds/ansible"
	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

type classifier struct{}

func (classifier) Classify(p string, src []byte) fact.Kind { return kinds.Classify(p, src) }

// kind reads the files shell tasks write as the registry does.
var kind = ansible.NewKind(classifier{})

func schema(t *testing.T) fact.Schema {
	t.Helper()
	c, err := rules.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// describe lists the processes of src with each setting as written.
func describe(src string, f *fact.Facts) string {
	var b strings.Builder
	for _, p := range f.Processes {
		fmt.Fprintf(&b, "%d %q partial=%v\n", p.Form, src[p.Anchor.Start:p.Anchor.End], p.Partial)
		for _, s := range p.Settings {
			fmt.Fprintf(&b, "  %s %s %q=%q\n", s.Surface, s.Name, src[s.Span.Start:s.Span.End], s.Value)
		}
	}
	return b.String()
}

func TestMatch(t *testing.T) {
	task := []byte("- name: start etcd\n  command: etcd --debug\n")
	for p, want := range map[string]bool{
		"roles/etcd/tasks/main.yml":    true,
		"roles/etcd/handlers/main.yml": true,
		"roles/etcd/defaults/main.yml": false, // variables, not tasks
		"roles/etcd/tasks/main.json":   false,
		"tasks.yml":                    false, // no play, no role directory
	} {
		if got := kind.Match(p, task); got != want {
			t.Errorf("Match(%q) = %v", p, got)
		}
	}
	if !kind.Match("site.yml", []byte("- hosts: etcd\n  tasks:\n  - shell: etcd\n")) {
		t.Error("a playbook with hosts: did not match")
	}
	if kind.Match("roles/x/tasks/main.yml", []byte("- name: x\n  debug: msg=etcd\n")) {
		t.Error("a task file without command/shell/environment matched")
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"string command with play environment",
			"- hosts: etcd\n  environment:\n    ETCD_NAME: n1\n    OTHER: x\n  tasks:\n  - name: run\n    ansible.builtin.shell: etcd --debug --log-output=stderr\n",
			`0 "etcd" partial=false
  env name "ETCD_NAME: n1"="n1"
  flag debug "--debug"=""
  flag log-output "--log-output=stderr"="stderr"
`},
		{"argv block list and cmd:",
			"- hosts: all\n  tasks:\n  - command:\n      argv:\n        - /usr/bin/etcd\n        - \"--name\"\n        - 'n1'\n  - command:\n      cmd: etcd --debug\n",
			`0 "/usr/bin/etcd" partial=false
  flag name "\"--name\"\n        - 'n1'"="n1"
0 "etcd" partial=false
  flag debug "--debug"=""
`},
		{"args: cmd with a Jinja value",
			"- hosts: all\n  tasks:\n  - shell:\n    args:\n      cmd: etcd --name {{ inventory_hostname }}\n",
			`0 "etcd" partial=false
  flag name "--name {{ inventory_hostname }}"="{{ inventory_hostname }}"
`},
		{"look-alikes: etcdctl, a debug module, a variable named like a flag",
			"- hosts: all\n  vars:\n    etcd_debug: true\n  tasks:\n  - command: etcdctl --debug get x\n  - debug: msg=\"etcd --debug\"\n  - command: [etcd-backup, --debug]\n",
			``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := kind.Parse("roles/etcd/tasks/main.yml", []byte(tc.src), schema(t))
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs[0])
			}
			if got := describe(tc.src, f); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestFlowArgv(t *testing.T) {
	src := "- hosts: all\n  tasks:\n  - command:\n      argv: [etcd, --debug, \"--name\", n1]\n"
	f, errs := kind.Parse("site.yml", []byte(src), schema(t))
	if len(errs) > 0 || len(f.Processes) != 1 {
		t.Fatalf("%v %v", errs, describe(src, f))
	}
	p := f.Processes[0]
	v := "a,b"
	for _, tc := range []struct {
		in   fact.Intent
		want string
	}{
		{fact.Intent{Kind: fact.Add, Process: p, Name: "initial-cluster", Value: &v}, `argv: [etcd, --debug, "--name", n1, "--initial-cluster=a,b"]`},
		{fact.Intent{Kind: fact.Remove, Setting: p.Settings[0]}, `argv: [etcd, "--name", n1]`},
		{fact.Intent{Kind: fact.Remove, Setting: p.Settings[1]}, `argv: [etcd, --debug]`},
		{fact.Intent{Kind: fact.Replace, Setting: p.Settings[1], Value: &v}, `argv: [etcd, --debug, "--name", "a,b"]`},
		{fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "log-level", Value: new("debug")}, `argv: [etcd, --log-level=debug, "--name", n1]`},
	} {
		got := kindtest.Render(t, src, p.Render, tc.in)
		if !strings.Contains(got, tc.want+"\n") {
			t.Errorf("intent %d: got %q, want line %q", tc.in.Kind, got, tc.want)
			continue
		}
		if _, errs := kind.Parse("site.yml", []byte(got), schema(t)); len(errs) > 0 {
			t.Errorf("fixed file does not parse: %v", errs[0])
		}
	}
}

func TestBlockArgvAdd(t *testing.T) {
	src := "- hosts: all\n  tasks:\n  - command:\n      argv:\n        - etcd\n        - --debug\n  - ping:\n"
	f, _ := kind.Parse("site.yml", []byte(src), schema(t))
	got := kindtest.Render(t, src, f.Processes[0].Render, fact.Intent{Kind: fact.Add, Process: f.Processes[0], Name: "logger", Value: new("zap")})
	if want := "        - --debug\n        - --logger=zap\n  - ping:\n"; !strings.HasSuffix(got, want) {
		t.Errorf("got %q", got)
	}
}

func TestEnvRender(t *testing.T) {
	src := "- hosts: all\n  tasks:\n  - shell: etcd\n    environment:\n      ETCD_LOG_OUTPUT: 'stderr'\n      ETCD_DEBUG: \"true\"\n"
	f, _ := kind.Parse("site.yml", []byte(src), schema(t))
	p := f.Processes[0]
	if len(p.Settings) != 2 {
		t.Fatal(describe(src, f))
	}
	got := kindtest.Render(t, src, p.Render, fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "log-outputs", Value: new("stderr,x")})
	if !strings.Contains(got, "      ETCD_LOG_OUTPUTS: 'stderr,x'\n") {
		t.Errorf("replace: %q", got)
	}
	got = kindtest.Render(t, src, p.Render, fact.Intent{Kind: fact.Remove, Setting: p.Settings[1]})
	if strings.Contains(got, "ETCD_DEBUG") || !strings.HasSuffix(got, "'stderr'\n") {
		t.Errorf("remove: %q", got)
	}
}

func TestMalformed(t *testing.T) {
	for _, src := range []string{
		"- hosts: all\n  tasks:\n  - shell: etcd\n   bad: [\n",
		"- hosts: all\n  tasks:\n  - shell: \"etcd --name 'x\n",
		"- hosts: all\n  tasks:\n  - shell: etcd --name \"unterminated\n",
		"- hosts: all\n  tasks: {{ tasks }}\n  - command: etcd\n",
	} {
		f, errs := kind.Parse("site.yml", []byte(src), schema(t))
		if f == nil {
			t.Errorf("%q: nil facts", src)
		}
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > len(src) {
				t.Errorf("%q: error offset %d out of range", src, e.Offset)
			}
		}
		if len(errs) == 0 && len(f.Processes) == 0 {
			t.Errorf("%q: neither facts nor an error", src)
		}
	}
}

// Ansible files are YAML as written, Jinja inside their strings: {% %}
// lines and multi-line {{ }} in block scalars, and a Jinja string holding
// "}}" inside a shell string, must read without errors (kubespray's etcd
// role). A file only valid once masked (an unquoted {{ }}) still reads.
func TestJinjaInBlockScalars(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"{% %} lines in a folded scalar", "- name: refresh\n  include_tasks: refresh_config.yml\n  vars:\n    peers: >-\n      {% for host in groups['etcd'] -%}\n        {%- if loop.last -%}\n          {{ etcd_member_name }}={{ etcd_peer_url }}\n        {%- endif -%}\n      {%- endfor -%}\n- shell: etcd --debug\n"},
		{"{% %} lines in a literal scalar", "- set_fact:\n    ca_cert_path: |-\n      {% if ansible_os_family == \"Debian\" -%}\n      /usr/local/share/ca-certificates/etcd-ca.crt\n      {%- endif %}\n- shell: etcd --debug\n"},
		{"a multi-line {{ }}", "- set_fact:\n    ansible_facts: >-\n      {{ ansible_facts | combine({\n           'os_family': 'RedHat'\n         }) }}\n- shell: etcd --debug\n"},
		{"a Jinja string with }} in a shell string", "- shell: \"{{ docker_bin_dir }}/docker ps --filter='name={{ n }}' --format='{{ '{{ .Image }}' }}'\"\n- shell: etcd --debug\n"},
		{"unquoted {{ }}, read masked", "- hosts: all\n  tasks:\n  - command: {{ app_bin }} --debug\n  - shell: etcd --debug\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := kind.Parse("roles/etcd/tasks/main.yml", []byte(tc.src), schema(t))
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs[0])
			}
			if n := len(f.Processes); n != 1 || len(f.Processes[0].Settings) != 1 {
				t.Errorf("processes: %s", describe(tc.src, f))
			}
		})
	}
}

// describeClients lists the invocations of f: program, operands, flags and
// environment as written, and the endpoints.
func describeClients(src string, f *fact.Facts) string {
	var b strings.Builder
	for _, v := range f.Invocations {
		fmt.Fprintf(&b, "%s %q", v.Program, src[v.ProgramSpan.Start:v.ProgramSpan.End])
		for _, o := range v.Operands {
			fmt.Fprintf(&b, " %s", o.Value)
		}
		for _, fl := range v.Flags {
			fmt.Fprintf(&b, " --%s=%s", fl.Name, fl.Value)
		}
		for _, e := range v.Env {
			fmt.Fprintf(&b, " [%s]", src[e.Span.Start:e.Span.End])
		}
		b.WriteString("\n")
	}
	for _, e := range f.Endpoints {
		fmt.Fprintf(&b, "endpoint %q %s\n", src[e.Span.Start:e.Span.End], e.Context)
	}
	return b.String()
}

func TestClients(t *testing.T) {
	src := `- hosts: etcd
  environment:
    ETCDCTL_ENDPOINTS: "https://10.0.0.1:2379,{{ more }}"
  tasks:
  - name: backup
    command: >-
      {{ bin_dir }}/etcdctl backup
        --data-dir {{ etcd_data_dir }}
        --backup-dir /backup
    environment:
      ETCDCTL_API: "2"
  - shell: "set -o pipefail && {{ bin_dir }}/etcdctl member list | grep -w {{ addr }}"
  - command:
      argv:
      - "{{ bin_dir }}/etcdctl"
      - member
      - remove
      - "{{ id }}"
  - shell: "ETCDCTL_API=3 etcdctl snapshot restore /tmp/s.db\n  --data-dir /var/lib/etcd"
  - debug: msg="etcdctl snapshot restore x"
  - command: "{{ etcdctl_bin }} get k"
`
	f, errs := kind.Parse("site.yml", []byte(src), schema(t))
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	// the command module splits a folded scalar's kept line breaks like
	// spaces; the shell module runs them as separate commands
	want := `etcdctl "{{ bin_dir }}/etcdctl" backup --data-dir={{ etcd_data_dir }} --backup-dir=/backup [ETCDCTL_ENDPOINTS: "https://10.0.0.1:2379,{{ more }}"] [ETCDCTL_API: "2"]
etcdctl "{{ bin_dir }}/etcdctl" member list [ETCDCTL_ENDPOINTS: "https://10.0.0.1:2379,{{ more }}"]
etcdctl "\"{{ bin_dir }}/etcdctl\"" member remove {{ id }} [ETCDCTL_ENDPOINTS: "https://10.0.0.1:2379,{{ more }}"]
etcdctl "etcdctl" snapshot restore /tmp/s.db [ETCDCTL_ENDPOINTS: "https://10.0.0.1:2379,{{ more }}"] [ETCDCTL_API=3]
etcdctl "{{ etcdctl_bin }}" get k [ETCDCTL_ENDPOINTS: "https://10.0.0.1:2379,{{ more }}"]
endpoint "https://10.0.0.1:2379" ETCDCTL_ENDPOINTS
`
	if got := describeClients(src, f); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A shell task's here-document writes a unit: its etcd is read, with
// spans in the playbook.
func TestHeredocInShellTask(t *testing.T) {
	src := "- name: unit\n  shell: |\n    cat > /etc/systemd/system/etcd.service <<EOF\n    [Service]\n    ExecStart=/usr/bin/etcd --debug\n    EOF\n"
	f, errs := kind.Parse("roles/etcd/tasks/main.yml", []byte(src), schema(t))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, p := range f.Processes {
		for _, s := range p.Settings {
			got = append(got, src[s.Span.Start:s.Span.End])
		}
	}
	if strings.Join(got, " ") != "--debug" {
		t.Errorf("settings %q, want the unit's --debug", got)
	}
}
