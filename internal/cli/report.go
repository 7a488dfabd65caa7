package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/config"
	"github.com/etcdlint/etcdlint/lint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// reportFlags are the flags for CI and team use: configuration files and
// baselines. --format is parsed by parseFormats.
type reportFlags struct {
	config        string
	baseline      string
	writeBaseline string
	// maxFindings caps the findings shown per file (lint.CapFindings).
	maxFindings int
}

func (r *reportFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&r.config, "config", "", "read settings from `FILE` instead of the .etcdlint.toml nearest to the paths")
	fs.StringVar(&r.baseline, "baseline", "", "report only findings that are not in the baseline `FILE` (the fix modes leave those alone)")
	fs.StringVar(&r.writeBaseline, "write-baseline", "", "record every current finding in `FILE` (with --fix: those left after fixing) and exit 0: later runs with --baseline report only new ones")
}

// formats are the report formats besides text, by name.
var formats = map[string]func(io.Writer) report.Writer{
	"json":       report.NewJSON,
	"sarif":      report.NewSARIF,
	"github":     report.NewGitHub,
	"gitlab":     report.NewGitLab,
	"checkstyle": report.NewCheckstyle,
	"rdjson":     report.NewRDJSON,
	"markdown":   report.NewMarkdown,
	"concise":    report.NewConcise,
}

// newReport starts the report o on w; the text report is coloured when
// color says so.
func newReport(o output, w io.Writer, color bool) report.Writer {
	if o.format == "text" {
		return report.NewText(w, color)
	}
	return formats[o.format](w)
}

// formatNames lists the formats for help and errors.
func formatNames() string {
	names := []string{"text"}
	for n := range formats {
		names = append(names, n)
	}
	slices.Sort(names[1:])
	return strings.Join(names, ", ")
}

// output is one report: a format and the file it goes to ("" is stdout).
type output struct{ format, file string }

// parseFormats parses --format: a comma-separated list of NAME or NAME=FILE.
// At most one report can go to stdout.
func parseFormats(s string) ([]output, error) {
	var outs []output
	stdout := ""
	for _, item := range strings.Split(s, ",") {
		name, file, hasFile := strings.Cut(strings.TrimSpace(item), "=")
		if _, ok := formats[name]; !ok && name != "text" {
			return nil, usagef("unknown --format %q (want %s, each optionally =FILE)", name, formatNames())
		}
		if hasFile && file == "" {
			return nil, usagef("--format %s=: name the file to write", name)
		}
		if hasFile {
			if err := reportDirExists("--format "+name, file); err != nil {
				return nil, err
			}
		}
		if !hasFile {
			if stdout != "" {
				return nil, usagef("--format %s and %s both write to stdout: send one to a file with %s=FILE", stdout, name, name)
			}
			stdout = name
		}
		outs = append(outs, output{name, file})
	}
	return outs, nil
}

// loadConfig finds and reads the configuration of the paths: --config, or
// the .etcdlint.toml nearest to them; the zero Config when there is none.
func (r *reportFlags) loadConfig(paths []string, stdinName string) (*config.Config, error) {
	path := r.config
	if path == "" {
		var err error
		if path, err = findConfig(paths, stdinName); err != nil {
			return nil, err
		}
	}
	if path == "" {
		return &config.Config{}, nil
	}
	return config.Load(path)
}

// findConfig returns the .etcdlint.toml nearest to the paths, or "". Paths
// under different configurations are an error: the upgrade and the rule
// settings must be one for the whole run.
func findConfig(paths []string, stdinName string) (string, error) {
	found := ""
	from := ""
	for _, p := range paths {
		if p == "-" {
			p = "."
			if stdinName != "" {
				p = stdinName
			}
		}
		c, err := config.Find(p)
		if err != nil {
			return "", err
		}
		if from != "" && c != found {
			return "", usagef("%s and %s are under different configurations (%s, %s): lint them in separate runs or pass --config", from, p, orNone(found), orNone(c))
		}
		found, from = c, p
	}
	return found, nil
}

func orNone(p string) string {
	if p == "" {
		return "none"
	}
	return p
}

