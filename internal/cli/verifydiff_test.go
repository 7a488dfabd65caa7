package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/kinds"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// TestVerifyMatchesPlainBoot is a differential test of `etcdlint verify`:
// for every etcd process of every golden input and fixed output, verify's
// verdict (clean, warnings, fails) must equal the verdict of a plain boot
// of the same text that this test makes on its own, editing the user's
// text only where verify may (addresses, data directories, the cluster
// bootstrap, log files) and with a line editor instead of the sandbox's
// YAML rewriting. Run on real etcd 3.5 and 3.6.
func TestVerifyMatchesPlainBoot(t *testing.T) {
	if testing.Short() {
		t.Skip("boots real etcd")
	}
	eng, err := lint.New(lint.Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, sub := range []string{"input", "fixed"} {
		dirs, _ := filepath.Glob(filepath.Join("../../testdata/cases/*", sub))
		for _, dir := range dirs {
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					files = append(files, p)
				}
				return nil
			})
		}
	}
	var jobs []bootJob
	seen := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		facts, _ := eng.Facts(lint.Document{Path: f, Src: src})
		if facts == nil {
			continue
		}
		lines := fact.NewLines(src)
		whole := kinds.Classify(f, src).Name() == "etcd-config"
		for _, p := range facts.Processes {
			// a process booted once: the same text in another case is the same boot
			if k := processKey(p, src); plainable(p, whole) && !seen[k] {
				seen[k] = true
				line, col := lines.Position(p.Anchor.Start)
				jobs = append(jobs, bootJob{f, line, col, p, src})
			}
		}
	}
	if len(jobs) < 40 {
		t.Fatalf("only %d golden processes to boot: the selection is broken", len(jobs))
	}
	t.Logf("%d processes", len(jobs))
	for _, minor := range []string{"3.5", "3.6"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel() // etcd mostly waits for its election
			bin := etcdtest.Binary(t, minor)
			baseline, err := sandbox.Baseline(context.Background(), bin)
			if err != nil {
				t.Fatal(err)
			}
			verdicts := verifyVerdicts(t, bin, jobs)
			sem := make(chan struct{}, 2)
			var wg sync.WaitGroup
			for _, j := range jobs {
				got, ok := verdicts[fmt.Sprintf("%s:%d:%d", j.file, j.line, j.col)]
				if !ok {
					t.Errorf("%s:%d: verify reported nothing", j.file, j.line)
					continue
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					want, log := plainBoot(t, bin, j.proc, j.src, baseline)
					if got != want && got != "not-verified" {
						t.Errorf("%s:%d on %s: verify says %s, a plain boot %s\n%s", j.file, j.line, minor, got, want, lastLines(log, 4))
					}
				}()
			}
			wg.Wait()
		})
	}
}

// bootJob is one etcd process of a golden file.
type bootJob struct {
	file      string
	line, col int
	proc      *fact.Process
	src       []byte
}

// verifyVerdicts runs verify --format json on the files of jobs and
// returns its result per "file:line".
func verifyVerdicts(t *testing.T, bin string, jobs []bootJob) map[string]string {
	t.Helper()
	var files []string
	for _, j := range jobs {
		if !slices.Contains(files, j.file) {
			files = append(files, j.file)
		}
	}
	verdicts := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	// two verify runs share the files: each boots its invocations in turn
	for part := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []string
			for i, f := range files {
				if i%2 == part {
					mine = append(mine, f)
				}
			}
			out, errs, code := runVerify(t, append([]string{"--etcd", bin, "--format", "json", "--timeout", "10s"}, mine...)...)
			if code == ExitError {
				t.Errorf("verify: %s", errs)
				return
			}
			sc := bufio.NewScanner(strings.NewReader(out))
			for sc.Scan() {
				var v verified
				if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
					t.Errorf("verify wrote %q: %v", sc.Text(), err)
					return
				}
				mu.Lock()
				verdicts[fmt.Sprintf("%s:%d:%d", v.File, v.Line, v.Column)] = v.Result
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return verdicts
}

// plainable reports whether the test's own booter can start p as written:
// a config that is the whole file, or flags and variables with no
// template, no TLS (the user's certificates are not here) and no config
// file of their own.
func plainable(p *fact.Process, wholeConfig bool) bool {
	if p.Subcommand != "" || len(p.Settings) == 0 || p.Via != "" {
		return false // the plain booter reads the text: flags in a variable are not on its line
	}
	for _, s := range p.Settings {
		if s.Templated || strings.Contains(s.Name, "-file") || strings.Contains(s.Name, "auto-tls") || strings.HasPrefix(s.Value, "https://") {
			return false
		}
	}
	return p.Form != fact.ConfigFile || wholeConfig
}

// processKey is what a boot of p depends on.
func processKey(p *fact.Process, src []byte) string {
	if p.Form == fact.ConfigFile {
		return string(src)
	}
	var b strings.Builder
	for _, s := range p.Settings {
		fmt.Fprintf(&b, "%d %s %v %s\n", s.Surface, s.Raw, s.HasValue, s.Value)
	}
	return b.String()
}

