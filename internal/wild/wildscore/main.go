// Command wildscore prints etcdlint's recall and precision on the wild
// corpus, per rule and per kind, and every miss and false positive.
package main

import (
	"fmt"
	"os"

	"github.com/etcdlint/etcdlint/internal/wild"
)

func main() {
	dir := "testdata/wild"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	c, err := wild.Load(dir)
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
