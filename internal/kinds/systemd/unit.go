package systemd

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// unit collects the directives of one unit (or drop-in) that matter to etcd.
type unit struct {
	src    []byte
	masked *template.Masked
	schema fact.Schema
	// execs are the ExecStart= lines since the last empty ExecStart= reset.
	execs   []directive
	env     []*fact.Setting
	items   map[*fact.Setting]envItem
	envFile bool
	errs    []*fact.ParseError
	// vars are the last Environment= assignments of every variable, for
	// $VAR on the command line; all are the directives seen.
	vars map[string]varDef
	all  []directive
}

// envItem is where an Environment= assignment sits, for rendering.
type envItem struct {
	directive fact.Span
	// only is true when the assignment is the directive's only one.
	only bool
	// quote is the quote around the whole assignment ("ETCD_X=a b"), or 0.
	quote byte
}

func (u *unit) directive(d directive) {
	u.all = append(u.all, d)
	switch d.key {
	case "ExecStart":
		if len(d.text) == 0 {
			u.execs = nil // a drop-in's reset line
			return
		}
		u.execs = append(u.execs, d)
	case "Environment":
		ws := u.words(d, false)
		if u.items == nil {
			u.items = map[*fact.Setting]envItem{}
		}
		if len(d.text) == 0 {
			u.vars = nil // a drop-in's reset line
		}
		for _, w := range ws {
			u.defineVar(w, len(ws) == 1)
			if s := u.assignment(w); s != nil {
				u.env = append(u.env, s)
				u.items[s] = envItem{directive: d.span, only: len(ws) == 1, quote: u.wholeQuote(w)}
			}
		}
	case "EnvironmentFile":
		u.envFile = len(d.text) > 0
	}
}

// wholeQuote is the quote character that opens an assignment word before
// its name, or 0.
func (u *unit) wholeQuote(w cmdline.Word) byte {
	if c := u.src[w.Span.Start]; (c == '"' || c == '\'') && w.Offset(0) > w.Span.Start {
		return c
	}
	return 0
}

// assignment turns an Environment= word into a setting if it sets ETCD_*.
func (u *unit) assignment(w cmdline.Word) *fact.Setting {
	name, value, ok := strings.Cut(w.Value, "=")
	if !ok || !strings.HasPrefix(name, "ETCD_") || strings.IndexFunc(name, func(r rune) bool { return r > 127 || !isNameByte(byte(r)) }) >= 0 {
		return nil
	}
	eq := len(name)
	valEnd := w.Span.End
	if q := u.wholeQuote(w); q != 0 && u.src[valEnd-1] == q {
		valEnd--
	}
	return &fact.Setting{
		Name:      u.schema.FlagForEnv(name),
		Surface:   fact.Env,
		Raw:       name,
		Span:      w.Span,
		NameSpan:  fact.Span{Start: w.Offset(0), End: w.Offset(eq)},
		Value:     value,
		HasValue:  true,
		ValueSpan: fact.Span{Start: w.Offset(eq) + 1, End: valEnd},
		Templated: u.masked.Templated(fact.Span{Start: w.Offset(eq), End: w.Span.End}) || strings.Contains(value, "%"),
	}
}

// command is an ExecStart= command line split into its parts.
type command struct {
	prog cmdline.Word // the program, without the execPrefixes
	args []cmdline.Word
}

func (u *unit) command(d directive) (command, bool) {
	ws := u.words(d, true)
	if len(ws) == 0 {
		return command{}, false
	}
	w := ws[0]
	n := len(w.Value) - len(strings.TrimLeft(w.Value, execPrefixes))
	c := command{prog: sub(w, n), args: ws[1:]}
	if strings.Contains(w.Value[:n], "@") && len(c.args) > 0 {
		c.args = c.args[1:] // the next word is argv[0]
	}
	return c, c.prog.Value != ""
}

