package textedit

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func apply(src string, e fact.Edit) string { return src[:e.Span.Start] + e.NewText + src[e.Span.End:] }

func TestRemoveLines(t *testing.T) {
	for _, tc := range []struct{ name, src, line, want string }{
		{"middle", "A=1\nB=2\nC=3\n", "B=2", "A=1\nC=3\n"},
		{"first", "A=1\nB=2\n", "A=1", "B=2\n"},
		{"last with newline", "A=1\nB=2\n", "B=2", "A=1\n"},
		{"last without newline keeps none", "A=1\nB=2", "B=2", "A=1"},
		{"CRLF without final newline", "A=1\r\nB=2", "B=2", "A=1"},
		{"CRLF middle", "A=1\r\nB=2\r\nC=3\r\n", "B=2", "A=1\r\nC=3\r\n"},
		{"only line", "A=1\n", "A=1", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.Index(tc.src, tc.line)
			if got := apply(tc.src, RemoveLines([]byte(tc.src), fact.Span{Start: i, End: i + len(tc.line)})); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestInsertLineAfter(t *testing.T) {
	for _, tc := range []struct{ name, src, after, want string }{
		{"middle", "A=1\nB=2\n", "A=1", "A=1\nX=9\nB=2\n"},
		{"end", "A=1\n", "A=1", "A=1\nX=9\n"},
		{"no final newline stays without", "A=1", "A=1", "A=1\nX=9"},
		{"CRLF", "A=1\r\nB=2\r\n", "B=2", "A=1\r\nB=2\r\nX=9\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.Index(tc.src, tc.after)
			if got := apply(tc.src, InsertLineAfter([]byte(tc.src), i, "X=9")); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRequote(t *testing.T) {
	for _, tc := range []struct{ old, value, want string }{
		{`"stderr"`, "zap", `"zap"`},
		{`'stderr'`, "zap", `'zap'`},
		{`stderr`, "zap", `zap`},
		{`stderr`, "a b", `"a b"`},
		{`stderr`, `$HOME "x"`, `"\$HOME \"x\""`},
		{`x`, "", `""`},
	} {
		if got := Requote(tc.old, tc.value); got != tc.want {
			t.Errorf("Requote(%q, %q) = %q, want %q", tc.old, tc.value, got, tc.want)
		}
	}
}

func TestNewline(t *testing.T) {
	if Newline([]byte("a\r\nb\n")) != "\r\n" || Newline([]byte("a\nb\r\n")) != "\n" || Newline(nil) != "\n" {
		t.Error("Newline follows the first line ending")
	}
}

func TestRemoveListItems(t *testing.T) {
	for _, tc := range []struct {
		name, src, items, want string
		ok                     bool
	}{
		{"middle takes the comma after", `["etcd", "--a",  "--b"]`, `"--a"`, `["etcd", "--b"]`, true},
		{"last takes the comma before", `["etcd",  "--a"]`, `"--a"`, `["etcd"]`, true},
		{"several", "A=1, B=2, C=3", "B=2, C=3", "A=1", true},
		{"only item", "[a]", "a", "[]", false},
		{"comma on another line", "[a,\n  b]", "b", "[a,\n  ]", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.Index(tc.src, tc.items)
			e, ok := RemoveListItems([]byte(tc.src), fact.Span{Start: i, End: i + len(tc.items)})
			if got := apply(tc.src, e); got != tc.want || ok != tc.ok {
				t.Errorf("got %q %v, want %q %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestLines(t *testing.T) {
	src := "a\r\nbb\n\nccc"
	var got []string
	for l := range Lines([]byte(src)) {
		got = append(got, string(l.Text)+"|"+src[l.Start:l.End]+"|"+src[l.Next:min(l.Next+1, len(src))])
	}
	want := []string{"a|a\r|b", "bb|bb|\n", "||c", "ccc|ccc|"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLowerASCIIKeepsOffsets(t *testing.T) {
	for _, src := range []string{"ETCD_VER=3.4", "00\xff\xff\x80 etcd", "\u212a ETCD \u0130x", ""} {
		got := LowerASCII([]byte(src))
		if len(got) != len(src) {
			t.Errorf("LowerASCII(%q) is %d bytes, want %d", src, len(got), len(src))
		}
		if !strings.Contains(string(got), strings.ToLower("ETCD")) && strings.Contains(src, "ETCD") {
			t.Errorf("LowerASCII(%q) = %q, want etcd in lower case", src, got)
		}
	}
}
