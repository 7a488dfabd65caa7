package etcdtest_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

const casesDir = "../../testdata/cases"

// goldenCase is a golden case with a fixed/ tree.
type goldenCase struct {
	name string
	up   rules.Upgrade
	// cutover is true when the case's fix-args include cutover fixes.
	cutover bool
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	entries, err := os.ReadDir(casesDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []goldenCase
	for _, e := range entries {
		dir := filepath.Join(casesDir, e.Name())
		if _, err := os.Stat(filepath.Join(dir, "fixed")); err != nil {
			continue
		}
		args, _ := os.ReadFile(filepath.Join(dir, "args"))
		fixArgs, _ := os.ReadFile(filepath.Join(dir, "fix-args"))
		to := "3.5"
		if m := regexp.MustCompile(`--to[ =](\S+)`).FindSubmatch(args); m != nil {
			to = string(m[1])
		}
		up, err := rules.ParseUpgrade("", to)
		if err != nil {
			t.Fatalf("%s/args: %v", e.Name(), err)
		}
		out = append(out, goldenCase{name: e.Name(), up: up, cutover: strings.Contains(string(fixArgs), "--cutover")})
	}
	return out
}

// files returns the files under dir, relative to it.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGoldenFixedBootsClean boots every etcd server process of every
// golden fixed/ output on the real target etcd: when etcdlint reports
// nothing left at warning or above, etcd must start healthy without a
// deprecation or "unrecognized environment variable" warning. Settings
// that pre-phase fixes introduce must exist in the 3.4 (source) table.
func TestGoldenFixedBootsClean(t *testing.T) {
	skipShort(t)
	t.Parallel()
	sem := make(chan struct{}, 2)
	var booted sync.Map // target version → *atomic.Int32
	t.Cleanup(func() {
		for _, v := range rules.Versions[1:] {
			n, _ := booted.LoadOrStore(v, new(atomic.Int32))
			if n.(*atomic.Int32).Load() == 0 && !t.Failed() {
				t.Errorf("no golden fixed output was booted on etcd %s", v)
			}
		}
	})
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			eng, err := lint.New(lint.Options{Upgrade: c.up})
			if err != nil {
				t.Fatal(err)
			}
			inputs := files(t, filepath.Join(casesDir, c.name, "input"))
			for rel, src := range files(t, filepath.Join(casesDir, c.name, "fixed")) {
				doc := lint.Document{Path: rel, Src: src}
				facts, _ := eng.Facts(doc)
				if facts == nil || len(facts.Processes) == 0 {
					continue
				}
				if !c.cutover {
					checkPre(t, eng, c, rel, inputs[rel], facts)
				}
				// What a user silenced still has to be true of etcd.
				f, _ := eng.Lint(lint.Document{Path: rel, Src: unsilenced(src)})
				for _, proc := range facts.Processes {
					if proc.Subcommand != "" {
						continue
					}
					left := remaining(f, proc)
					if v := proxyMode(proc); v != "" {
						t.Logf("%s: not booted: proxy=%s runs etcd as a v2 proxy, not a member", rel, v)
						continue
					}
					inv, err := sandbox.FromProcess(proc, src, func(string) ([]byte, error) { return nil, os.ErrNotExist })
					if err != nil {
						t.Logf("%s: not booted: %v", rel, err)
						continue
					}
					// The fixtures' certificates do not exist here: the
					// sandbox makes some. A fixture with https URLs and no
					// certificate at all (cut short for the example) is
					// booted over plain HTTP.
					inv.TestCerts = namesCert(proc)
					inv.PlainHTTP = !inv.TestCerts
					sem <- struct{}{}
					bin := etcdtest.Binary(t, c.up.To)
					r, err := sandbox.Boot(context.Background(), bin, inv, sandbox.Options{Baseline: baselineOf(t, bin)})
					<-sem
					if err != nil {
						t.Fatal(err)
					}
					n, _ := booted.LoadOrStore(c.up.To, new(atomic.Int32))
					n.(*atomic.Int32).Add(1)
					if left != "" {
						// What is left must be what etcd does.
						checkLeft(t, c, rel, f, proc, r)
						continue
					}
					if r.Outcome == sandbox.Failed {
						t.Errorf("%s/fixed/%s: etcdlint reports nothing left, but real etcd %s fails: %s\nargs %q env %q", c.name, rel, c.up.To, r.Reason, r.Args, r.Env)
						continue
					}
					// Info findings may still say what etcd logs.
					checkLeft(t, c, rel, f, proc, r)
					for _, w := range r.Warnings {
						if (strings.Contains(strings.ToLower(w), "deprecat") || strings.Contains(w, "unrecognized environment variable")) && !predicted(f, proc, w) {
							t.Errorf("%s/fixed/%s: etcdlint reports nothing left, but real etcd %s warns: %s", c.name, rel, c.up.To, w)
						}
					}
				}
			}
		})
	}
}

