// Package cli is etcdlint's command line as a library, so that tests run it
// in-process and cmd/etcdlint stays a few lines.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/etcdlint/etcdlint/fixers"
	"github.com/etcdlint/etcdlint/internal/settings"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/config"
	"github.com/etcdlint/etcdlint/lint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// Command is one run of etcdlint with its standard streams.
type Command struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Color enables ANSI colour in text output (a TTY without NO_COLOR).
	Color bool
	// writeFS is where --fix writes; nil is the real file system (tests
	// inject faults).
	writeFS fixers.FS
	// quiet drops the summary and the notices (-q).
	quiet bool
}

// New returns a command on the given streams, with colour when stdout is a
// terminal and NO_COLOR is unset.
func New(stdin io.Reader, stdout, stderr io.Writer) *Command {
	c := &Command{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	c.Color = colorWanted(stdout, os.Getenv)
	return c
}

// colorWanted decides colour as terminal programs do: FORCE_COLOR turns it
// on, NO_COLOR and TERM=dumb off, else a terminal on stdout decides.
func colorWanted(stdout io.Writer, getenv func(string) string) bool {
	switch {
	case getenv("FORCE_COLOR") != "" && getenv("FORCE_COLOR") != "0":
		return true
	case getenv("NO_COLOR") != "", getenv("TERM") == "dumb":
		return false
	}
	f, ok := stdout.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// usageError is a mistake on the command line: exit 2 with a hint.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Main runs etcdlint with args (without the program name) and returns the
// exit code.
func (c *Command) Main(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return c.exit(c.listRules(args[1:]))
		case "explain":
			return c.exit(c.explain(args[1:]))
		case "verify":
			return c.verifyMain(args[1:])
		case "init":
			return c.exit(c.initConfig(args[1:]))
		case "lsp":
			return c.lspMain(args[1:])
		case "version", "--version":
			fmt.Fprint(c.Stdout, versionText())
			return ExitOK
		}
	}
	if len(args) > 0 {
		if near := nearCommand(args[0]); near != "" {
			return c.exit(usagef("unknown command %q: did you mean %q? (a path named so does not exist)", args[0], near))
		}
	}
	code, err := c.lint(args)
	if err != nil {
		return c.exit(err)
	}
	return code
}

// commands are etcdlint's subcommands.
var commands = []string{"rules", "explain", "verify", "init", "lsp", "version"}

// nearCommand is the subcommand a first argument that is no existing path
// misspells (one or two edits away), or "".
func nearCommand(arg string) string {
	if strings.HasPrefix(arg, "-") || strings.ContainsAny(arg, "/.") {
		return ""
	}
	if _, err := os.Stat(arg); err == nil {
		return ""
	}
	for _, cmd := range commands {
		if rules.EditDistance(arg, cmd) <= 2 {
			return cmd
		}
	}
	return ""
}

func (c *Command) exit(err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, pflag.ErrHelp) {
		return ExitOK
	}
	fmt.Fprintf(c.Stderr, "etcdlint: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(c.Stderr, "run 'etcdlint --help' for usage")
	}
	return ExitError
}

// lintFlags are the flags of a lint run that settings.Build does not read
// (choices reads those from the flag set).
type lintFlags struct {
	format        string
	noColor       bool
	maxFindings   int
	stdinFilename string
}

// The flags etcdlint and etcdlint lsp share, said once.
var (
	fromUsage        = "etcd version the cluster runs now (default: the minor before --to when it is given, else the configuration's, else the minor before the target)"
	toUsage          = fmt.Sprintf("etcd version to upgrade to: %s, also written v3.6 or 3.6.14 (default: the configuration's, else the minor after --from, else %s); further than one minor from --from audits each hop", orList(rules.Versions[1:]), rules.DefaultUpgrade.To)
	enableUsage      = "run only these rules (comma-separated ids)"
	disableUsage     = "do not run these rules (comma-separated ids)"
	metricsFromUsage = "a /metrics scrape (or __name__ label values JSON) of the target etcd: report queried etcd_* metrics it lacks"
	maxFileSizeUsage = "skip files larger than this many bytes"
)

