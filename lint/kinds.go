package lint

import (
	"bytes"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/lint/kinds/envfile"
	"github.com/etcdlint/etcdlint/lint/kinds/etcdconfig"
	"github.com/etcdlint/etcdlint/lint/kinds/shell"
	"github.com/etcdlint/etcdlint/lint/kinds/systemd"
)

// kinds is every file kind, in the order classification tries them: the
// more specific first.
var kinds = []fact.Kind{
	systemd.NewKind(shell.ParseCommand),
	envfile.Kind,
	etcdconfig.Kind,
	shell.Kind,
}

// Kinds returns the names of the file kinds, for --help and docs.
func Kinds() []string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.Name())
	}
	return out
}

// KindByName returns the file kind with the given name, or nil.
func KindByName(name string) fact.Kind {
	for _, k := range kinds {
		if k.Name() == name {
			return k
		}
	}
	return nil
}

// Classify picks the file kind of a file from its path and content, or nil.
func Classify(path string, src []byte) fact.Kind {
	for _, k := range kinds {
		if k.Match(path, src) {
			return k
		}
	}
	return nil
}

// triggers are the words one of which every file that can hold a finding
// contains; the rest never reach a parser.
var triggers = [][]byte{
	[]byte("etcd"), []byte("ETCD"), []byte("Etcd"),
	[]byte("v3beta"), []byte("v3alpha"), []byte("capnslog"),
	[]byte("listen-client-urls"), []byte("initial-cluster"), []byte("advertise-client-urls"),
}

// Prefilter is the cheap first pass: false means no rule can fire.
func Prefilter(src []byte) bool {
	for _, t := range triggers {
		if bytes.Contains(src, t) {
			return true
		}
	}
	return false
}
