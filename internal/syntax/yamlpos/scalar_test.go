package yamlpos

import (
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// scalars returns every scalar node of src in document order.
func scalars(t *testing.T, src string) []*yaml.Node {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatalf("yaml: %v\n%s", err, src)
	}
	var out []*yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			out = append(out, n)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
	return out
}

// checkScalar checks the invariants every decoded scalar keeps: the value
// is yaml.v3's, verbatim bytes are the file's bytes, offsets never go back
// and stay inside Span.
func checkScalar(t *testing.T, src string, d *Doc, n *yaml.Node) *Scalar {
	t.Helper()
	sc, err := d.Scalar(n)
	if err != nil {
		t.Fatalf("%q: value %q: %v", src, n.Value, err)
	}
	if len(sc.Offsets) != len(sc.Value)+1 {
		t.Fatalf("%q: %d offsets for %d bytes", src, len(sc.Offsets), len(sc.Value))
	}
	prev := sc.Span.Start
	for i := range len(sc.Value) {
		o := sc.Offsets[i]
		// a block scalar's final line breaks and lines of blanks lie past
		// its last content line
		trailing := strings.TrimRight(sc.Value[i:], "\n \t") == ""
		if o < prev || o < sc.Span.Start || o >= sc.Span.End && !trailing {
			t.Fatalf("%q: byte %d of %q at %d, outside %v or before %d", src, i, sc.Value, o, sc.Span, prev)
		}
		prev = o
		if sc.Verbatim(i) && src[o] != sc.Value[i] {
			t.Fatalf("%q: byte %d of %q (%q) is verbatim but the file has %q", src, i, sc.Value, sc.Value[i], src[o])
		}
	}
	if !sc.Span.Contains(sc.Content) {
		t.Fatalf("%q: content %v outside span %v", src, sc.Content, sc.Span)
	}
	return sc
}