// substituted are the settings the booter sets for a loopback one-member
// cluster, as verify may; log files become stderr.
func substituted(dir string, ports []int, name string) map[string]string {
	url := func(i int) string { return "http://127.0.0.1:" + strconv.Itoa(ports[i]) }
	return map[string]string{
		"listen-client-urls": url(0), "advertise-client-urls": url(0), "listen-peer-urls": url(1), "initial-advertise-peer-urls": url(1),
		"initial-cluster": name + "=" + url(1), "initial-cluster-state": "new", "data-dir": filepath.Join(dir, "data"),
		"wal-dir": filepath.Join(dir, "wal"), "listen-metrics-urls": url(2), "listen-client-http-urls": url(3),
	}
}

// added are the substituted settings the booter adds when the text has
// none; the others are only replaced.
var added = []string{"listen-client-urls", "advertise-client-urls", "listen-peer-urls", "initial-advertise-peer-urls",
	"initial-cluster", "initial-cluster-state", "data-dir", "listen-metrics-urls"}

var keyLine = regexp.MustCompile(`^([a-z0-9-]+):(.*)$`)

// plainBoot starts etcd on the process's text with only the substitutions
// verify may make, and returns clean, warnings or fails with the log.
func plainBoot(t *testing.T, bin string, p *fact.Process, src []byte, baseline []string) (string, string) {
	dir := t.TempDir()
	var ports []int
	var ls []net.Listener
	for range 4 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	name := "default"
	for _, s := range p.Settings {
		if s.Name == "name" && s.Value != "" {
			name = s.Value
		}
	}
	set := substituted(dir, ports, name)
	var args, env []string
	if p.Form == fact.ConfigFile {
		var out []string
		seen := map[string]bool{}
		for _, line := range strings.Split(string(src), "\n") {
			m := keyLine.FindStringSubmatch(line)
			switch {
			case m == nil:
			case m[1] == "discovery" || m[1] == "discovery-srv":
				continue
			case set[m[1]] != "":
				line, seen[m[1]] = m[1]+": "+set[m[1]], true
			case m[1] == "log-outputs" && strings.HasPrefix(strings.TrimSpace(m[2]), "["):
				line = "log-outputs: [" + stdOutputs(strings.Trim(strings.TrimSpace(m[2]), "[]")) + "]"
			}
			out = append(out, line)
		}
		for _, k := range added {
			if !seen[k] {
				out = append(out, k+": "+set[k])
			}
		}
		config := filepath.Join(dir, "etcd.yml")
		if err := os.WriteFile(config, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args = []string{"--config-file=" + config}
	} else {
		seen := map[string]bool{}
		for _, s := range p.Settings {
			value := s.Value
			switch {
			case s.Name == "discovery" || s.Name == "discovery-srv" || s.Name == "discovery-endpoints":
				continue
			case set[s.Name] != "" && (s.HasValue || s.Surface == fact.Env):
				value, seen[s.Name] = set[s.Name], true
			case s.Name == "log-outputs" && s.HasValue:
				value = stdOutputs(value)
			}
			switch s.Surface {
			case fact.Flag:
				flag := s.Raw
				if !strings.HasPrefix(flag, "-") {
					flag = "--" + flag
				}
				if s.HasValue || seen[s.Name] {
					flag += "=" + value
				}
				args = append(args, flag)
			case fact.Env:
				env = append(env, s.Raw+"="+value)
			}
		}
		for _, k := range added {
			if !seen[k] {
				args = append(args, "--"+k+"="+set[k])
			}
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Dir = env, dir
	// one writer for both streams: exec writes to it from one goroutine,
	// and it is read once etcd is stopped
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	verdict := func() string {
		health := "http://127.0.0.1:" + strconv.Itoa(ports[2]) + "/health"
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
			select {
			case <-done:
				return "fails"
			case <-time.After(100 * time.Millisecond):
			}
			if r, err := http.Get(health); err == nil {
				ok := r.StatusCode == http.StatusOK
				r.Body.Close()
				if ok {
					time.Sleep(300 * time.Millisecond)
					select {
					case <-done:
						return "fails"
					default:
						return "started"
					}
				}
			}
		}
		return "fails"
	}()
	cmd.Process.Kill()
	<-done
	if verdict == "started" {
		verdict = "clean"
		for _, l := range sandbox.ParseLog(log.Bytes()) {
			if l.Serious() && !slices.Contains(baseline, l.Msg) && !strings.HasPrefix(l.Msg, "serving /health false") && !strings.HasPrefix(l.Msg, "/health error") {
				verdict = "warnings"
			}
		}
	}
	return verdict, log.String()
}

// stdOutputs keeps the log outputs to the process's own streams.
func stdOutputs(v string) string {
	var out []string
	for item := range strings.SplitSeq(v, ",") {
		item = strings.Trim(strings.TrimSpace(item), `"'`)
		if item != "stdout" && item != "default" {
			item = "stderr"
		}
		if !slices.Contains(out, item) {
			out = append(out, item)
		}
	}
	return strings.Join(out, ",")
}

// lastLines is the end of a log, for failure messages.
func lastLines(log string, n int) string {
	lines := strings.Split(strings.TrimSpace(log), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
