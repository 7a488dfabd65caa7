package cli

import (
	"os"
	"testing"

	"github.com/etcdlint/etcdlint/internal/testprog"
)

// The test binary is etcdlint itself for tests that run it as a program.
func TestMain(m *testing.M) {
	testprog.Main(m, func(args []string) int { return New(os.Stdin, os.Stdout, os.Stderr).Main(args) })
}