// orList is "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// choices are the settings chosen on the command line: the flags of fs
// that were given, read by name.
func choices(fs *pflag.FlagSet) settings.Choices {
	return settings.Choices{
		From:        chosen(fs, "from", fs.GetString),
		To:          chosen(fs, "to", fs.GetString),
		FailOn:      chosen(fs, "fail-on", fs.GetString),
		Enable:      chosen(fs, "enable", fs.GetStringSlice),
		Disable:     chosen(fs, "disable", fs.GetStringSlice),
		MetricsFrom: chosen(fs, "metrics-from", fs.GetString),
		MaxFileSize: chosen(fs, "max-file-size", fs.GetInt64),
		NoIgnore:    chosen(fs, "no-ignore", fs.GetBool),
	}
}

func chosen[T any](fs *pflag.FlagSet, name string, get func(string) (T, error)) settings.Choice[T] {
	if !fs.Changed(name) {
		return settings.Choice[T]{}
	}
	v, _ := get(name) // the flag is defined, with this type
	return settings.Chose(v)
}

// resolve builds the settings of the choices and cfg; a mistake in a
// choice is a usage error.
func resolve(ch settings.Choices, cfg *config.Config) (settings.Resolved, error) {
	r, err := settings.Build(ch, cfg)
	var ce settings.ChoiceError
	if errors.As(err, &ce) {
		return r, usageError{ce.Msg}
	}
	return r, err
}

func (c *Command) flagSet(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	fs.SortFlags = false
	return fs
}

func (c *Command) lint(args []string) (int, error) {
	var f lintFlags
	fs := c.flagSet("etcdlint")
	fs.String("from", "", fromUsage)
	fs.String("to", "", toUsage)
	fs.StringVar(&f.format, "format", "text", "reports to write: NAME or NAME=FILE, comma-separated, of "+formatNames())
	fs.String("fail-on", settings.DefaultFailOn.String(), "exit 1 when a finding has this severity or higher: error, warning or info")
	fs.BoolVar(&f.noColor, "no-color", false, "never colour the text report")
	fs.Bool("no-ignore", false, "lint files that .gitignore excludes too")
	fs.Int64("max-file-size", lint.DefaultMaxFileSize, maxFileSizeUsage)
	fs.IntVar(&f.maxFindings, "max-findings-per-file", lint.DefaultMaxFindings, "report at most this many findings per file, with a notice counting the rest (0 reports all)")
	fs.StringVar(&f.stdinFilename, "stdin-filename", "", "name of the file read from stdin (\"-\"), used to pick its file kind")
	fs.StringSlice("enable", nil, enableUsage)
	fs.StringSlice("disable", nil, disableUsage)
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print the report only: no summary line, no notices, no progress line")
	fs.String("metrics-from", "", metricsFromUsage)
	var fx fixFlags
	fx.register(fs)
	var rf reportFlags
	rf.register(fs)
	fs.Usage = func() {
		fmt.Fprintf(c.Stdout, `etcdlint audits the files around an etcd cluster before an upgrade.

Usage:
  etcdlint [flags] PATH...       lint files and directories ("-" reads stdin)
  etcdlint version               print the version and the etcd releases the rules were measured on
  etcdlint rules                 list the rules
  etcdlint explain RULE          explain a rule
  etcdlint verify --etcd BIN FILE...  boot the etcd invocations in FILE on a real etcd binary
  etcdlint init [DIR]            write a commented .etcdlint.toml
  etcdlint lsp                   serve diagnostics and fixes to an editor (Language Server Protocol)

Flags:
%s
Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or I/O errors.
`, fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK, nil
		}
		return 0, usageError{err.Error()}
	}
	cfg, err := rf.loadConfig(fs.Args(), f.stdinFilename)
	if err != nil {
		return 0, err
	}
	set, err := resolve(choices(fs), cfg)
	if err != nil {
		return 0, err
	}
	opts, failOn := set.Options, set.FailOn
	outs, err := parseFormats(f.format)
	if err != nil {
		return 0, err
	}
	if rf.writeBaseline != "" {
		if err := reportDirExists("--write-baseline", rf.writeBaseline); err != nil {
			return 0, err
		}
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return 0, usagef("no paths given: name files or directories to lint, or - for stdin")
	}
	var docs []lint.Document
	var files []string
	for _, p := range paths {
		if p != "-" {
			files = append(files, p)
			continue
		}
		if f.stdinFilename == "" {
			return 0, usagef("reading stdin needs --stdin-filename to choose a file kind (for example --stdin-filename /etc/default/etcd)")
		}
		src, err := io.ReadAll(io.LimitReader(c.Stdin, opts.MaxFileSize+1))
		if err != nil {
			return 0, fmt.Errorf("reading stdin: %v", err)
		}
		if int64(len(src)) > opts.MaxFileSize {
			return 0, fmt.Errorf("stdin is over --max-file-size (%d bytes)", opts.MaxFileSize)
		}
		docs = append(docs, lint.Document{Path: f.stdinFilename, Src: src})
	}
	rf.maxFindings = f.maxFindings
	if f.maxFindings == 0 {
		rf.maxFindings = -1
	}
	stdout := c.Stdout
	if progressWanted(c.Stderr, c.quiet, os.Getenv) {
		p := newProgress(c.Stderr, 2*time.Second, 200*time.Millisecond)
		defer p.end()
		opts.Progress = func(done, total int) {
			if p.update(done, total); done == total {
				p.end() // before anything else is printed
			}
		}
		stdout = p.above(c.Stdout)
	}
	if up := opts.Upgrade; fx.on() && up.Chain() && !fx.cutover {
		first := up.Hops()[0]
		return 0, usagef("%s takes %d hops: fixing it writes the text each binary on the road runs, swaps included, so add --cutover (or fix the first hop alone: --from %s --to %s)", up, len(up.Hops()), first.From, first.To)
	}
	if fx.on() {
		return c.fix(&fx, &rf, opts, files, docs, outs, failOn, c.Color && !f.noColor)
	}
	if fx.cutover || fx.unsafe || len(fx.only) > 0 {
		return 0, usagef("--cutover, --unsafe-fixes and --fix-only choose what --fix, --diff or --fix-dir apply; add one of those")
	}
	return c.lintAndReport(&rf, outs, opts, files, docs, stdout, failOn, c.Color && !f.noColor)
}

