// Command docgen writes docs/rules.md from the rule metadata, so the rule
// documentation, `etcdlint explain` and the SARIF rule entries share one
// source.
//
//	go run ./tools/docgen > docs/rules.md
package main

import (
	"fmt"
	"os"

	"github.com/etcdlint/etcdlint/internal/docgen/rulesdoc"
)

func main() {
	if err := rulesdoc.Write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}
