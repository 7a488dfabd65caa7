package cli

import (
	"errors"
	"fmt"

	"github.com/etcdlint/etcdlint/internal/lsp"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/config"
)

// lspMain runs the Language Server on stdin and stdout until the editor
// says exit.
func (c *Command) lspMain(args []string) int {
	var o lsp.Options
	fs := c.flagSet("etcdlint lsp")
	fs.StringVar(&o.From, "from", "", fromUsage)
	fs.StringVar(&o.To, "to", "", toUsage)
	fs.StringSliceVar(&o.Enable, "enable", nil, enableUsage)
	fs.StringSliceVar(&o.Disable, "disable", nil, disableUsage)
	fs.StringVar(&o.MetricsFrom, "metrics-from", "", metricsFromUsage)
	fs.Int64Var(&o.MaxFileSize, "max-file-size", lint.DefaultMaxFileSize, maxFileSizeUsage)
	fs.StringVar(&o.Config, "config", "", "read settings from `FILE` instead of the .etcdlint.toml nearest to each file")
	fs.Usage = func() {
		fmt.Fprintf(c.Stderr, `etcdlint lsp serves diagnostics and fixes to an editor over stdin and stdout
(the Language Server Protocol). See README.md, "Editors".

Usage:
  etcdlint lsp [flags]

Flags:
%s`, fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		return c.exit(err)
	}
	if fs.NArg() > 0 {
		return c.exit(usagef("lsp takes no paths: the editor sends the files"))
	}
	// a mistake in a flag stops the server before the session, rather
	// than becoming a diagnostic in every file
	if _, err := resolve(o.Choices(), &config.Config{}); err != nil {
		return c.exit(err)
	}
	o.Log = c.Stderr
	err := lsp.New(c.Stdin, c.Stdout, o).Run()
	if errors.Is(err, lsp.ErrNoShutdown) {
		return ExitFindings // the spec's exit status 1
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "etcdlint lsp: %v\n", err)
		return ExitError
	}
	return ExitOK
}