func (u *unit) finish() ([]*fact.Process, []*fact.ParseError) {
	var procs []*fact.Process
	var mentions bool
	var mainSps []*spliced
	var lastArg *spliced
	var containers []*fact.Process
	for _, d := range u.execs {
		c, ok := u.command(d)
		if !ok {
			continue
		}
		base := path.Base(c.prog.Value)
		mentions = mentions || strings.Contains(base, "etcd") && cmdline.Program(base) != cmdline.Etcdctl && cmdline.Program(base) != cmdline.Etcdutl ||
			cmdline.IsShell(base) && bytes.Contains(d.text, []byte("etcd"))
		if len(procs) > 0 {
			continue
		}
		switch prog := cmdline.Program(c.prog.Value); {
		case prog == cmdline.Etcd:
			proc := &fact.Process{Form: fact.CommandLine, Anchor: c.prog.Span, UnderSystemd: true}
			args, sps := u.splice(d, c.args)
			cmdline.Parse(proc, cmdline.TemplateArgs(proc, args, u.masked, u.schema), u.schema)
			fixSpans(proc, sps)
			last := c.prog
			if len(c.args) > 0 {
				last = c.args[len(c.args)-1]
			}
			proc.Render = &cmdline.Renderer{Quote: Quote, InsertAt: last.Span.End}
			mainSps, lastArg = sps, nil
			if len(c.args) > 0 && len(sps) > 0 {
				if name, _ := u.reference(last); name != "" && sps[len(sps)-1].def.name == name {
					lastArg = sps[len(sps)-1]
				}
			}
			procs = append(procs, proc)
		case prog == "" && shellcmd.RunsContainers(c.prog.Value):
			// ExecStart=/usr/bin/docker run … quay.io/coreos/etcd:v3.3.8 etcd --flags:
			// the container's etcd is a process of its own, with neither the
			// unit's Environment= nor systemd as its parent (no journal)
			// (an ExecStart line is not shell: what the shell parser
			// cannot read is no error of the unit)
			_, text, offs := d.commandLine()
			found, _ := shellcmd.ParseCommand(text, offs, u.schema)
			containers = append(containers, found...)
		case prog == "" && cmdline.IsShell(c.prog.Value):
			if code, ok := cmdline.ShellCode(c.args); ok {
				found, errs := shellcmd.ParseCommand(code.Value, code.Offsets, u.schema)
				u.errs = append(u.errs, errs...)
				for _, p := range found {
					p.UnderSystemd = true
				}
				procs = append(procs, found...)
			}
		}
	}
	var main *fact.Process
	for _, p := range procs {
		if p.Form == fact.CommandLine {
			main = p
			break
		}
	}
	if main == nil && len(u.env) > 0 && (len(u.execs) == 0 || mentions) {
		// an env-only drop-in, or a wrapper (etcd-start.sh) that runs etcd
		// out of sight
		main = &fact.Process{Form: fact.EnvFile, Partial: true, UnderSystemd: true, Anchor: u.env[0].Span}
		procs = append(procs, main)
	}
	if main == nil {
		return append(procs, containers...), u.errs
	}
	main.Partial = main.Partial || u.envFile
	for _, s := range u.env {
		if main.Form == fact.CommandLine && holdsFlags(mainSps, s.Raw) {
			// a variable of flags is not an etcd setting itself
			continue
		}
		s.Process = main
		main.Settings = append(main.Settings, s)
	}
	slices.SortStableFunc(main.Settings, func(a, b *fact.Setting) int { return cmp.Compare(a.Span.Start, b.Span.Start) })
	r := &renderer{items: u.items, cmd: main.Render, src: u.src}
	if main.Form == fact.CommandLine {
		r.spliced, r.lastArg = mainSps, lastArg
	}
	for _, s := range u.env {
		r.addAfter = max(r.addAfter, u.items[s].directive.End)
	}
	main.Render = r
	return append(procs, containers...), u.errs
}

// Quote writes a value as one systemd command-line word.
func Quote(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\n\"'\\$%;") {
		return v
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", "$$", "%", "%%", "\n", `\n`).Replace(v) + `"`
}

// renderer renders intents on a unit: Environment= assignments itself,
// flags and additions through the command line's renderer.
type renderer struct {
	items map[*fact.Setting]envItem
	cmd   fact.Renderer
	// addAfter is where an Environment= line goes when there is no command line.
	addAfter int
	// spliced are the variables spliced into the command line; lastArg is
	// the one that ends it, if any.
	spliced []*spliced
	lastArg *spliced
	src     []byte
}

func (r *renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	item, isEnv := r.items[in.Setting]
	if !isEnv {
		if edits, ok, err := r.renderSpliced(src, in); ok {
			return edits, err
		}
		if in.Kind == fact.Add && in.Value != nil {
			if edits, ok, err := r.addSpliced(in); ok {
				return edits, err
			}
		}
	}
	switch {
	case in.Setting != nil && isEnv:
		if err := r.feedsCommand(in); err != nil {
			return nil, err
		}
		return renderEnv(src, in, item), nil
	case r.cmd != nil:
		return r.cmd.Render(src, in)
	case in.Kind == fact.Add:
		line := "Environment=" + fact.EnvName(in.Name) + "=" + *in.Value
		if strings.ContainsAny(*in.Value, " \t\"'\\") {
			line = "Environment=" + Quote(fact.EnvName(in.Name)+"="+*in.Value)
		}
		return []fact.Edit{textedit.InsertLineAfter(src, r.addAfter, line)}, nil
	}
	return nil, fmt.Errorf("systemd unit: cannot render intent %d without an etcd command line", in.Kind)
}

func renderEnv(src []byte, in fact.Intent, item envItem) []fact.Edit {
	s := in.Setting
	switch in.Kind {
	case fact.Remove:
		if item.only {
			return []fact.Edit{textedit.RemoveLines(src, item.directive)}
		}
		return []fact.Edit{cmdline.RemoveWords(src, s.Span)}
	case fact.Replace:
		var edits []fact.Edit
		if in.Name != "" && in.Name != s.Name {
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: fact.EnvName(in.Name)})
		}
		if in.Value != nil {
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: envValue(src, s.ValueSpan, item.quote, *in.Value)})
		}
		return edits
	}
	return nil
}
