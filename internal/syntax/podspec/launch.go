package podspec

import (
	"path"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlpos"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Item is one argument written as a YAML sequence item.
type Item struct {
	cmdline.Word
	Scalar *yamlpos.Scalar
	// Flow is true for an item of a [ ] list.
	Flow bool
}

// Items reads a sequence of scalars as arguments.
func (f *File) Items(seq *yaml.Node) []*Item {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil
	}
	var out []*Item
	for _, n := range seq.Content {
		if n.Kind != yaml.ScalarNode {
			continue
		}
		sc, ok := f.Text(n)
		if !ok {
			return out
		}
		out = append(out, &Item{
			Word: cmdline.Word{
				Value:   sc.Value,
				Span:    sc.Span,
				Offsets: sc.Offsets,
				// Kubernetes expands $(VAR) in command and args.
				Dynamic: f.Masked.Templated(sc.Span) || strings.Contains(sc.Value, "$("),
			},
			Scalar: sc,
			Flow:   seq.Style&yaml.FlowStyle != 0,
		})
	}
	return out
}

// Launch is what a container or service runs, as the file writes it.
type Launch struct {
	// Argv is the command (or entrypoint) followed by the arguments.
	Argv []*Item
	// Command is true when Argv starts with the program, false when the
	// image's own entrypoint receives Argv.
	Command bool
	// EtcdImage is true for an etcd image.
	EtcdImage bool
	Env       *Env
	// Span is the container or service, for Helm lines hidden inside it.
	Span fact.Span
	// Anchor is where findings about an etcd the file only implies (an
	// etcd image without arguments) point.
	Anchor fact.Span
	// Partial is set when settings come from elsewhere (envFrom, env_file).
	Partial bool
	// Task is set for a pod that runs to completion (Job, CronJob): an etcd
	// image there runs a task (a snapshot, a defrag), not the server,
	// unless its command or arguments say etcd.
	Task bool
	// Script is a command written as one string (compose), split as a
	// shell would; ScriptPrefix is read before it ("etcd " when the image
	// runs etcd and the string starts with flags).
	Script       *yamlpos.Scalar
	ScriptPrefix string
}

// Processes are the etcd processes a launch starts.
func (f *File) Processes(l *Launch) []*fact.Process {
	var procs []*fact.Process
	argv := l.Argv
	switch {
	case l.Script != nil:
		procs = f.script(l.Script, l.ScriptPrefix)
	case len(argv) > 0 && cmdline.Program(argv[0].Value) == cmdline.Etcd && (l.Command || l.EtcdImage):
		procs = append(procs, f.Etcd(argv[0].Span, argv[1:]))
	case len(argv) > 0 && cmdline.IsShell(argv[0].Value) && (l.Command || l.EtcdImage):
		procs = f.shellCode(argv[1:])
	case l.EtcdImage && (len(argv) == 0 && !l.Task || len(argv) > 0 && strings.HasPrefix(argv[0].Value, "-")):
		// the image's entrypoint is etcd, the arguments are its flags
		p := f.Etcd(l.Anchor, argv)
		if len(argv) == 0 {
			p.Partial = true // the image's default command is not in the file
		}
		procs = append(procs, p)
	}
	if len(procs) == 0 && l.EtcdImage && l.Env != nil && len(l.Env.Settings) > 0 && !l.Task && !runsOther(argv) {
		// an etcd image running a wrapper the file does not show: its
		// ETCD_* variables likely reach etcd
		procs = append(procs, &fact.Process{Form: fact.CommandLine, Anchor: l.Anchor, Partial: true, Render: &Renderer{}})
	}
	for _, p := range procs {
		if l.Partial || f.hidden(l.Span) {
			p.Partial = true
		}
	}
	if l.Env != nil && len(l.Env.Settings) > 0 {
		for _, p := range procs {
			if p.Form == fact.CommandLine {
				l.Env.Attach(p)
				break
			}
		}
	}
	return procs
}

// runsOther reports whether argv, run in an etcd image, is known to run
// something else than the etcd server: a shell script read in full that
// starts no etcd (a defrag or snapshot job calling etcdctl), or a wrapper
// handed another script to run (Bitnami's entrypoint.sh preupgrade.sh).
func runsOther(argv []*Item) bool {
	if len(argv) < 2 {
		return false
	}
	if cmdline.IsShell(argv[0].Value) {
		for i, a := range argv[1:] {
			if a.Value == "-c" || strings.HasPrefix(a.Value, "-") && !strings.HasPrefix(a.Value, "--") && strings.Contains(a.Value, "c") {
				return i+2 < len(argv) && !argv[i+2].Dynamic
			}
		}
		return false
	}
	next := argv[1].Value
	return !argv[1].Dynamic && !strings.HasPrefix(next, "-") && path.Base(next) != "etcd" &&
		(strings.Contains(next, "/") || path.Ext(next) == ".sh")
}

// Etcd builds the process of an etcd whose arguments are list items.
func (f *File) Etcd(anchor fact.Span, args []*Item) *fact.Process {
	p := &fact.Process{Form: fact.CommandLine, Anchor: anchor}
	words := make([]cmdline.Word, len(args))
	for i, a := range args {
		words[i] = a.Word
	}
	cmdline.Parse(p, cmdline.TemplateArgs(p, words, f.Masked, f.Schema), f.Schema)
	r := &Renderer{items: map[*fact.Setting][]*Item{}, last: lastOf(args)}
	for _, s := range p.Settings {
		for _, a := range args {
			if s.Span.Contains(a.Span) {
				r.items[s] = append(r.items[s], a)
			}
		}
	}
	p.Render = r
	return p
}

func lastOf(items []*Item) *Item {
	if len(items) == 0 {
		return nil
	}
	return items[len(items)-1]
}

// shellCode handles "sh -c CODE" where CODE is one list item: the script
// is parsed as shell with its offsets mapped through the YAML scalar.
func (f *File) shellCode(args []*Item) []*fact.Process {
	for i, a := range args {
		if a.Value == "-c" || strings.HasPrefix(a.Value, "-") && !strings.HasPrefix(a.Value, "--") && strings.Contains(a.Value, "c") {
			if i+1 >= len(args) {
				return nil
			}
			return f.script(args[i+1].Scalar, "")
		}
		if !strings.HasPrefix(a.Value, "-") {
			return nil // a script file, not -c
		}
	}
	return nil
}

// script parses a scalar holding shell code (prefix, if any, is read
// before the code at the scalar's first byte: "etcd " for a compose
// command of an etcd image). Edits the shell renderer makes are escaped
// for the scalar's style.
func (f *File) script(sc *yamlpos.Scalar, prefix string) []*fact.Process {
	offs := make([]int, 0, len(prefix)+len(sc.Offsets))
	for range prefix {
		offs = append(offs, sc.Offsets[0])
	}
	offs = append(offs, sc.Offsets...)
	procs, errs := shellcmd.ParseCommand(prefix+sc.Value, offs, f.Schema)
	f.errs = append(f.errs, errs...)
	var out []*fact.Process
	for _, p := range procs {
		if prefix != "" && p.Anchor.Start == sc.Offsets[0] && p.Anchor.Len() == 0 {
			p.Anchor = sc.Span
		}
		p.Render = &Renderer{inner: &scalarRenderer{inner: p.Render, sc: sc}}
		out = append(out, p)
	}
	return out
}
