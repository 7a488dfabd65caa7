package yamlcmd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/kinds/kindtest"
)

func TestCommands(t *testing.T) {
	src := `etcd:
  image: gcr.io/google_containers/etcd:2.2.1
  command: ['/usr/local/bin/etcd', '--addr=127.0.0.1:4001', '--debug']
script:
  - ETCDCTL_API=2 etcdctl set /a b
  - echo etcd --debug is prose here
description: run etcd --debug
- module: etcd
`
	src = strings.TrimSuffix(src, "- module: etcd\n") + "beats:\n  - module: etcd\n    metricsets: [\"leader\", \"metrics\", store]\n"
	f := Commands([]byte(src), kindtest.Schema{Bools: []string{"debug"}}, nil)
	var got []string
	for _, p := range f.Processes {
		for _, s := range p.Settings {
			got = append(got, fmt.Sprintf("%s %s", s.Surface, src[s.Span.Start:s.Span.End]))
		}
	}
	for _, v := range f.Invocations {
		got = append(got, "run "+src[v.ProgramSpan.Start:v.ProgramSpan.End])
	}
	for _, e := range f.Endpoints {
		got = append(got, "path "+e.Path+" at "+src[e.Span.Start:e.Span.End])
	}
	want := `flag '--addr=127.0.0.1:4001'
flag '--debug'
run etcdctl
path /v2/stats/leader at "leader"
path /v2/stats/store at store`
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("got:\n%s\nwant:\n%s", g, want)
	}
}
