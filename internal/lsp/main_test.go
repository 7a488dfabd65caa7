package lsp_test

import (
	"os"
	"testing"

	"github.com/etcdlint/etcdlint/internal/cli"
	"github.com/etcdlint/etcdlint/internal/testprog"
)

// The test binary is etcdlint itself for the editor test's "etcdlint lsp".
func TestMain(m *testing.M) {
	testprog.Main(m, func(args []string) int { return cli.New(os.Stdin, os.Stdout, os.Stderr).Main(args) })
}
