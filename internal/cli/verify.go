package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// verifyMain runs `etcdlint verify` and returns its exit code: 0 when every
// invocation starts clean, 1 when one warns or fails, 2 on usage errors.
func (c *Command) verifyMain(args []string) int {
	code, err := c.verify(args)
	if err != nil {
		return c.exit(err)
	}
	return code
}

func (c *Command) verify(args []string) (int, error) {
	fs := c.flagSet("etcdlint verify")
	bin := fs.String("etcd", "", "the etcd server binary to boot (the version you are about to roll out)")
	fixed := fs.Bool("fixed", false, "verify the files as --fix --cutover would leave them, without writing them")
	unsafe := fs.Bool("unsafe-fixes", false, "with --fixed, apply unsafe fixes too")
	timeout := fs.Duration("timeout", 30*time.Second, "how long one invocation may take to become healthy")
	testCerts := fs.Bool("test-certs", false, "replace the TLS files the invocations name with a throwaway CA and loopback certificate, so that https invocations boot without your certificates")
	format := fs.String("format", "text", "text, or json: one JSON object per line and invocation")
	fs.Usage = func() {
		fmt.Fprintf(c.Stderr, `etcdlint verify boots each etcd invocation found in FILE with the given etcd binary,
on loopback ports with a temporary data directory; every other flag, variable and
config key is passed as written (TLS files too, unless --test-certs). It reports whether each starts clean, starts with
warnings, or fails.

Usage:
  etcdlint verify --etcd PATH/TO/etcd [--fixed] [--test-certs] [--format json] FILE...

Flags:
%s
Exit status: 0 every invocation starts clean, 1 one warns or fails, 2 usage or I/O errors.
`, fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK, nil
		}
		return 0, usageError{err.Error()}
	}
	if *bin == "" {
		return 0, usagef("verify needs --etcd PATH: the etcd server binary to boot")
	}
	if fs.NArg() == 0 {
		return 0, usagef("verify needs files to read etcd invocations from")
	}
	if *format != "text" && *format != "json" {
		return 0, usagef("verify --format is text or json, not %q", *format)
	}
	if *unsafe && !*fixed {
		return 0, usagef("--unsafe-fixes chooses what --fixed applies; add --fixed")
	}
	if err := checkExecutable(*bin); err != nil {
		return 0, err
	}
	ctx := context.Background()
	version, err := sandbox.Version(ctx, *bin)
	if err != nil {
		return 0, err
	}
	minor := version
	if parts := strings.SplitN(version, ".", 3); len(parts) >= 2 {
		minor = parts[0] + "." + parts[1]
	}
	up, uerr := rules.ParseUpgrade("", minor)
	if uerr != nil {
		if *fixed {
			return 0, fmt.Errorf("--fixed applies the fixes for an upgrade to the binary's version, and etcdlint has none for etcd %s: %v", version, uerr)
		}
		up = rules.Upgrade{From: "3.4", To: "3.5"} // facts do not depend on it
	}
	eng, err := lint.New(lint.Options{Upgrade: up})
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(c.Stderr, "etcdlint: booting etcd %s (%s) on loopback\n", version, *bin)
	baseline, err := sandbox.Baseline(ctx, *bin)
	if err != nil {
		return 0, err
	}
	code := ExitOK
	booted := 0
	report := func(v verified) {
		if v.Result != "clean" {
			code = ExitFindings
		}
		if *format == "json" {
			v.Program, v.Version = *bin, version
			if v.Lines == nil {
				v.Lines = []string{}
			}
			b, _ := json.Marshal(v)
			fmt.Fprintf(c.Stdout, "%s\n", b)
			return
		}
		where := fmt.Sprintf("%s:%d:%d", v.File, v.Line, v.Column)
		defer func() {
			if len(v.Substituted) > 0 {
				fmt.Fprintf(c.Stdout, "    booted with: %s\n", strings.Join(v.Substituted, "; "))
			}
		}()
		switch v.Result {
		case "clean":
			fmt.Fprintf(c.Stdout, "%s: starts clean\n", where)
		case "warnings":
			fmt.Fprintf(c.Stdout, "%s: starts with warnings:\n", where)
			for _, w := range v.Lines {
				fmt.Fprintf(c.Stdout, "    %s\n", w)
			}
		case "not-verified":
			fmt.Fprintf(c.Stdout, "%s: not verified: %s\n", where, v.Lines[0])
		default:
			if v.ExitCode != nil {
				fmt.Fprintf(c.Stdout, "%s: fails (exit %d): %s\n", where, *v.ExitCode, v.Lines[0])
			} else {
				fmt.Fprintf(c.Stdout, "%s: fails: %s\n", where, v.Lines[0])
			}
		}
	}
	for _, path := range fs.Args() {
		src, err := os.ReadFile(path)
		if err != nil {
			return 0, err
		}
		if *fixed {
			src = eng.Fix(lint.Document{Path: path, Src: src}, lint.FixOptions{Cutover: true, Unsafe: *unsafe}).Fixed
		}
		facts, errs := eng.Facts(lint.Document{Path: path, Src: src})
		for _, e := range errs {
			fmt.Fprintf(c.Stderr, "etcdlint: %v\n", e)
		}
		var procs []*fact.Process
		if facts != nil {
			procs = facts.Processes
		}
		if len(procs) == 0 {
			out := c.Stdout
			if *format == "json" {
				out = c.Stderr
			}
			fmt.Fprintf(out, "%s: no etcd invocation found\n", path)
			continue
		}
		lines := fact.NewLines(src)
		for _, p := range procs {
			line, col := lines.Position(p.Anchor.Start)
			v := verified{File: path, Line: line, Column: col}
			inv, err := sandbox.FromProcess(p, src, os.ReadFile)
			if err != nil {
				v.Result, v.Lines = "not-verified", []string{err.Error()}
				report(v)
				continue
			}
			inv.TestCerts = *testCerts
			booted++
			r, err := sandbox.Boot(ctx, *bin, inv, sandbox.Options{Timeout: *timeout, Baseline: baseline})
			if err != nil {
				// this invocation could not be prepared (a config file that
				// is not YAML); the others still boot
				v.Result, v.Lines = "not-verified", []string{err.Error()}
				report(v)
				continue
			}
			if r.ExitCode >= 0 {
				v.ExitCode = &r.ExitCode
			}
			v.Substituted = r.Substituted
			switch r.Outcome {
			case sandbox.Clean:
				v.Result = "clean"
			case sandbox.Warned:
				v.Result, v.Lines = "warnings", r.Warnings
			default:
				v.Result, v.Lines = "fails", []string{r.Reason}
			}
			report(v)
		}
	}
	if booted == 0 && code == ExitOK {
		return ExitError, fmt.Errorf("no etcd invocation to verify in %s", strings.Join(fs.Args(), ", "))
	}
	return code, nil
}

// verified is the result of one invocation, as --format json writes it.
type verified struct {
	File string `json:"file"`
	// Line and Column place the invocation (two may share a line).
	Line   int `json:"line"`
	Column int `json:"column"`
	// Program is the etcd binary booted, Version what it reports.
	Program string `json:"program"`
	Version string `json:"version"`
	// Result is clean, warnings, fails or not-verified.
	Result string `json:"result"`
	// ExitCode is etcd's exit status when it stopped by itself, else null.
	ExitCode *int `json:"exit_code"`
	// Lines quote etcd: its warnings, or why it failed (for not-verified,
	// why it was not booted).
	Lines []string `json:"lines"`
	// Substituted is what the sandbox changed of the file's settings to
	// boot it on loopback: addresses, ports, directories, TLS files.
	Substituted []string `json:"substituted,omitempty"`
}

// checkExecutable gives a clear error before anything is run.
func checkExecutable(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("etcd binary %s does not exist", path)
	case err != nil:
		return fmt.Errorf("etcd binary: %v", err)
	case st.IsDir():
		return fmt.Errorf("etcd binary %s is a directory", path)
	case st.Mode()&0o111 == 0:
		return fmt.Errorf("etcd binary %s is not executable (chmod +x it)", path)
	}
	return nil
}