// checkLeft checks the findings a fix left on proc against the boot: each
// message's claims about etcd must hold, and etcd must start unless one
// of them is an error.
func checkLeft(t *testing.T, c goldenCase, rel string, f *lint.File, proc *fact.Process, r *sandbox.Report) {
	t.Helper()
	type claim struct {
		fd  lint.Finding
		err string
	}
	var claims []claim
	fatal, explained := false, false
	for _, fd := range f.Findings {
		if fd.Severity < rules.Warning || !onProcess(proc, fd.Span) {
			continue
		}
		fatal = fatal || fd.Severity >= rules.Error
		for _, s := range proc.Settings {
			if !s.Span.Contains(fd.Span) && !fd.Span.Contains(s.Span) {
				continue
			}
			err := checkMessage(fd.Message, c.up.To, s, r, false)
			claims = append(claims, claim{fd, err})
			explained = explained || fd.Severity >= rules.Error && err == "" && r.Outcome == sandbox.Failed
		}
	}
	for _, cl := range claims {
		// etcd stopped at the first error left (an unsafe fix not taken):
		// what the others say it logs once started cannot be seen
		if cl.err != "" && (cl.fd.Severity >= rules.Error || !explained) {
			t.Errorf("%s/fixed/%s: etcdlint still reports %q [%s]: %s; real etcd %s %s: %s", c.name, rel, cl.fd.Message, cl.fd.Rule, cl.err, c.up.To, r.Outcome, r.Reason)
		}
	}
	if !fatal && r.Outcome == sandbox.Failed && remaining(f, proc) != "" {
		t.Errorf("%s/fixed/%s: etcdlint leaves only warnings, but real etcd %s fails: %s\nargs %q env %q", c.name, rel, c.up.To, r.Reason, r.Args, r.Env)
	}
	if left := remaining(f, proc); left != "" {
		t.Logf("%s: booted on %s with findings left (%s): %s", rel, c.up.To, left, r.Outcome)
	}
}

// predicted reports whether an info finding left on proc names the
// setting a warning of etcd is about ("unrecognized environment variable
// ETCD_OPTS=…" for an ETCD_OPTS that no etcd reads).
func predicted(f *lint.File, proc *fact.Process, warning string) bool {
	for _, fd := range f.Findings {
		for _, s := range proc.Settings {
			if (s.Span.Contains(fd.Span) || fd.Span.Contains(s.Span)) && strings.Contains(warning, s.Raw) &&
				strings.Contains(fd.Message, "unrecognized environment variable") {
				return true
			}
		}
	}
	return false
}

// unsilenced disables the etcdlint:ignore comments of src without moving
// a byte, so that every finding is checked.
func unsilenced(src []byte) []byte {
	return bytes.ReplaceAll(src, []byte("etcdlint:ignore"), []byte("etcdlint:IGNORE"))
}

// namesCert reports whether proc names a server certificate, client or peer.
func namesCert(proc *fact.Process) bool {
	return slices.ContainsFunc(proc.Settings, func(s *fact.Setting) bool {
		return s.Name == "cert-file" || s.Name == "peer-cert-file" || strings.HasSuffix(s.Raw, "transport-security.cert-file")
	})
}

// proxyMode is the value of proxy when it makes etcd a v2 proxy (on,
// readonly), which never becomes a healthy member.
func proxyMode(proc *fact.Process) string {
	for _, s := range proc.Settings {
		if s.Name == "proxy" && (s.Value == "on" || s.Value == "readonly") {
			return s.Value
		}
	}
	return ""
}

// remaining describes the findings at warning or above left on proc.
func remaining(f *lint.File, proc *fact.Process) string {
	if f == nil {
		return ""
	}
	var left []string
	for _, fd := range f.Findings {
		if fd.Severity < rules.Warning {
			continue
		}
		if onProcess(proc, fd.Span) {
			left = append(left, fd.Rule)
		}
	}
	return strings.Join(left, ", ")
}

func onProcess(proc *fact.Process, sp fact.Span) bool {
	if proc.Anchor.Contains(sp) || sp.Contains(proc.Anchor) {
		return true
	}
	for _, s := range proc.Settings {
		if s.Span.Contains(sp) || sp.Contains(s.Span) {
			return true
		}
	}
	return false
}

