// Package envfile is the file kind for KEY=VALUE environment files: systemd
// EnvironmentFile= targets, /etc/default/etcd, etcd.conf in KEY=VALUE form,
// docker --env-file files and their Jinja templates (*.env.j2).
package envfile

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/envassign"
	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the env file kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "env" }

var assignLine = fastre.MustCompile(`(?m)^[ \t]*(?:export[ \t]+)?ETCD_[A-Z0-9_]+=`)

func (kind) Match(p string, src []byte) bool {
	base := strings.TrimSuffix(path.Base(p), ".j2")
	switch {
	case base == ".env" || strings.HasSuffix(base, ".env") || strings.HasSuffix(base, ".environment"):
		return true
	case strings.Contains(p, "/default/") || strings.Contains(p, "/sysconfig/"):
		return assignLine.Match(src) && mostlyAssignments(src)
	case base == "etcd.conf" || strings.HasSuffix(base, ".conf") && strings.Contains(base, "etcd"):
		return assignLine.Match(src) && !bytes.Contains(src, []byte("[Service]")) && mostlyAssignments(src)
	}
	return false
}

var anyAssignment = regexp.MustCompile(`^[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*=`)

// mostlyAssignments tells an env file from another format that shares its
// names (an upstart job etcd.conf, a script in /etc/default): most of its
// lines, comments and template markup aside, are NAME=VALUE.
func mostlyAssignments(src []byte) bool {
	text := template.Mask(src).Src
	lines, assignments := 0, 0
	for line := range bytes.Lines(text) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || t[0] == ';' || len(bytes.Trim(t, "x")) == 0 {
			continue
		}
		lines++
		if anyAssignment.Match(t) {
			assignments++
		}
	}
	return 2*assignments > lines
}

func (kind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	proc := &fact.Process{Form: fact.EnvFile, Partial: true}
	errs := envassign.ParseInto(proc, src, 0, len(src), schema)
	proc.Render = envassign.Renderer{}
	return &fact.Facts{Processes: []*fact.Process{proc}}, errs
}
