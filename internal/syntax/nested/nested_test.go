package nested

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// seen is a kind that records the text it was given and reports one
// setting where the text says "X", with a renderer that replaces it.
type seen struct{ got *[]string }

func (seen) Name() string              { return "seen" }
func (seen) Match(string, []byte) bool { return true }
func (s seen) Parse(_ string, src []byte, _ fact.Schema) (*fact.Facts, []*fact.ParseError) {
	*s.got = append(*s.got, string(src))
	f := &fact.Facts{}
	if i := strings.IndexByte(string(src), 'X'); i >= 0 {
		p := &fact.Process{Render: replacer{}}
		p.Settings = []*fact.Setting{{Name: "x", Span: fact.Span{Start: i, End: i + 1}, Process: p}}
		f.Processes = []*fact.Process{p}
	}
	return f, nil
}

type replacer struct{}

func (replacer) Render(_ []byte, in fact.Intent) ([]fact.Edit, error) {
	return []fact.Edit{{Span: in.Setting.Span, NewText: "Y"}}, nil
}

// Each part is parsed from the start of its first line to its end, not
// over the whole file, and its spans and edits land where it is in the file.
func TestParseWindow(t *testing.T) {
	src := "head\n" + strings.Repeat("filler line\n", 100) + "in: a X b\ntail\n"
	at := strings.Index(src, "a X b")
	var got []string
	var facts fact.Facts
	Parse(&facts, seen{&got}, "part", []byte(src), nil, fact.Span{Start: at, End: at + 5})
	if len(got) != 1 || got[0] != "    a X b" {
		t.Fatalf("the kind was given %q", got)
	}
	s := facts.Processes[0].Settings[0]
	if src[s.Span.Start:s.Span.End] != "X" {
		t.Fatalf("span %v covers %q", s.Span, src[s.Span.Start:s.Span.End])
	}
	edits, err := facts.Processes[0].Render.Render([]byte(src), fact.Intent{Kind: fact.Replace, Setting: s})
	if err != nil || len(edits) != 1 || edits[0].Span != s.Span || edits[0].NewText != "Y" {
		t.Errorf("edits %+v, %v", edits, err)
	}
}

// Every kind of fact comes back, in the file's offsets: the client
// variables a block exports too.
func TestParseKeepsClientEnv(t *testing.T) {
	src := "# run\n```sh\nexport ETCDCTL_API=2\netcdctl ls /\n```\n"
	start := strings.Index(src, "export")
	var facts fact.Facts
	Parse(&facts, envKind{}, "block.sh", []byte(src), nil, fact.Span{Start: start, End: strings.Index(src, "```\n")})
	if len(facts.ClientEnv) != 1 || src[facts.ClientEnv[0].Span.Start:facts.ClientEnv[0].Span.End] != "ETCDCTL_API=2" {
		t.Fatalf("client env %+v", facts.ClientEnv)
	}
}

// envKind reports the first NAME=value of its text as a client variable.
type envKind struct{}

func (envKind) Name() string              { return "env" }
func (envKind) Match(string, []byte) bool { return true }
func (envKind) Parse(_ string, src []byte, _ fact.Schema) (*fact.Facts, []*fact.ParseError) {
	i := strings.Index(string(src), "ETCDCTL_API=2")
	return &fact.Facts{ClientEnv: []fact.EnvVar{{Name: "ETCDCTL_API", Value: "2", Span: fact.Span{Start: i, End: i + len("ETCDCTL_API=2")}}}}, nil
}
