package etcdtest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// TestCrossCuttingRules boots the units behind the rules that hold in every
// version (facts X1, X2, X7, X8) on real 3.5 and 3.6 and checks that etcd
// does what each finding says.
func TestCrossCuttingRules(t *testing.T) {
	skipShort(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "etcd.yaml")
	if err := os.WriteFile(cfg, []byte("name: n1\ndata-dir: /var/lib/etcd\nlogger: zap\nlog-outputs: [stderr]\nenable-grpc-gateway: false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, rule, unit string
		// check judges the boot; it returns what real etcd did wrong.
		check func(r *sandbox.Report) string
	}{
		{
			name: "flag and env", rule: "flag-env-conflict",
			unit: "Environment=ETCD_SNAPSHOT_COUNT=5000\nExecStart=/usr/bin/etcd --logger=zap --log-outputs=stderr --snapshot-count=6000\n",
			check: func(r *sandbox.Report) string {
				if r.Outcome != sandbox.Failed || !strings.Contains(string(joinRaw(r.Lines)), "conflicting environment variable") {
					return fmt.Sprintf("want an exit with \"conflicting environment variable\", got %s", r.Outcome)
				}
				return ""
			},
		},
		{
			name: "config file next to a flag", rule: "config-file-overrides",
			unit: "ExecStart=/usr/bin/etcd --config-file=" + cfg + " --log-level=debug\n",
			check: func(r *sandbox.Report) string {
				if r.Outcome == sandbox.Failed {
					return "want a start, got " + r.Outcome.String()
				}
				if strings.Contains(string(joinRaw(r.Lines)), `"level":"debug"`) {
					return "--log-level=debug took effect next to --config-file"
				}
				return ""
			},
		},
		{
			name: "ETCD_VERSION", rule: "etcd-version-env",
			unit: "Environment=ETCD_VERSION=3.4.0\nExecStart=/usr/bin/etcd --logger=zap --log-outputs=stderr\n",
			check: func(r *sandbox.Report) string {
				if r.Outcome == sandbox.Failed || !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "cannot set special environment variable") }) {
					return fmt.Sprintf("want a start with \"cannot set special environment variable\", got %s %q", r.Outcome, r.Warnings)
				}
				return ""
			},
		},
		{
			name: "etcd 0.4 flag", rule: "legacy-ignored-flag",
			unit: "ExecStart=/usr/bin/etcd --logger=zap --log-outputs=stderr --peer-heartbeat-interval=100\n",
			check: func(r *sandbox.Report) string {
				if r.Outcome != sandbox.Clean {
					return fmt.Sprintf("want a silent start, got %s %q", r.Outcome, r.Warnings)
				}
				return ""
			},
		},
	} {
		for _, up := range []rules.Upgrade{{From: "3.4", To: "3.5"}, {From: "3.5", To: "3.6"}} {
			t.Run(up.To+"/"+tc.name, func(t *testing.T) {
				bin := etcdtest.Binary(t, up.To)
				eng, err := lint.New(lint.Options{Upgrade: up})
				if err != nil {
					t.Fatal(err)
				}
				doc := lint.Document{Path: "etcd.service", Src: []byte("[Service]\n" + tc.unit)}
				f, _ := eng.Lint(doc)
				if f == nil || !slices.ContainsFunc(f.Findings, func(fd lint.Finding) bool { return fd.Rule == tc.rule }) {
					t.Fatalf("etcdlint --to %s does not report %s on\n%s", up.To, tc.rule, doc.Src)
				}
				r := bootFirst(t, eng, doc, bin)
				if msg := tc.check(r); msg != "" {
					t.Errorf("%s on real etcd %s: %s\n%s", tc.rule, up.To, msg, excerpt(r))
				}
			})
		}
	}
}

// bootFirst boots the first etcd process etcdlint finds in doc on bin.
func bootFirst(t *testing.T, eng *lint.Engine, doc lint.Document, bin string) *sandbox.Report {
	t.Helper()
	facts, _ := eng.Facts(doc)
	inv, err := sandbox.FromProcess(facts.Processes[0], doc.Src, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sandbox.Boot(context.Background(), bin, inv, sandbox.Options{Baseline: baselineOf(t, bin)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