// checkPre checks that the settings pre-phase fixes wrote are accepted by
// the source version: they ship before the binary swap.
func checkPre(t *testing.T, eng *lint.Engine, c goldenCase, rel string, input []byte, fixed *fact.Facts) {
	t.Helper()
	before, named := map[string]bool{}, map[string]bool{}
	if input != nil {
		if facts, _ := eng.Facts(lint.Document{Path: rel, Src: input}); facts != nil {
			for _, s := range facts.Settings() {
				before[key(s)] = true
				named[s.Raw] = true
			}
		}
	}
	cat := eng.Catalog()
	for _, s := range fixed.Settings() {
		if before[key(s)] {
			continue
		}
		if named[s.Raw] && cat.Flag(s.Name) == nil {
			// a variable no etcd reads whose value a fix edited (ETCD_OPTS:
			// the flags in it are settings of their own, checked here)
			continue
		}
		from := c.up.From
		switch s.Surface {
		case fact.ConfigKey:
			if k := cat.Key(s.Raw); k == nil || !k.Decoded(from) {
				t.Errorf("%s/fixed/%s: a pre-phase fix wrote config key %s, which etcd %s does not read (etcd-config-keys.tsv)", c.name, rel, s.Raw, from)
			}
		default:
			if f := cat.Flag(s.Name); f == nil || !f.Defined(from) {
				t.Errorf("%s/fixed/%s: a pre-phase fix wrote %s %s, which etcd-flags.tsv says etcd %s does not define", c.name, rel, s.Surface.Noun(), s.Raw, from)
			}
		}
	}
}

func key(s *fact.Setting) string {
	return fmt.Sprintf("%d|%s|%s|%s", s.Surface, s.Raw, s.Value, s.Name)
}

// TestFixedProbesBootClean applies every fix (cutover and unsafe included)
// to the files of TestRulesAgainstEtcd35 and boots the result on real 3.5.
func TestFixedProbesBootClean(t *testing.T) {
	skipShort(t)
	t.Parallel()
	bin := etcdtest.Binary(t, "3.5")
	eng, err := lint.New(lint.Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}})
	if err != nil {
		t.Fatal(err)
	}
	bySurface := map[fact.Surface][]probe{}
	for _, p := range probes35(t, eng.Catalog()) {
		bySurface[p.surface] = append(bySurface[p.surface], p)
	}
	for sf, ps := range bySurface {
		t.Run(sf.String(), func(t *testing.T) {
			t.Parallel()
			ps = fixable(t, eng, sf, ps)
			res := eng.Fix(document(sf, ps), lint.FixOptions{Cutover: true, Unsafe: true})
			if !res.Changed() {
				t.Fatalf("no fix applied to\n%s", res.Src)
			}
			facts, _ := eng.Facts(lint.Document{Path: res.Path, Src: res.Fixed})
			if facts == nil || len(facts.Processes) != 1 {
				t.Fatalf("the fixed file has no etcd process:\n%s", res.Fixed)
			}
			if left := remaining(res.File, facts.Processes[0]); left != "" {
				t.Fatalf("etcdlint still reports %s after fixing:\n%s", left, res.Fixed)
			}
			inv, err := sandbox.FromProcess(facts.Processes[0], res.Fixed, os.ReadFile)
			if err != nil {
				t.Fatal(err)
			}
			r, err := sandbox.Boot(context.Background(), bin, inv, sandbox.Options{Baseline: baselineOf(t, bin)})
			if err != nil {
				t.Fatal(err)
			}
			if r.Outcome == sandbox.Failed {
				t.Fatalf("the fixed file does not boot on real 3.5: %s\n%s", r.Reason, res.Fixed)
			}
			for _, w := range r.Warnings {
				if strings.Contains(strings.ToLower(w), "deprecat") || strings.Contains(w, "unrecognized environment variable") {
					t.Errorf("the fixed file still makes real 3.5 warn: %s\n%s", w, res.Fixed)
				}
			}
		})
	}
}

// fixable keeps the probes whose findings all come with a fix; the others
// (an unknown flag, a flag removed without successor) are left to people.
func fixable(t *testing.T, eng *lint.Engine, sf fact.Surface, ps []probe) []probe {
	t.Helper()
	doc := document(sf, ps)
	f, _ := eng.Lint(doc)
	facts, _ := eng.Facts(doc)
	var out []probe
	for _, p := range ps {
		s := settingOf(facts.Processes[0], p)
		manual := false
		for _, fd := range f.Findings {
			if s != nil && (s.Span.Contains(fd.Span) || fd.Span.Contains(s.Span)) && fd.Fix == nil {
				manual = true
				t.Logf("%s: left out, %s has no fix: %s", p.row, fd.Rule, fd.Message)
			}
		}
		if !manual {
			out = append(out, p)
		}
	}
	return out
}