func exitCode(res *lint.Result, failOn rules.Severity) int {
	if len(res.Errors) > 0 {
		return ExitError
	}
	for _, fd := range res.Findings() {
		if fd.Severity >= failOn {
			return ExitFindings
		}
	}
	return ExitOK
}

func (c *Command) listRules(args []string) error {
	fs := c.flagSet("etcdlint rules")
	format := fs.String("format", "text", "text or json")
	from := fs.String("from", "", "list only the rules of this upgrade (with --to)")
	to := fs.String("to", "", "list only the rules of the upgrade to this version (3.5, 3.6 or 3.7)")
	c.usage(fs, "etcdlint rules [--to VERSION] [--format text|json]", "lists the rules, or those of one upgrade")
	if err := fs.Parse(args); err != nil {
		return err
	}
	list := rules.All
	if *from != "" || *to != "" {
		up, err := rules.ParseUpgrade(*from, *to)
		if err != nil {
			return usageError{err.Error()}
		}
		list = nil
		for _, r := range rules.All {
			if r.AppliesTo(up) {
				list = append(list, r)
			}
		}
		if *format == "text" {
			fmt.Fprintf(c.Stdout, "rules for etcd %s:\n", up)
		}
	}
	switch *format {
	case "json":
		return report.RulesJSON(c.Stdout, list)
	case "text":
		return report.RulesText(c.Stdout, list)
	}
	return usagef("unknown --format %q (want text or json)", *format)
}

// usage sets a subcommand's help, printed on stdout for -h and --help.
func (c *Command) usage(fs *pflag.FlagSet, synopsis, what string) {
	fs.Usage = func() {
		fmt.Fprintf(c.Stdout, "Usage: %s\n\n%s\n", synopsis, what)
		if fl := fs.FlagUsages(); fl != "" {
			fmt.Fprintf(c.Stdout, "\nFlags:\n%s", fl)
		}
	}
}

func (c *Command) explain(args []string) error {
	fs := c.flagSet("etcdlint explain")
	c.usage(fs, "etcdlint explain RULE", "explains a rule: what etcd really does on each surface and version, what to write instead, and an example before and after")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("explain takes one rule id (see 'etcdlint rules')")
	}
	r := rules.ByID(fs.Arg(0))
	if r == nil {
		return usagef("unknown rule %q (see 'etcdlint rules')", fs.Arg(0))
	}
	return report.Explain(c.Stdout, r)
}
