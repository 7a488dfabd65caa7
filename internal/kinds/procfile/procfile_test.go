package procfile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/procfile"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

func parse(t *testing.T, src string) (*fact.Facts, []*fact.ParseError) {
	t.Helper()
	c, err := rules.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return procfile.Kind.Parse("Procfile", []byte(src), c)
}

func describe(src string, f *fact.Facts) string {
	var b strings.Builder
	for _, p := range f.Processes {
		fmt.Fprintf(&b, "%q at %d\n", src[p.Anchor.Start:p.Anchor.End], p.Anchor.Start)
		for _, s := range p.Settings {
			fmt.Fprintf(&b, "  %s %q at %d\n", s.Name, src[s.Span.Start:s.Span.End], s.Span.Start)
		}
	}
	return b.String()
}

func TestMatch(t *testing.T) {
	for p, want := range map[string]bool{"Procfile": true, "deploy/Procfile.dev": true, "procfile": false, "Procfile-notes.md": false, "MyProcfile": false} {
		if got := procfile.Kind.Match(p, nil); got != want {
			t.Errorf("Match(%q) = %v", p, got)
		}
	}
}

func TestParse(t *testing.T) {
	src := "# members\r\netcd1: etcd --name infra1 --debug\r\n\r\netcd2:\tETCD_LOG_OUTPUT=stderr bin/etcd --name infra2\nctl: etcdctl --debug get x\nproxy: etcd-proxy --debug\nweb:\n:etcd --name nope\n"
	f, errs := parse(t, src)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	want := `"etcd" at 18
  name "--name infra1" at 23
  debug "--debug" at 37
"bin/etcd" at 78
  log-output "ETCD_LOG_OUTPUT=stderr" at 55
  name "--name infra2" at 87
`
	if got := describe(src, f); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestMalformed(t *testing.T) {
	for _, src := range []string{
		"etcd: etcd --name \"x\n",
		"etcd: etcd $(\nok: etcd --name b\n",
		"etcd: 'unterminated",
		":::\n",
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
	// a bad line does not hide the next one
	src := "bad: etcd --name \"x\ngood: etcd --name b\n"
	f, errs := parse(t, src)
	if len(errs) != 1 || errs[0].Offset < 5 || errs[0].Offset >= 20 || len(f.Processes) != 1 {
		t.Errorf("%v %s", errs, describe(src, f))
	}
}
