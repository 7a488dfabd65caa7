package etcdtest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// TestChainTextsBoot fixes the 3.4-era files of the golden case
// chain-34-37-fix along the whole road (--cutover --unsafe-fixes) and boots
// the text of each hop, what --fix-dir writes under DIR/<version>, on that
// hop's real binary: each must start clean, and the final text is what the
// case's fixed/ holds.
func TestChainTextsBoot(t *testing.T) {
	skipShort(t)
	dir := filepath.Join(casesDir, "chain-34-37-fix")
	up, err := rules.ParseUpgrade("3.4", "3.7")
	if err != nil {
		t.Fatal(err)
	}
	eng, err := lint.New(lint.Options{Upgrade: up})
	if err != nil {
		t.Fatal(err)
	}
	inputs := files(t, filepath.Join(dir, "input"))
	if len(inputs) == 0 {
		t.Fatal("no input files")
	}
	for rel, src := range inputs {
		fr := eng.Fix(lint.Document{Path: rel, Src: src}, lint.FixOptions{Cutover: true, Unsafe: true})
		if len(fr.Hops) != 3 {
			t.Fatalf("%s: %d hop texts, want 3", rel, len(fr.Hops))
		}
		want, err := os.ReadFile(filepath.Join(dir, "fixed", rel))
		if err != nil || string(want) != string(fr.Fixed) || string(fr.Hops[2].Text) != string(fr.Fixed) {
			t.Errorf("%s: the chain's last text is not fixed/%s", rel, rel)
		}
		for _, h := range fr.Hops {
			t.Run(rel+"@"+h.Upgrade.To, func(t *testing.T) {
				t.Parallel()
				bin := etcdtest.Binary(t, h.Upgrade.To)
				facts, _ := eng.Facts(lint.Document{Path: rel, Src: h.Text})
				if facts == nil || len(facts.Processes) == 0 {
					t.Fatalf("no etcd process in the %s text", h.Upgrade.To)
				}
				for _, p := range facts.Processes {
					inv, err := sandbox.FromProcess(p, h.Text, os.ReadFile)
					if err != nil {
						t.Fatal(err)
					}
					r, err := sandbox.Boot(context.Background(), bin, inv, sandbox.Options{Baseline: baselineOf(t, bin)})
					if err != nil {
						t.Fatal(err)
					}
					if r.Outcome != sandbox.Clean {
						t.Errorf("etcd %s on the %s text of %s: %s %s %v\n%s", h.Upgrade.To, h.Upgrade, rel, r.Outcome, r.Reason, r.Warnings, h.Text)
					}
				}
			})
		}
	}
}
