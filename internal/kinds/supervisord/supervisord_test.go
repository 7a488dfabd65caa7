package supervisord_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/internal/kinds/supervisord"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

func parse(t *testing.T, src string) (*fact.Facts, []*fact.ParseError) {
	t.Helper()
	c, err := rules.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return supervisord.Kind.Parse("etcd.conf", []byte(src), c)
}

func describe(src string, f *fact.Facts) string {
	var b strings.Builder
	for _, p := range f.Processes {
		fmt.Fprintf(&b, "%d %q\n", p.Form, src[p.Anchor.Start:p.Anchor.End])
		for _, s := range p.Settings {
			fmt.Fprintf(&b, "  %s %q=%q\n", s.Name, src[s.Span.Start:s.Span.End], s.Value)
		}
	}
	return b.String()
}

func TestMatch(t *testing.T) {
	if !supervisord.Kind.Match("x.ini", []byte("[supervisord]\n[program:etcd]\ncommand=etcd\n")) {
		t.Error("program section not matched")
	}
	for _, src := range []string{"[group:etcd]\nprograms=a\n", "[programs:etcd]\n", "; [program:etcd]\n"} {
		if supervisord.Kind.Match("x.ini", []byte(src)) {
			t.Errorf("%q matched", src)
		}
	}
}

const conf = "[program:etcd]\ncommand = /usr/bin/etcd --name %(program_name)s --debug\nenvironment=ETCD_LOG_OUTPUT=\"stderr,x\",HOME=\"/root\", ETCD_DATA_DIR='/var/lib/etcd'\n\n[program:web]\ncommand=web --debug\nenvironment=ETCD_NAME=x\n\n[eventlistener:etcd]\ncommand=etcd --debug\n"

func TestParse(t *testing.T) {
	f, errs := parse(t, conf)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	want := `0 "/usr/bin/etcd"
  log-output "ETCD_LOG_OUTPUT=\"stderr,x\""="stderr,x"
  data-dir "ETCD_DATA_DIR='/var/lib/etcd'"="/var/lib/etcd"
  name "--name %(program_name)s"="{{program_name}}"
  debug "--debug"=""
1 "ETCD_NAME=x"
  name "ETCD_NAME=x"="x"
`
	if got := describe(conf, f); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// supervisord expands %(program_name)s: the value is not as written
	if s := f.Processes[0].Settings[2]; !s.Templated {
		t.Errorf("%s is not templated", s.Raw)
	}
}

func TestRender(t *testing.T) {
	f, _ := parse(t, conf)
	p := f.Processes[0]
	got := kindtest.Render(t, conf, p.Render, fact.Intent{Kind: fact.Remove, Setting: p.Settings[0]})
	if !strings.Contains(got, "\nenvironment=HOME=\"/root\", ETCD_DATA_DIR='/var/lib/etcd'\n") {
		t.Errorf("remove first: %q", got)
	}
	got = kindtest.Render(t, conf, p.Render, fact.Intent{Kind: fact.Remove, Setting: p.Settings[1]})
	if !strings.Contains(got, "\nenvironment=ETCD_LOG_OUTPUT=\"stderr,x\",HOME=\"/root\"\n") {
		t.Errorf("remove last: %q", got)
	}
	got = kindtest.Render(t, conf, p.Render, fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "log-outputs", Value: new("stderr")})
	if !strings.Contains(got, "environment=ETCD_LOG_OUTPUTS=\"stderr\",HOME") {
		t.Errorf("replace: %q", got)
	}
	got = kindtest.Render(t, conf, p.Render, fact.Intent{Kind: fact.Remove, Setting: p.Settings[3]})
	if !strings.Contains(got, "command = /usr/bin/etcd --name %(program_name)s\n") {
		t.Errorf("remove flag: %q", got)
	}
	// the only variable of an env-only program: its line goes
	q := f.Processes[1]
	got = kindtest.Render(t, conf, q.Render, fact.Intent{Kind: fact.Remove, Setting: q.Settings[0]})
	if strings.Contains(got, "ETCD_NAME") || !strings.Contains(got, "command=web --debug\n\n[eventlistener") {
		t.Errorf("remove only: %q", got)
	}
}

func TestMalformed(t *testing.T) {
	for _, src := range []string{
		"[program:etcd]\ncommand=etcd --name \"x\n",
		"[program:etcd]\nenvironment=ETCD_NAME=\"unterminated,ETCD_X=1\n",
		"[program:etcd]\nno equals sign\ncommand\n=\n",
		"[program:etcd",
	} {
		f, errs := parse(t, src)
		if f == nil {
			t.Fatalf("%q: nil facts", src)
		}
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > len(src) {
				t.Errorf("%q: offset %d", src, e.Offset)
			}
		}
	}
}
