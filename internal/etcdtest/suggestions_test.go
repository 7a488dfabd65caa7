package etcdtest_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// suggestion is a "write …" of a finding message: a setting in the syntax
// of the surface the message speaks of.
var suggestion = regexp.MustCompile(`\bwrite (--[a-z0-9-]+=[^\s;()]+|ETCD_[A-Z0-9_]+=[^\s;()]+|[a-z0-9-]+(?:\.[a-z0-9-]+)?: [^;()]*?)(?: instead|,? with the binary swap| \(|;| \[[a-z0-9-]+\]$|$)`)

// TestSuggestionsBoot renders every setting a golden finding message tells
// the user to write and boots it on the etcd the case audits for: no
// message may suggest a text that the target refuses or warns about.
func TestSuggestionsBoot(t *testing.T) {
	skipShort(t)
	byTarget := map[string]map[string][]string{} // target → suggestion → where
	cases, err := filepath.Glob(filepath.Join(casesDir, "*", "want.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range cases {
		dir := filepath.Dir(want)
		args, _ := os.ReadFile(filepath.Join(dir, "args"))
		to := "3.5"
		if m := regexp.MustCompile(`--to[ =](\S+)`).FindSubmatch(args); m != nil {
			to = string(m[1])
		}
		text, err := os.ReadFile(want)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(text), "\n") {
			if strings.HasPrefix(line, " ") {
				continue // the quoted source and carets
			}
			for _, m := range suggestion.FindAllStringSubmatch(line, -1) {
				s := strings.TrimSpace(m[1])
				if strings.ContainsAny(s, "{$<") {
					continue // a template or a placeholder
				}
				if byTarget[to] == nil {
					byTarget[to] = map[string][]string{}
				}
				byTarget[to][s] = append(byTarget[to][s], filepath.Base(dir))
			}
		}
	}
	n := 0
	for _, s := range byTarget {
		n += len(s)
	}
	if n < 15 {
		t.Fatalf("%d suggestions found in the golden messages: the pattern is out of date", n)
	}
	t.Logf("%d suggestions", n)
	// the harness tells a refused text: the scalar form etcd cannot decode
	if r, err := sandbox.Boot(context.Background(), etcdtest.Binary(t, "3.5"), rendered("log-outputs: stderr"), sandbox.Options{}); err != nil || !refused(r) {
		t.Fatalf("log-outputs: stderr boots on 3.5 (%v): the harness cannot see a refused suggestion", err)
	}
	for to, suggestions := range byTarget {
		bin := etcdtest.Binary(t, to)
		baseline := baselineOf(t, bin)
		var wg sync.WaitGroup
		for _, s := range slices.Sorted(maps.Keys(suggestions)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := sandbox.Boot(context.Background(), bin, rendered(s), sandbox.Options{Baseline: baseline})
				if err != nil {
					t.Error(err)
					return
				}
				t.Logf("etcd %s: %q %s", to, s, r.Outcome)
				if refused(r) {
					t.Errorf("etcd %s on %q (suggested in %s): %s %s %v", to, s, strings.Join(slices.Compact(suggestions[s]), ", "), r.Outcome, r.Reason, r.Warnings)
				}
			}()
		}
		wg.Wait()
	}
}

// refused reports a boot that fails, or warns that the text is deprecated
// or unknown. Other warnings are the settings' own (a lease checkpoint
// without persistence), kept from what the user wrote.
func refused(r *sandbox.Report) bool {
	return r.Outcome == sandbox.Failed || slices.ContainsFunc(r.Warnings, func(w string) bool {
		w = strings.ToLower(w)
		return strings.Contains(w, "deprecated") || strings.Contains(w, "unrecognized") || strings.Contains(w, "unknown")
	})
}

// rendered is the invocation of one suggested setting: a flag, a variable,
// or a config file with the key (a dotted key is a key of a section).
func rendered(s string) *sandbox.Invocation {
	switch {
	case strings.HasPrefix(s, "--"):
		return etcdtest.Flags(s)
	case strings.HasPrefix(s, "ETCD_"):
		name, value, _ := strings.Cut(s, "=")
		flag, _ := fact.FlagFromEnv(name)
		return &sandbox.Invocation{Settings: []sandbox.Setting{{Surface: fact.Env, Name: flag, Raw: name, Value: value, HasValue: true}}}
	}
	key, value, _ := strings.Cut(s, ": ")
	config := key + ": " + value + "\n"
	if section, sub, ok := strings.Cut(key, "."); ok {
		config = section + ":\n  " + sub + ": " + value + "\n"
	}
	return &sandbox.Invocation{Config: []byte(config)}
}
