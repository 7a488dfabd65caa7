package dockerfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var testSchema = kindtest.Schema{Bools: []string{"debug"}}

func describe(src string) string {
	f, errs := Kind.Parse("Dockerfile", []byte(src), testSchema)
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
		e, _ := textedit.RemoveListItems([]byte(src), fact.Span{Start: i, End: i + len(s)})
		return src[:e.Span.Start] + e.NewText + src[e.Span.End:]
	}
	if got := cut(`"--b", "v"`); got != `CMD ["etcd", "--a", "--c"]` {
		t.Error(got)
	}
	if got := cut(`"--c"`); got != `CMD ["etcd", "--a", "--b", "v"]` {
		t.Error(got)
	}
}

// apply renders intent on the setting raw of the file's first process with
// one, and applies the edits.
func apply(t *testing.T, src, raw string, in fact.Intent) string {
	t.Helper()
	f, errs := Kind.Parse("Dockerfile", []byte(src), testSchema)
	if len(errs) > 0 {
		t.Fatal(errs[0].Msg)
	}
	for _, p := range f.Processes {
		for _, s := range p.Settings {
			if s.Raw != raw {
				continue
			}
			in.Setting = s
			edits, err := p.Render.Render([]byte(src), in)
			if err != nil {
				t.Fatal(err)
			}
			out := src
			for i := len(edits) - 1; i >= 0; i-- {
				e := edits[i]
				out = out[:e.Span.Start] + e.NewText + out[e.Span.End:]
			}
			return out
		}
	}
	t.Fatalf("no setting %s in %q", raw, src)
	return ""
}

func TestRemoveEnv(t *testing.T) {
	for _, tc := range []struct{ name, src, raw, want string }{
		{"first pair of a continued ENV",
			"FROM x\nENV ETCD_DEBUG=true \\\n    ETCD_NAME=n\nCMD [\"etcd\"]\n", "ETCD_DEBUG",
			"FROM x\nENV ETCD_NAME=n\nCMD [\"etcd\"]\n"},
		{"first pair, CRLF",
			"FROM x\r\nENV ETCD_DEBUG=true \\\r\n    ETCD_NAME=n\r\nCMD [\"etcd\"]\r\n", "ETCD_DEBUG",
			"FROM x\r\nENV ETCD_NAME=n\r\nCMD [\"etcd\"]\r\n"},
		{"first pair, backtick escape",
			"# escape=`\nFROM x\nENV ETCD_DEBUG=true `\n    ETCD_NAME=n\nCMD [\"etcd\"]\n", "ETCD_DEBUG",
			"# escape=`\nFROM x\nENV ETCD_NAME=n\nCMD [\"etcd\"]\n"},
		{"a pair alone on a continuation line",
			"FROM x\nENV ETCD_NAME=n \\\n    ETCD_DEBUG=true \\\n    ETCD_X=1\nCMD [\"etcd\"]\n", "ETCD_DEBUG",
			"FROM x\nENV ETCD_NAME=n \\\n    ETCD_X=1\nCMD [\"etcd\"]\n"},
		{"the last continuation line",
			"FROM x\nENV ETCD_NAME=n \\\n    ETCD_DEBUG=true\nCMD [\"etcd\"]\n", "ETCD_DEBUG",
			"FROM x\nENV ETCD_NAME=n\nCMD [\"etcd\"]\n"},
		{"first of two on one line",
			"FROM x\nENV ETCD_DEBUG=true ETCD_NAME=n\nCMD [\"etcd\"]\n", "ETCD_DEBUG",
			"FROM x\nENV ETCD_NAME=n\nCMD [\"etcd\"]\n"},
		{"the only pair",
			"FROM x\nENV ETCD_DEBUG=true\nCMD [\"etcd\"]\n", "ETCD_DEBUG",
			"FROM x\nCMD [\"etcd\"]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := apply(t, tc.src, tc.raw, fact.Intent{Kind: fact.Remove})
			if got != tc.want {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
			if d := describe(got); strings.Contains(d, tc.raw) || strings.Contains(d, "error") {
				t.Errorf("after the fix:\n%s", d)
			}
		})
	}
}

func TestAddEnvIndented(t *testing.T) {
	// a Dockerfile indented in a Markdown list item, CMD a script: the
	// variables alone form the process
	src := "  FROM x\n  ENV ETCD_NAME=n\n  CMD [\"/run.sh\"]\n"
	f, _ := Kind.Parse("Dockerfile", []byte(src), testSchema)
	v := "zap"
	edits, err := f.Processes[0].Render.Render([]byte(src), fact.Intent{Kind: fact.Add, Process: f.Processes[0], Name: "logger", Value: &v})
	if err != nil || len(edits) != 1 || edits[0].NewText != "  ENV ETCD_LOGGER=zap\n" {
		t.Fatalf("%v %v", edits, err)
	}
}

func TestStages(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a stage built FROM a named stage inherits its ENV and CMD",
			"FROM alpine AS base\nENV ETCD_DEBUG=true\nCMD [\"etcd\", \"--name=a\"]\nFROM --platform=$BUILDPLATFORM BASE\nENV ETCD_LOGGER=capnslog\n",
			`0 "\"etcd\"" partial=false
  env debug "ETCD_DEBUG=true" name="ETCD_DEBUG" value="true"("true")
  env logger "ETCD_LOGGER=capnslog" name="ETCD_LOGGER" value="capnslog"("capnslog")
  flag name "\"--name=a\"" name="name" value="a"("a")
`},
		{"an own ENTRYPOINT resets the inherited CMD",
			"FROM x AS base\nCMD [\"--debug\"]\nFROM base\nENTRYPOINT [\"etcd\"]\n",
			`0 "\"etcd\"" partial=false
`},
		{"a second stage from the same base is partial",
			"FROM x AS base\nENV ETCD_DEBUG=true\nFROM base AS one\nCMD [\"etcd\"]\nFROM base AS two\nCMD [\"etcd\", \"--name=b\"]\n",
			`0 "\"etcd\"" partial=false
  env debug "ETCD_DEBUG=true" name="ETCD_DEBUG" value="true"("true")
0 "\"etcd\"" partial=true
  flag name "\"--name=b\"" name="name" value="b"("b")
`},
		{"an image named like no stage inherits nothing",
			"FROM x AS builder\nENV ETCD_DEBUG=true\nFROM gcr.io/distroless/base\nCMD [\"etcd\"]\n",
			`1 "ETCD_DEBUG=true" partial=true
  env debug "ETCD_DEBUG=true" name="ETCD_DEBUG" value="true"("true")
0 "\"etcd\"" partial=false
`},
	} {
		if got := describe(tc.src); got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
	}
}
