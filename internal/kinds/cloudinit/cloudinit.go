// Package cloudinit is the file kind for machine provisioning configs:
// cloud-init #cloud-config (write_files, whose content is linted as the kind
// of file it writes, and runcmd/bootcmd), and Container Linux Config /
// Butane YAML (systemd.units[].contents, storage.files[].contents.inline).
// Content written verbatim in the YAML (a block scalar) is read in place;
// quoted or folded content is read as decoded, with offsets and edits
// mapped back through its escapes. Base64 and gzip content is skipped.
package cloudinit

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// NewKind returns the kind; kinds classifies written files by their path.
func NewKind(kinds fact.Classifier) fact.Kind { return kind{kinds: kinds} }

type kind struct{ kinds fact.Classifier }

func (kind) Name() string { return "cloud-init" }

var (
	cloudConfig = regexp.MustCompile(`^(?:\x{FEFF})?#cloud-config[ \t]*\r?\n`)
	butane      = fastre.MustCompile(`(?m)^variant:[ \t]*["']?(?:fcos|flatcar|openshift|r4e|fiot)\b`)
	clcUnits    = fastre.MustCompile(`(?m)^systemd:[ \t]*\r?\n(?:[ \t]*(?:#.*)?\r?\n)*[ \t]+units:`)
)

func (kind) Match(p string, src []byte) bool {
	if cloudConfig.Match(src) {
		return true
	}
	switch path.Ext(strings.TrimSuffix(p, ".j2")) {
	case ".bu", ".yaml", ".yml", ".clc":
		return bytes.Contains(src, []byte("variant:")) && butane.Match(src) || bytes.Contains(src, []byte("units:")) && clcUnits.Match(src)
	}
	return false
}

func (k kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	masked := template.Mask(src).Src
	d := yamlpos.New(masked)
	y := &yamlcmd.YAML{Doc: d, Src: src, Schema: schema, Facts: &fact.Facts{}, Kinds: k.kinds}
	var root yaml.Node
	if err := yaml.Unmarshal(masked, &root); err != nil {
		return y.Facts, []*fact.ParseError{d.SyntaxError(err)}
	}
	if len(root.Content) == 0 {
		return y.Facts, nil
	}
	top := root.Content[0]
	items := map[*fact.Setting]fact.Span{}
	for _, key := range []string{"runcmd", "bootcmd"} {
		if seq := yamlpos.Get(top, key); seq != nil && seq.Kind == yaml.SequenceNode {
			for _, c := range seq.Content {
				y.Command(c, nil, items)
			}
		}
	}
	for _, f := range seqOf(yamlpos.Get(top, "write_files")) {
		enc := yamlpos.Get(f, "encoding")
		if enc != nil && (strings.Contains(enc.Value, "b64") || strings.Contains(enc.Value, "base64") || strings.Contains(enc.Value, "gz")) {
			continue
		}
		k.file(y, src, yamlpos.Get(f, "path"), yamlpos.Get(f, "content"))
	}
	sys := yamlpos.Get(top, "systemd")
	for _, u := range seqOf(yamlpos.Get(sys, "units")) {
		name := yamlpos.Get(u, "name")
		k.file(y, src, name, yamlpos.Get(u, "contents"))
		for _, d := range seqOf(yamlpos.Get(u, "dropins")) {
			if name != nil {
				k.fileAs(y, src, "/etc/systemd/system/"+name.Value+".d/"+valueOf(yamlpos.Get(d, "name")), yamlpos.Get(d, "contents"))
			}
		}
	}
	// CoreOS cloud-config (coreos-cloudinit): coreos.units[].content and
	// their drop-ins
	for _, u := range seqOf(yamlpos.Get(yamlpos.Get(top, "coreos"), "units")) {
		name := yamlpos.Get(u, "name")
		k.file(y, src, name, yamlpos.Get(u, "content"))
		for _, d := range seqOf(yamlpos.Get(u, "drop-ins")) {
			if name != nil {
				k.fileAs(y, src, "/etc/systemd/system/"+name.Value+".d/"+valueOf(yamlpos.Get(d, "name")), yamlpos.Get(d, "content"))
			}
		}
	}
	for _, f := range seqOf(yamlpos.Get(yamlpos.Get(top, "storage"), "files")) {
		k.file(y, src, yamlpos.Get(f, "path"), yamlpos.Get(yamlpos.Get(f, "contents"), "inline"))
	}
	return y.Facts, y.Errs
}

func seqOf(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

func valueOf(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

func (k kind) file(y *yamlcmd.YAML, src []byte, p, content *yaml.Node) {
	if p != nil {
		name := p.Value
		if !strings.Contains(name, "/") {
			name = "/etc/systemd/system/" + name // a unit's name
		}
		k.fileAs(y, src, name, content)
	}
}

// fileAs lints content as the file p: in place when the YAML writes it
// verbatim, else as decoded.
func (k kind) fileAs(y *yamlcmd.YAML, src []byte, p string, content *yaml.Node) {
	if content == nil || content.Kind != yaml.ScalarNode || k.kinds == nil {
		return
	}
	sc, err := y.Doc.Scalar(content)
	if err != nil || sc.Value == "" {
		return
	}
	verbatim := true
	for i := range len(sc.Value) {
		if sc.Verbatim(i) {
			continue
		}
		if o := sc.Offsets[i]; sc.Value[i] != '\n' || src[o] != '\n' && src[o] != '\r' {
			verbatim = false // an escape ("\n" in a quoted string) or a fold
			break
		}
	}
	// classify the file as written to disk (the decoded value, without
	// the block's indentation: an etcd config file's keys start lines)
	inner := k.kinds.Classify(p, []byte(sc.Value))
	if inner == nil || inner.Name() == "cloud-init" {
		return
	}
	if !verbatim {
		// parse the decoded value; offsets and edits go through the escapes
		y.Errs = append(y.Errs, nested.ParseMapped(y.Facts, inner, p, []byte(sc.Value), sc.Offsets, nested.YAMLScalar(sc.Style), y.Schema)...)
		return
	}
	// parse it in place, indented, so offsets are the outer file's
	keep := fact.Span{Start: sc.Offsets[0], End: sc.Offsets[len(sc.Value)]}
	y.Errs = append(y.Errs, nested.Parse(y.Facts, inner, p, src, y.Schema, keep)...)
}