func TestScalarStyles(t *testing.T) {
	tests := []struct {
		name, src string
		value     string
		span      string // the text of Span
		content   string // the text of Content
	}{
		{"plain", "k: etcd --debug\n", "etcd --debug", "etcd --debug", "etcd --debug"},
		{"plain comment", "k: etcd --debug  # on\n", "etcd --debug", "etcd --debug", "etcd --debug"},
		{"plain multiline", "k: etcd\n  --a\n\n  --b\nx: 1\n", "etcd --a\n--b", "etcd\n  --a\n\n  --b", "etcd\n  --a\n\n  --b"},
		{"plain in flow", "k: [etcd, --debug]\n", "etcd", "etcd", "etcd"},
		{"plain crlf", "k: etcd\r\n  --a\r\n", "etcd --a", "etcd\r\n  --a", "etcd\r\n  --a"},
		{"double", `k: "etcd --name \"n1\" \t\u00e9"` + "\n", "etcd --name \"n1\" \t\u00e9", `"etcd --name \"n1\" \t\u00e9"`, `etcd --name \"n1\" \t\u00e9`},
		{"double folded", "k: \"etcd\n   --a  \n\n  --b\\\n  c\"\n", "etcd --a\n--bc", "\"etcd\n   --a  \n\n  --b\\\n  c\"", "etcd\n   --a  \n\n  --b\\\n  c"},
		{"double escaped space", "k: \"a \\\n  b\"\n", "a b", "\"a \\\n  b\"", "a \\\n  b"},
		{"single", "k: 'it''s etcd'\n", "it's etcd", "'it''s etcd'", "it''s etcd"},
		{"single multiline", "k: 'etcd\n  --a'\n", "etcd --a", "'etcd\n  --a'", "etcd\n  --a"},
		{"literal clip", "k: |\n  etcd \\\n    --a\n\nx: 1\n", "etcd \\\n  --a\n", "|\n  etcd \\\n    --a", "etcd \\\n    --a"},
		{"literal strip", "k: |-\n  a\n  b\n\n", "a\nb", "|-\n  a\n  b", "a\n  b"},
		{"literal keep", "k: |+\n  a\n\n\nx: 1\n", "a\n\n\n", "|+\n  a", "a"},
		{"literal indicator", "k:\n  j: |2\n      a\n    b\n", "  a\nb\n", "|2\n      a\n    b", "  a\n    b"},
		{"literal leading empty", "k: |\n\n  a\n", "\na\n", "|\n\n  a", "a"},
		{"literal crlf", "k: |\r\n  a\r\n  b\r\n", "a\nb\n", "|\r\n  a\r\n  b", "a\r\n  b"},
		{"literal no final newline", "k: |\n  a", "a", "|\n  a", "a"},
		{"literal comment header", "k: | # c\n  a\n", "a\n", "| # c\n  a", "a"},
		{"literal empty", "k: | # c\nx: 1\n", "", "|", ""},
		{"literal final blanks", "k: |\n  a\n     \nx: 1\n", "a\n   \n", "|\n  a", "a"},
		{"folded final blanks", "k: >-\n  zap\n          \nx: 1\n", "zap\n        ", ">-\n  zap", "zap"},
		{"folded", "k: >\n  etcd\n  --a\n\n  --b\n    more\n  --c\n", "etcd --a\n--b\n  more\n--c\n", ">\n  etcd\n  --a\n\n  --b\n    more\n  --c", "etcd\n  --a\n\n  --b\n    more\n  --c"},
		{"folded strip", "k: >-\n  a\n  b\n", "a b", ">-\n  a\n  b", "a\n  b"},
		{"in sequence", "- |\n  a\n- b\n", "a\n", "|\n  a", "a"},
		{"multibyte", "k: \"é\\u00e9 ünï\"\n", "éé ünï", "\"é\\u00e9 ünï\"", "é\\u00e9 ünï"},
		{"anchor and tag", "k: &a !!str 'x'\n", "x", "'x'", "x"},
		{"bom", "\ufeffk: v\n", "v", "v", "v"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New([]byte(tt.src))
			nodes := scalars(t, tt.src)
			var n *yaml.Node
			for _, c := range nodes {
				if c.Value == tt.value {
					n = c
				}
			}
			if n == nil {
				var got []string
				for _, c := range nodes {
					got = append(got, c.Value)
				}
				t.Fatalf("no scalar %q among %q", tt.value, got)
			}
			sc := checkScalar(t, tt.src, d, n)
			if got := tt.src[sc.Span.Start:sc.Span.End]; got != tt.span {
				t.Errorf("span %q, want %q", got, tt.span)
			}
			if got := tt.src[sc.Content.Start:sc.Content.End]; got != tt.content {
				t.Errorf("content %q, want %q", got, tt.content)
			}
		})
	}
}

func TestScalarOffsets(t *testing.T) {
	src := "a: \"x\\\"y\"\nb: |\n  p q\n"
	d := New([]byte(src))
	ns := scalars(t, src)
	sc := checkScalar(t, src, d, ns[1])
	// x at 4, \" at 5 (made), y at 7, one past at 8
	want := []int{4, 5, 7, 8}
	for i, w := range want {
		if sc.Offsets[i] != w {
			t.Errorf("double: offset %d = %d, want %d", i, sc.Offsets[i], w)
		}
	}
	if sc.Verbatim(1) || !sc.Verbatim(0) {
		t.Errorf("double: verbatim flags wrong")
	}
	sc = checkScalar(t, src, d, ns[3])
	// "p q\n": p at 17, space 18, q 19, \n 20, end 20 (the content ends at the line break)
	want = []int{17, 18, 19, 20, 20}
	for i, w := range want {
		if sc.Offsets[i] != w {
			t.Errorf("literal: offset %d = %d, want %d", i, sc.Offsets[i], w)
		}
	}
	if got := src[sc.Offsets[0]:sc.Offsets[3]]; got != "p q" {
		t.Errorf("literal: %q", got)
	}
}

