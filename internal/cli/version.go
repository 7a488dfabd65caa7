package cli

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/etcdlint/etcdlint/lint/report"
	"github.com/etcdlint/etcdlint/rules"
)

func init() { report.ToolVersion = Version() }

// Version is this build of etcdlint: the module version when installed
// from a published module, else the commit it was built from (with
// "-dirty" when the tree had changes), "(devel)" when neither is known.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	v := info.Main.Version
	if v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return "(devel)"
	}
	return rev[:min(12, len(rev))] + dirty
}

// versionText is what --version and "etcdlint version" print.
func versionText() string {
	info, _ := debug.ReadBuildInfo()
	goVersion := ""
	if info != nil {
		goVersion = info.GoVersion
	}
	return fmt.Sprintf("etcdlint %s (%s)\nrule data measured on etcd %s\n", Version(), goVersion, strings.Join(rules.Releases(), ", "))
}
