// Command etcdlint audits the files around an etcd cluster before an
// upgrade and fixes what it can. See README.md.
package main

import (
	"os"

	"github.com/etcdlint/etcdlint/internal/cli"
)

func main() {
	os.Exit(cli.New(os.Stdin, os.Stdout, os.Stderr).Main(os.Args[1:]))
}