// TestScalarCorpus decodes every scalar of documents mixing all styles and
// checks the invariants.
func TestScalarCorpus(t *testing.T) {
	docs := []string{
		"spec:\n  containers:\n  - name: etcd\n    command:\n    - /bin/sh\n    - -c\n    - |\n      exec etcd \\\n        --name \"$(HOSTNAME)\" \\\n        --debug\n    args: [\"--a\", '--b', --c]\n",
		"k: >+\n  a\n\n   b\n\n\n",
		"k: \"\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\\a\\b\\e\\f\\r\\v\\ \"\n",
		"- 'a\n\n  b'\n- \"a\n\n\n  b\"\n- plain\n  text\n\n  more\n",
		"k: |1\n  two\n x\n",
		"k: |\n \n  a\n   \n",
		"k:\n- - a\n  - b\n- {c: d, e: 'f'}\n",
		"k: a:b#c\nl: x # y\n",
		"k: >\n  a\n   b\n  c\n",
		"k: |-\n\n\n",
		"k: \"\"\nl: ''\nm:\n",
	}
	for _, src := range docs {
		d := New([]byte(src))
		for _, n := range scalars(t, src) {
			if n.Tag == "!!null" && n.Value == "" && n.Style == 0 {
				continue
			}
			checkScalar(t, src, d, n)
		}
	}
}

func TestScalarMismatch(t *testing.T) {
	src := "k: v\n"
	d := New([]byte(src))
	n := scalars(t, src)[1]
	n.Value = "other"
	if _, err := d.Scalar(n); err != ErrUnmapped {
		t.Fatalf("got %v, want ErrUnmapped", err)
	}
}

func TestSpan(t *testing.T) {
	src := "env:\n- name: ETCD_NAME\n  value: \"n1\"  # c\n- name: B\n  valueFrom: {fieldRef: {fieldPath: x}}\nargs: [a, 'b,c']\n"
	d := New([]byte(src))
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatal(err)
	}
	m := root.Content[0]
	env := m.Content[1]
	if got := src[d.Span(env.Content[0], false).Start:d.Span(env.Content[0], false).End]; got != "name: ETCD_NAME\n  value: \"n1\"" {
		t.Errorf("item 0: %q", got)
	}
	if sp := d.Span(env.Content[1], false); src[sp.Start:sp.End] != "name: B\n  valueFrom: {fieldRef: {fieldPath: x}}" {
		t.Errorf("item 1: %q", src[sp.Start:sp.End])
	}
	args := m.Content[3]
	if sp := d.Span(args, false); src[sp.Start:sp.End] != "[a, 'b,c']" {
		t.Errorf("flow: %q", src[sp.Start:sp.End])
	}
	if sp := d.KeySpan(env.Content[0].Content[0], false); src[sp.Start:sp.End] != "name" {
		t.Errorf("key: %q", src[sp.Start:sp.End])
	}
}

func TestQuoteEscape(t *testing.T) {
	if got := Quote(yaml.SingleQuotedStyle, "it's", false); got != "'it''s'" {
		t.Errorf("single: %s", got)
	}
	if got := Quote(0, "stderr", false); got != "stderr" {
		t.Errorf("plain: %s", got)
	}
	for _, v := range []string{"true", "3", "a: b", "", "-x", "x #y"} {
		if got := Quote(0, v, false); !strings.HasPrefix(got, `"`) {
			t.Errorf("plain %q not quoted: %s", v, got)
		}
	}
	if got, _ := Escape(yaml.DoubleQuotedStyle, `a"b\c`, false); got != `a\"b\\c` {
		t.Errorf("double: %s", got)
	}
	if _, err := Escape(yaml.FoldedStyle, "a\nb", false); err == nil {
		t.Error("folded accepted a line break")
	}
	if _, err := Escape(0, "x: y", false); err == nil {
		t.Error("plain accepted ': '")
	}
	if _, err := Escape(0, "a,b", true); err == nil {
		t.Error("flow plain accepted ','")
	}
}

