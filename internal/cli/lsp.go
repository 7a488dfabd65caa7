package cli

import (
	"errors"
	"fmt"

	"github.com/etcdlint/etcdlint/internal/lsp"
	"github.com/etcdlint/etcdlint/rules"
)

// lspMain runs the Language Server on stdin and stdout until the editor
// says exit.
func (c *Command) lspMain(args []string) int {
	fs := c.flagSet("etcdlint lsp")
	from := fs.String("from", "", "etcd version the cluster runs now (default: the configuration's, or the minor before --to)")
	to := fs.String("to", "", "etcd version to upgrade to: 3.5 or 3.6 (default: the configuration's, or 3.5)")
	cfg := fs.String("config", "", "read settings from `FILE` instead of the .etcdlint.toml nearest to each file")
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
	if *from != "" || *to != "" {
		if _, err := rules.ParseUpgrade(*from, *to); err != nil {
			return c.exit(usageError{err.Error()})
		}
	}
	err := lsp.New(c.Stdin, c.Stdout, lsp.Options{From: *from, To: *to, Config: *cfg, Log: c.Stderr}).Run()
	if errors.Is(err, lsp.ErrNoShutdown) {
		return ExitFindings // the spec's exit status 1
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "etcdlint lsp: %v\n", err)
		return ExitError
	}
	return ExitOK
}
