// Command factsync refreshes rules/data (see internal/factsync); go
// generate ./rules runs it.
package main

import "github.com/etcdlint/etcdlint/internal/factsync"

func main() { factsync.Main() }
