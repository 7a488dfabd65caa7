package etcdtest_test

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/rules"
)

// helpFlag is a flag as --help lists it: "  --name 'default'".
var helpFlag = regexp.MustCompile(`(?m)^\s+--([a-z0-9-]+)`)

// helpFlags lists the flags an etcd binary's --help names.
func helpFlags(t *testing.T, bin string) map[string]bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "--help")
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // the exit status of --help differs between releases
	flags := map[string]bool{}
	for _, m := range helpFlag.FindAllStringSubmatch(out.String(), -1) {
		flags[m[1]] = true
	}
	if len(flags) < 50 {
		t.Fatalf("%s --help names %d flags:\n%s", bin, len(flags), out.String())
	}
	return flags
}

// TestFlagsGoneIn37 checks section E1 of the facts on the real binaries
// (3.6.14 and the 3.7 release internal/etcdbin/v3.7 pins): the flags 3.7
// drops are the 23 experimental-* flags 3.6 deprecates, each with a
// successor 3.6 already accepts (so the fix of a 3.6 -> 3.7 audit can ship
// before the swap), and 3.7 adds no flag. The day a 3.7 patch release
// changes its flags, this says which.
func TestFlagsGoneIn37(t *testing.T) {
	skipShort(t)
	f36 := helpFlags(t, etcdtest.Binary(t, "3.6"))
	f37 := helpFlags(t, etcdtest.Binary(t, "3.7"))
	cat := rules.MustLoadCatalog()
	var gone []string
	for name := range f36 {
		if f37[name] {
			continue
		}
		gone = append(gone, name)
		f := cat.Flag(name)
		switch {
		case f == nil:
			t.Errorf("3.7 drops --%s, which the flag table does not know", name)
		case !strings.HasPrefix(name, "experimental-") || !strings.HasPrefix(f.Status["3.6"], "deprecated-"):
			t.Errorf("3.7 drops --%s, which 3.6 does not deprecate (status %q)", name, f.Status["3.6"])
		default:
			succ, _, _ := strings.Cut(f.Replacement, "=")
			if s := cat.Flag(succ); s == nil || !s.Defined("3.6") {
				t.Errorf("--%s: its successor %q is not a 3.6 flag", name, f.Replacement)
			}
		}
	}
	slices.Sort(gone)
	if len(gone) != 23 {
		t.Errorf("3.7 drops %d flags, the facts (E1) say 23: %v", len(gone), gone)
	}
	for name := range f37 {
		if !f36[name] {
			t.Errorf("3.7 adds --%s, which no table row describes", name)
		}
	}
}
