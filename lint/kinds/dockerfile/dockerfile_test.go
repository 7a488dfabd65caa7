package dockerfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

type schema struct{}

func (schema) IsBool(f string) bool       { return f == "debug" }
func (schema) FlagForKey(k string) string { return k }
func (schema) FlagForEnv(e string) string { f, _ := fact.FlagFromEnv(e); return f }

func describe(src string) string {
	f, errs := Kind.Parse("Dockerfile", []byte(src), schema{})
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "error %d %s\n", e.Offset, e.Msg)
	}
	for _, p := range f.Processes {
		fmt.Fprintf(&b, "%d %q partial=%v\n", p.Form, src[p.Anchor.Start:p.Anchor.End], p.Partial)
		for _, s := range p.Settings {
			fmt.Fprintf(&b, "  %s %s %q name=%q value=%q(%q)\n", s.Surface, s.Name, src[s.Span.Start:s.Span.End], src[s.NameSpan.Start:s.NameSpan.End], src[s.ValueSpan.Start:s.ValueSpan.End], s.Value)
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"exec form with escapes, ENTRYPOINT and CMD combined, both ENV forms",
			"FROM x\nENV ETCD_NAME=\"n 1\" OTHER=1\nENV ETCD_LOG_OUTPUT stderr\nENTRYPOINT [\"/usr/local/bin/etcd\"]\nCMD [\"--initial-cluster-token=a\\u0062\", \"--log-package-levels\", \\\n  \"x=DEBUG\", \"--debug\"]\n",
			`0 "\"/usr/local/bin/etcd\"" partial=false
  env name "ETCD_NAME=\"n 1\"" name="ETCD_NAME" value="\"n 1\""("n 1")
  env log-output "ETCD_LOG_OUTPUT stderr" name="ETCD_LOG_OUTPUT" value="stderr"("stderr")
  flag initial-cluster-token "\"--initial-cluster-token=a\\u0062\"" name="initial-cluster-token" value="a\\u0062"("ab")
  flag log-package-levels "\"--log-package-levels\", \\\n  \"x=DEBUG\"" name="log-package-levels" value="\"x=DEBUG\""("x=DEBUG")
  flag debug "\"--debug\"" name="debug" value=""("")
`},
		{"shell form with continuation, a later CMD wins, RUN etcd --version is not a server",
			"FROM x\nRUN etcd --version\nCMD etcd --debug\nCMD exec etcd \\\n  --name=a\n",
			`0 "etcd" partial=false
  flag name "--name=a" name="name" value="a"("a")
`},
		{"backtick escape, env only with a script command",
			"# escape=`\nFROM x\nENV ETCD_DEBUG=true `\n    ETCD_NAME=n\nCMD [\"/entrypoint.sh\"]\n",
			`1 "ETCD_DEBUG=true" partial=true
  env debug "ETCD_DEBUG=true" name="ETCD_DEBUG" value="true"("true")
  env name "ETCD_NAME=n" name="ETCD_NAME" value="n"("n")
`},
		{"sh -c in exec form and tini", "FROM x\nENTRYPOINT [\"tini\", \"--\", \"/bin/sh\", \"-c\", \"exec etcd --debug\"]\n",
			`0 "etcd" partial=false
  flag debug "--debug" name="debug" value=""("")
`},
	} {
		if got := describe(tc.src); got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
	}
}

func TestRemoveItems(t *testing.T) {
	src := `CMD ["etcd", "--a", "--b", "v", "--c"]`
	cut := func(s string) string {
		i := strings.Index(src, s)
		e := removeItems([]byte(src), fact.Span{Start: i, End: i + len(s)})
		return src[:e.Span.Start] + e.NewText + src[e.Span.End:]
	}
	if got := cut(`"--b", "v"`); got != `CMD ["etcd", "--a", "--c"]` {
		t.Error(got)
	}
	if got := cut(`"--c"`); got != `CMD ["etcd", "--a", "--b", "v"]` {
		t.Error(got)
	}
}