// lintAndReport lints the files and writes every report while the run goes:
// each file's findings leave the baseline filter and the per-file cap for
// the reports, and nothing keeps them (a run with a million findings has
// the memory of one with a few). With --write-baseline the findings go to
// the baseline instead.
func (c *Command) lintAndReport(r *reportFlags, outs []output, opts lint.Options, files []string, docs []lint.Document, stdout io.Writer, failOn rules.Severity, color bool) (int, error) {
	if r.writeBaseline != "" && r.baseline != "" {
		return 0, usagef("--baseline and --write-baseline are alternatives: --write-baseline alone records a new baseline")
	}
	base, err := readBaseline(r.baseline)
	if err != nil {
		return 0, err
	}
	e, err := lint.New(opts)
	if err != nil {
		return 0, err
	}
	if r.writeBaseline != "" {
		b := lint.NewBaseline(&lint.Result{})
		res := e.Stream(files, docs, b.Add)
		if err := writeReport(r.writeBaseline, b.Write); err != nil {
			return 0, err
		}
		fmt.Fprintf(c.Stderr, "etcdlint: wrote %d findings to %s\n", len(b.Findings), r.writeBaseline)
		if len(res.Errors) > 0 {
			return ExitError, nil
		}
		return ExitOK, nil
	}

	reports, err := openReports(outs, stdout, color)
	if err != nil {
		return 0, err
	}
	var (
		known, failing int
		capped         []lint.Notice
		tally          report.Tally
	)
	res := e.Stream(files, docs, func(f *lint.File) {
		if base != nil {
			known += base.FilterFile(f)
		}
		// before the cap: a finding not shown still fails the run
		failing += slices.IndexFunc(f.Findings, func(fd lint.Finding) bool { return fd.Severity >= failOn }) + 1
		if n := lint.CapFindings(f, r.maxFindings); n != nil {
			capped = append(capped, *n)
		}
		tally.Add(f)
		reports.file(f)
	})
	res.Notices = append(res.Notices, capped...)
	if err := reports.end(res); err != nil {
		return 0, err
	}
	if c.summarize(outs) {
		for _, n := range res.Notices {
			fmt.Fprintf(c.Stderr, "etcdlint: %s: %s\n", n.Path, n.Msg)
		}
		if known > 0 {
			fmt.Fprintf(c.Stderr, "etcdlint: %d findings in the baseline %s not shown\n", known, r.baseline)
		}
		tally.Summary(c.Stderr, res)
	}
	switch {
	case len(res.Errors) > 0:
		return ExitError, nil
	case failing > 0:
		return ExitFindings, nil
	}
	return ExitOK, nil
}

// reports are the reports of a run being written, each to its file or to
// stdout, through a buffer; the one on stdout is flushed after every file,
// so that a progress line on the same terminal is drawn between files.
type reports struct {
	writers []report.Writer
	bufs    []*bufio.Writer
	files   []*os.File // nil for stdout
	err     error
}

func openReports(outs []output, stdout io.Writer, color bool) (*reports, error) {
	r := &reports{}
	for _, o := range outs {
		w, fh := stdout, (*os.File)(nil)
		if o.file != "" {
			var err error
			if fh, err = os.Create(o.file); err != nil {
				r.close()
				return nil, err
			}
			w = fh
		}
		buf := bufio.NewWriterSize(w, 64<<10)
		r.files = append(r.files, fh)
		r.bufs = append(r.bufs, buf)
		r.writers = append(r.writers, newReport(o, buf, color && o.file == ""))
	}
	return r, nil
}

func (r *reports) file(f *lint.File) {
	for i, w := range r.writers {
		r.keep(w.File(f))
		if r.files[i] == nil {
			r.keep(r.bufs[i].Flush())
		}
	}
}

func (r *reports) end(res *lint.Result) error {
	for i, w := range r.writers {
		r.keep(w.End(res))
		r.keep(r.bufs[i].Flush())
	}
	r.close()
	return r.err
}

func (r *reports) close() {
	for _, fh := range r.files {
		if fh != nil {
			r.keep(fh.Close())
		}
	}
}

// keep records the first error.
func (r *reports) keep(err error) {
	if r.err == nil {
		r.err = err
	}
}

// readBaseline reads the --baseline file; nil when path is "".
func readBaseline(path string) (*lint.Baseline, error) {
	if path == "" {
		return nil, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %v", err)
	}
	defer fh.Close()
	b, err := lint.ReadBaseline(fh)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return b, nil
}

// writeOutputs writes each report of outs, to its file or to stdout, with
// write.
func writeOutputs(outs []output, stdout io.Writer, write func(o output, w io.Writer) error) error {
	for _, o := range outs {
		var err error
		if o.file == "" {
			err = write(o, stdout)
		} else {
			err = writeReport(o.file, func(w io.Writer) error { return write(o, w) })
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// summarize reports whether the notices and the summary line go to
// stderr: with a report for people (text, concise) or when every report
// goes to a file, unless -q asks for the report alone.
func (c *Command) summarize(outs []output) bool {
	if c.quiet {
		return false
	}
	forPeople := slices.ContainsFunc(outs, func(o output) bool { return o.format == "text" || o.format == "concise" })
	toFiles := !slices.ContainsFunc(outs, func(o output) bool { return o.file == "" })
	return forPeople || toFiles
}

// reportDirExists checks, before any linting, that the directory a report
// goes to exists: a typo there should not become a new directory.
func reportDirExists(flag, path string) error {
	dir := filepath.Dir(path)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return usagef("%s=%s: no directory %s to write it in", flag, path, dir)
	}
	return nil
}

// writeReport writes a report to a file.
func writeReport(path string, write func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	return errors.Join(write(fh), fh.Close())
}

// initConfig writes a commented default .etcdlint.toml.
func (c *Command) initConfig(args []string) error {
	fs := c.flagSet("etcdlint init")
	force := fs.Bool("force", false, "overwrite an existing file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("init takes at most one directory")
	}
	dir := "."
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	path := filepath.Join(dir, config.FileName)
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	fh, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists: edit it, or pass --force to replace it", path)
	} else if err != nil {
		return err
	}
	_, err = io.WriteString(fh, config.Template)
	if err = errors.Join(err, fh.Close()); err != nil {
		return err
	}
	fmt.Fprintf(c.Stderr, "etcdlint: wrote %s\n", path)
	return nil
}
