package fastre

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNeeded(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{`(?m)^services:[ \t]*\r?$`, []string{"services:"}},
		{`(?m)^[ \t]*-?[ \t]*(expr|alert|record):`, []string{"expr:", "alert:", "record:"}},
		{`(?m)^[ \t]*(?:initC|c)ontainers:[ \t]*\r?$`, []string{"initContainers:", "containers:"}},
		{`(?m)^(?:- |  )?kind:[ \t]*["']?[A-Z]`, []string{"kind:"}},
		{`\bETCD_[A-Z]|^etcd:`, []string{"ETCD_", "etcd:"}},
		{`(?i)etcd`, nil},   // case folded: no plain word
		{`a(?:bc)?d`, nil},  // too short
		{`(?:etcd)*x`, nil}, // may be absent
		{`(?:etcd|x)yz`, []string{"etcdyz", "xyz"}},
		{`(?:etcd|x)y`, nil}, // one branch too short
		{`(?:etcd){2,}`, []string{"etcd"}},
		{`etcd|`, nil}, // the empty branch matches anything
	} {
		var got []string
		for _, w := range MustCompile(tc.pattern).needed {
			got = append(got, string(w))
		}
		if !cmp.Equal(got, tc.want) {
			t.Errorf("%s: needed %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

// The word check must never turn a match away: every search equals
// regexp's on random texts built from the patterns' own words.
func TestSameAsRegexp(t *testing.T) {
	patterns := []string{
		`(?m)^services:[ \t]*\r?$`,
		`(?m)^[ \t]*-?[ \t]*(expr|alert|record):`,
		`(?m)^[ \t]*(?:initC|c)ontainers:[ \t]*\r?$`,
		`(?m)^(?:- |  )?kind:[ \t]*["']?[A-Z]`,
		`\bETCD_[A-Z]|^etcd:`,
		`(?m)(^|[\s{,(])(["']?etcd["']?[ \t]*(?:=|:)[ \t]*["']?(v?[0-9]+\.[0-9]+\.[0-9]+)["']?)`,
		`(?m)^(?:- |  )?(kind|etcd):[ \t]*(["']?)(\w*)["']?`,
		`(?m)(?:ETCD_X|etcd)\b[^\n]*?(3\.5\.1|v3\.4\.0)?$`,
		`(?m)x?$`,
	}
	pieces := []string{"services:", "expr:", "alert", "record:", "containers:", "initContainers:", "kind:", " Pod",
		"ETCD_X", "etcd:", "etcd", "=", " ", "\t", "\n", "\r\n", "- ", "  ", "3.5.1", "v3.4.0", "'", `"`, "x"}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range patterns {
		fast, plain := MustCompile(p), regexp.MustCompile(p)
		for range 3000 {
			var b []byte
			for range rng.IntN(12) {
				b = append(b, pieces[rng.IntN(len(pieces))]...)
			}
			if fast.Match(b) != plain.Match(b) ||
				!slices.Equal(fast.FindIndex(b), plain.FindIndex(b)) ||
				!slices.Equal(fast.FindSubmatchIndex(b), plain.FindSubmatchIndex(b)) ||
				!cmp.Equal(fast.FindAllIndex(b, -1), plain.FindAllIndex(b, -1)) ||
				!cmp.Equal(fast.FindAllSubmatchIndex(b, -1), plain.FindAllSubmatchIndex(b, -1)) {
				t.Fatalf("%s on %q: fastre and regexp differ", p, b)
			}
		}
	}
}

func TestOneLine(t *testing.T) {
	for pattern, want := range map[string]bool{
		`(?m)^services:[ \t]*\r?$`:             true,
		`(?m)^(?:- |  )?kind:[^\n]*\bPod\b`:    true,
		`(?m)^[ \t]*etcd:\s+version`:           false, // \s takes a line break
		`(?m)^systemd:[ \t]*\r?\n[ \t]+units:`: false,
		`^services:`:                           false, // the text's start, not a line's
		`services:.*\z`:                        false,
		`(?s)services:.*x`:                     false,
	} {
		if got := MustCompile(pattern).oneLine; got != want {
			t.Errorf("%s: oneLine %v, want %v", pattern, got, want)
		}
	}
}
