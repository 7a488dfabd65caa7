// Package testprog lets a test binary stand in for a program the tests
// run as a separate process (etcdlint under the Action's script or an
// editor), so that they need not build it.
package testprog

import (
	"os"
	"path/filepath"
	"testing"
)

const asProgram = "TESTPROG_RUN_AS_PROGRAM"

// Main is a TestMain: run as the program, it calls run with the
// arguments and exits with its code; else it runs the tests.
func Main(m *testing.M, run func(args []string) int) {
	if os.Getenv(asProgram) == "1" {
		os.Exit(run(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// Path writes an executable named name that runs this test binary as the
// program and returns its path.
func Path(t testing.TB, name string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), name)
	script := "#!/bin/sh\n" + asProgram + "=1 exec '" + self + "' \"$@\"\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}
