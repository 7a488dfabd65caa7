package jsonpos

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestStringOffsets(t *testing.T) {
	src := `{"k": "a\nb\"c\u0026d\ud83d\ude00e"}`
	root, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s, ok := String([]byte(src), root.Get("k"))
	if !ok {
		t.Fatal("not decoded")
	}
	var want string
	_ = json.Unmarshal([]byte(src[6:len(src)-1]), &want)
	if s.Value != want {
		t.Fatalf("value %q, want %q", s.Value, want)
	}
	a := 7 // the 'a'
	wantOffs := []int{a, a + 1, a + 3, a + 4, a + 6, a + 7, a + 13, a + 14, a + 14, a + 14, a + 14, a + 26, a + 27}
	if !slices.Equal(s.Offsets, wantOffs) {
		t.Errorf("offsets %v, want %v", s.Offsets, wantOffs)
	}
	if src[s.Offsets[len(s.Value)]] != '"' {
		t.Errorf("one past the end is not the closing quote")
	}
	if !s.Escaped[1] || s.Escaped[2] || !s.Escaped[7] || s.Escaped[11] {
		t.Errorf("escaped %v", s.Escaped)
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, text := range []string{"a\nb", `say "hi" \ bye`, "tab\there\r\n", "\x01\x7f", "é & <x> 😀"} {
		var got string
		if err := json.Unmarshal([]byte(`"`+Escape(text)+`"`), &got); err != nil || got != text {
			t.Errorf("%q: escaped %q reads back %q (%v)", text, Escape(text), got, err)
		}
	}
}

func TestBadJSON(t *testing.T) {
	for _, src := range []string{`{"a": [`, `{"a": "x\`, `{"a" 1}`, `[1,]`, `{} x`, "\"a\nb\"", ``} {
		_, err := Parse([]byte(src))
		if err == nil || err.Offset < 0 || err.Offset > len(src) {
			t.Errorf("%q: error %v", src, err)
		}
	}
	for _, src := range []string{`"\x"`, `"\u12"`, `"\uzzzz"`} {
		v, err := Parse([]byte(src))
		if err != nil {
			continue
		}
		if _, ok := String([]byte(src), v); ok {
			t.Errorf("%s: a bad escape decoded", src)
		}
	}
}
