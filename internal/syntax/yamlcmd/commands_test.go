package yamlcmd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
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

func TestDatadogLegacyCheck(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"legacy mode of the etcd check", "instances:\n  - url: https://etcd-0:2379\n    use_preview: false\n", "/v2/stats/self at false"},
		{"a word Datadog reads as false", "instances:\n  - url: http://my-etcd.local\n    use_preview: \"no\"\n", "/v2/stats/self at \"no\""},
		{"the default mode reads /metrics", "instances:\n  - url: https://etcd-0:2379\n    use_preview: true\n", ""},
		{"another check's instance", "instances:\n  - url: http://consul:8500\n    use_preview: false\n", ""},
		{"no url: the legacy mode cannot run", "instances:\n  - prometheus_url: https://etcd-0:2379/metrics\n    use_preview: false\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Commands([]byte(tc.src), kindtest.Schema{}, nil)
			var got []string
			for _, e := range f.Endpoints {
				got = append(got, e.Path+" at "+tc.src[e.Span.Start:e.Span.End])
			}
			if g := strings.Join(got, ", "); g != tc.want {
				t.Errorf("got %q, want %q", g, tc.want)
			}
		})
	}
}
