// Command wildscore prints etcdlint's recall and precision on the wild
// corpus, per rule and per kind, and every miss and false positive.
// With -check it only validates the tables, so labellers can check their
// slice without seeing what etcdlint reports.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/etcdlint/etcdlint/internal/wild"
)

func main() {
	check := flag.Bool("check", false, "validate manifests and labels without running etcdlint")
	flag.Parse()
	dir := "testdata/wild"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	c, err := wild.Load(dir)
	if err == nil && *check {
		fmt.Printf("%d files, %d labels, %d contested: tables are valid\n", len(c.Files), len(c.Labels), len(c.Contested))
		return
	}
	if err == nil {
		var s *wild.Score
		if s, err = wild.Run(c); err == nil {
			s.Print(os.Stdout)
			return
		}
	}
	fmt.Fprintln(os.Stderr, "wildscore:", err)
	os.Exit(2)
}