func TestEmptyAfterProperties(t *testing.T) {
	for _, tt := range []struct{ src, before string }{
		{"a: !!str  # c\nb: 1\n", "a: !!str"},
		{"a: !!str\n# c\nb: 1\n", "a: !!str"},
		{"a: &x\nb: 1\n", "a: &x"},
		{"- !!null\n- b\n", "- !!null"},
	} {
		d := New([]byte(tt.src))
		var root yaml.Node
		if err := yaml.Unmarshal([]byte(tt.src), &root); err != nil {
			t.Fatal(err)
		}
		n := root.Content[0].Content[1]
		if n.Value != "" {
			n = root.Content[0].Content[0]
		}
		if sp := d.Span(n, false); sp.Start != len(tt.before) || sp.End != sp.Start {
			t.Errorf("%q: span %v, want empty at %d (after the properties)", tt.src, sp, len(tt.before))
		}
	}
	// properties before a value on the next line still lead to it
	src := "a: !!str\n  v\n"
	d := New([]byte(src))
	n := scalars(t, src)[1]
	if sp := d.Span(n, false); src[sp.Start:sp.End] != "v" {
		t.Errorf("%q: span %q", src, src[sp.Start:sp.End])
	}
}

func TestSyntaxError(t *testing.T) {
	for _, tt := range []struct {
		src    string
		offset int
		msg    string
	}{
		// parser errors: yaml.v3 prints the 0-based line of the context
		{"name: n1\ndata-dir: [a\nwal-dir: /w\n", 9, "invalid YAML: did not find expected ',' or ']'"},
		{"name: n1\ndata-dir:\n  - a\n  b: c\n", 19, "invalid YAML: did not find expected '-' indicator"},
		{"\uFEFF[a\n", 6, "invalid YAML: did not find expected ',' or ']'"},
		// scanner errors: the 1-based line
		{"name: n1\nlisten-client-urls: a: b\n", 9, "invalid YAML: mapping values are not allowed in this context"},
		{"name: n1\n\tdata-dir: /d\n", 9, "invalid YAML: found a tab character that violates indentation"},
		// no line: the first line, past a BOM
		{"\uFEFFa: \xff\n", 3, ""},
	} {
		var root yaml.Node
		err := yaml.Unmarshal([]byte(tt.src), &root)
		if err == nil {
			t.Fatalf("%q: no error", tt.src)
		}
		pe := New([]byte(tt.src)).SyntaxError(err)
		if pe.Offset != tt.offset || tt.msg != "" && pe.Msg != tt.msg || !strings.HasPrefix(pe.Msg, "invalid YAML: ") {
			t.Errorf("%q: %d %q, want %d %q", tt.src, pe.Offset, pe.Msg, tt.offset, tt.msg)
		}
	}
}

func TestPlainText(t *testing.T) {
	for _, tt := range []struct {
		v          string
		text, safe bool
	}{
		{"stderr", true, true},
		{"10000", true, false},
		{"true", true, false},
		{"off", true, false},
		{"~", true, false},
		{"a: b", false, false},
		{"-x", false, false},
		{"", false, false},
		{"a,b", true, true},
	} {
		if got := PlainText(tt.v, false); got != tt.text {
			t.Errorf("PlainText(%q) = %v", tt.v, got)
		}
		if got := PlainSafe(tt.v, false); got != tt.safe {
			t.Errorf("PlainSafe(%q) = %v", tt.v, got)
		}
	}
	if PlainText("a,b", true) {
		t.Error("PlainText accepted ',' in flow context")
	}
	if got := SingleQuote("it's"); got != "'it''s'" {
		t.Errorf("SingleQuote: %s", got)
	}
}
