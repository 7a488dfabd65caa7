package markdown_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds"
	"github.com/etcdlint/etcdlint/internal/kinds/markdown"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

type classifier struct{}

func (classifier) Classify(p string, src []byte) fact.Kind { return kinds.Classify(p, src) }

var kind = markdown.NewKind(classifier{})

func parse(t *testing.T, src string) (*fact.Facts, []*fact.ParseError) {
	t.Helper()
	c, err := rules.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return kind.Parse("README.md", []byte(src), c)
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

func TestBlocks(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"console prompts and output lines",
			"# x\n\n```console\n$ etcd --name a \\\n    --debug\n2024 I | etcdmain: --debug\n# etcd --name root\n```\n",
			`0 "etcd"
  name "--name a"="a"
  debug "--debug"=""
0 "etcd"
  name "--name root"="root"
`},
		{"tilde fence closed by a longer one, info string with attributes, a fence of the other kind inside a block",
			"~~~bash {.numberLines}\netcd --name a\n~~~~\n````sh\netcd --name inner\n~~~\n````\n",
			`0 "etcd"
  name "--name a"="a"
0 "etcd"
  name "--name inner"="inner"
`},
		{"unlabelled blocks only when they read like commands; other languages are skipped",
			"```\nThe etcd --debug flag\n```\n```\nsudo etcd --name b\n```\n```python\netcd --name c\n```\n",
			`0 "etcd"
  name "--name b"="b"
`},
		{"an indented yaml block in a list item",
			"- step one:\n\n  ```yaml\n  name: n1\n  logger: zap\n  log-outputs: [stderr]\n  ```\n",
			`2 "name"
  name "name: n1"="n1"
  logger "logger: zap"="zap"
  log-outputs "log-outputs: [stderr]"="stderr"
`},
		{"an unclosed fence reads nothing",
			"```sh\netcd --debug\n",
			``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := parse(t, tc.src)
			if len(errs) > 0 {
				t.Fatal(errs[0])
			}
			if got := describe(tc.src, f); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestAddInIndentedBlock(t *testing.T) {
	src := "1. Write the config:\n\n   ```yaml\n   name: n1\n   logger: zap\n   log-outputs: [stderr]\n   ```\n"
	f, _ := parse(t, src)
	if len(f.Processes) != 1 {
		t.Fatalf("%s", describe(src, f))
	}
	p := f.Processes[0]
	edits, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Add, Process: p, Name: "enable-grpc-gateway", Value: new("false")})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(edits, func(a, b fact.Edit) int { return b.Span.Start - a.Span.Start })
	got := src
	for _, e := range edits {
		got = got[:e.Span.Start] + e.NewText + got[e.Span.End:]
	}
	if want := "   log-outputs: [stderr]\n   enable-grpc-gateway: false\n   ```\n"; !strings.HasSuffix(got, want) {
		t.Fatalf("got %q", got)
	}
	if after, _ := parse(t, got); len(after.Processes) != 1 || !after.Processes[0].Has("enable-grpc-gateway") {
		t.Errorf("after the fix:\n%s", describe(got, after))
	}
}

func TestMalformed(t *testing.T) {
	for _, src := range []string{
		"```sh\netcd --name \"x\n```\n",
		"```yaml\nname: n1\ndata-dir: [\n```\n",
		"```console\n$ etcd $(\n```\n",
		"```\n```\n```",
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

// An unlabelled block that runs etcdctl is read like one that runs etcd.
func TestUnlabelledClientBlock(t *testing.T) {
	src := "Seed flannel:\n\n```\nsudo etcdctl \\\n--ca-file=\"/ca.crt\" \\\nset /coreos.com/network/config '{ \"Network\": \"10.5.0.0/16\" }'\n```\n"
	f, errs := parse(t, src)
	if len(errs) > 0 || len(f.Invocations) != 1 || f.Invocations[0].Program != "etcdctl" {
		t.Fatalf("got %+v %v", f.Invocations, errs)
	}
}

// Placeholders are values left to the reader, not redirections: the command
// around them is read, and the placeholder is a value nobody knows.
func TestPlaceholders(t *testing.T) {
	src := "```sh\netcdctl defrag --data-dir <path-to-etcd-data-dir>\netcdctl --endpoints http://<host IP>:2379 ls /\nsort <in >out\netcd --name <name> --debug\n```\n"
	f, errs := parse(t, src)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var got []string
	for _, v := range f.Invocations {
		cmd, _, _ := v.Command(1)
		var ops []string
		for _, o := range v.Operands {
			ops = append(ops, o.Value)
		}
		got = append(got, cmd+" "+strings.Join(ops, ","))
	}
	if g := strings.Join(got, "|"); !strings.HasPrefix(g, "defrag ") || !strings.Contains(g, "|ls ") {
		t.Errorf("invocations: %s", g)
	}
	if d := describe(src, f); !strings.Contains(d, `name "--name <name>"="$name_"`) || !strings.Contains(d, "debug") {
		t.Errorf("processes:\n%s", d)
	}
}

// An unlabelled block of curl runs is read as commands: the output line
// after the prompt is not.
func TestUnlabelledCurlBlock(t *testing.T) {
	src := "```\n$ curl -X PUT http://127.0.0.1:2379/v2/keys/message -d value=\"Hello\"\n{\"action\":\"set\"}\n```\n"
	f, errs := parse(t, src)
	if len(errs) > 0 || len(f.Endpoints) != 1 || f.Endpoints[0].Path != "/v2/keys/message" {
		t.Fatalf("got %+v %v", f.Endpoints, errs)
	}
}

// An indented code block (four spaces after a blank line) is an unlabelled
// block; text indented under a list item continues the item.
func TestIndentedBlocks(t *testing.T) {
	for src, want := range map[string]int{
		"Take a snapshot:\n\n    oc exec -it etcd-0 -- env ETCDCTL_API=3 /usr/bin/etcdctl -w table snapshot status /s.db\n    etcd --debug\n\nDone.\n": 2,
		"Steps:\n\n- restore the member:\n\n    etcdctl snapshot restore /s.db\n":                                                                      0,
		"Text right above\n    etcdctl snapshot status /s.db\n":                                                                                        0,
		"```\n    etcdctl snapshot status /s.db\n```\n":                                                                                                1,
		"Prose:\n\n    The etcdctl tool is described elsewhere.\n":                                                                                     0,
		"### Start\n    ./etcd --debug\n    ./etcdctl cluster-health\n":                                                                                2, // right below a heading
		"#hashtag\n    etcdctl snapshot status /s.db\n":                                                                                                0, // no heading: a paragraph
	} {
		f, errs := parse(t, src)
		if got := len(f.Invocations) + len(f.Processes); len(errs) > 0 || got != want {
			t.Errorf("%q: %d commands read, errors %v; want %d", src, got, errs, want)
		}
	}
}
