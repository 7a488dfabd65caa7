// Package dockerfile is the file kind for Dockerfiles and Containerfiles:
// the etcd command of CMD/ENTRYPOINT (exec form as a JSON array, shell form
// read by shellcmd), ETCD_* variables of ENV attached to it, and RUN
// lines that start etcd. Image facts come from the engine's text scan.
package dockerfile

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the Dockerfile kind.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "dockerfile" }

func (kind) Match(p string, _ []byte) bool {
	base := strings.ToLower(strings.TrimSuffix(path.Base(p), ".j2"))
	for _, n := range []string{"dockerfile", "containerfile"} {
		if base == n || strings.HasPrefix(base, n+".") || strings.HasSuffix(base, "."+n) {
			return true
		}
	}
	return false
}

// instruction is one logical instruction: its keyword and the raw region of
// its arguments, continuation lines included.
type instruction struct {
	keyword string
	at      int // the keyword
	// start and end bound the arguments, continuation lines included
	start, end int
}

var escapeDirective = regexp.MustCompile("(?i)^#[ \t]*escape[ \t]*=[ \t]*([\\\\`])[ \t]*\r?$")

// instructions splits the file into instructions, joining continuation
// lines (a line ending in the escape character).
func instructions(src []byte) ([]instruction, byte) {
	esc := byte('\\')
	var out []instruction
	var cur *instruction
	directives := true
	for l := range textedit.Lines(src) {
		off, next, line := l.Start, l.Next, l.Text
		trimmed := bytes.TrimLeft(line, " \t")
		if cur == nil {
			switch {
			case len(trimmed) > 0 && trimmed[0] == '#':
				if m := escapeDirective.FindSubmatch(line); m != nil && directives {
					esc = m[1][0]
				}
				continue
			case len(bytes.TrimSpace(trimmed)) == 0:
				directives = false
				continue
			}
			directives = false
			lead := off + len(line) - len(trimmed)
			kw := trimmed
			if i := bytes.IndexAny(kw, " \t"); i >= 0 {
				kw = kw[:i]
			}
			cur = &instruction{keyword: strings.ToUpper(string(kw)), at: lead, start: lead + len(kw)}
			for cur.start < off+len(line) && (src[cur.start] == ' ' || src[cur.start] == '\t') {
				cur.start++
			}
		}
		cur.end = off + len(line)
		rest := bytes.TrimRight(line, " \t")
		if len(rest) > 0 && rest[len(rest)-1] == esc && next < len(src) {
			continue
		}
		out = append(out, *cur)
		cur = nil
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out, esc
}

// stage is what one FROM … section sets.
type stage struct {
	entrypoint, cmd *command
	env             []*fact.Setting
	runs            []*fact.Process
	// name is the stage's "AS name"; parent is the earlier stage it is
	// built FROM, whose ENV, ENTRYPOINT and CMD it inherits.
	name   string
	parent *stage
	// derived is true when a later stage is built FROM this one: its
	// container is that stage's, so it gives no process of its own.
	derived bool
	// claimed is true once a derived stage took the inherited settings.
	claimed bool
}

// from reads "FROM [--platform=x] image [AS name]": the stage, with its
// parent when image names an earlier stage.
func (p *parser) from(in instruction, stages []*stage) *stage {
	st := &stage{}
	var words []string
	for _, w := range p.words(in.start, in.end) {
		if len(words) == 0 && strings.HasPrefix(w.Value, "--") {
			continue
		}
		words = append(words, w.Value)
	}
	if len(words) == 0 {
		return st
	}
	if len(words) >= 3 && strings.EqualFold(words[1], "as") {
		st.name = strings.ToLower(words[2])
	}
	base := strings.ToLower(words[0])
	for i := len(stages) - 1; i >= 0; i-- {
		if stages[i].name != "" && stages[i].name == base {
			st.parent = stages[i]
			stages[i].derived = true
			break
		}
	}
	return st
}

// effective is the stage as its container runs it: ENV of the stages it
// is built from, then its own; its own ENTRYPOINT (which resets an
// inherited CMD) and CMD, else the inherited ones. A parent's settings go
// to the first stage that derives from it; a later sibling is Partial.
func effective(st *stage) (eff *stage, partial bool) {
	eff = &stage{entrypoint: st.entrypoint, cmd: st.cmd}
	if st.parent != nil {
		par := st.parent
		if par.claimed {
			partial = true
		} else {
			var pp bool
			par, pp = effective(par)
			partial = pp
			st.parent.claimed = true
			eff.env = par.env
			if eff.entrypoint == nil {
				eff.entrypoint = par.entrypoint
				if eff.cmd == nil {
					eff.cmd = par.cmd
				}
			}
		}
	}
	eff.env = append(append([]*fact.Setting(nil), eff.env...), st.env...)
	return eff, partial
}

// command is a CMD or ENTRYPOINT in exec form (words) or shell form.
type command struct {
	exec  bool
	words []cmdline.Word
	in    instruction
}

func (kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	masked := template.Mask(src)
	text := masked.Src
	insts, esc := instructions(text)
	p := &parser{src: src, text: text, masked: masked, esc: esc, schema: schema, envs: map[*fact.Setting]envItem{}}
	var stages []*stage
	cur := &stage{}
	for _, in := range insts {
		switch in.keyword {
		case "FROM":
			stages = append(stages, cur)
			cur = p.from(in, stages)
		case "ENV":
			cur.env = append(cur.env, p.env(in)...)
		case "CMD", "ENTRYPOINT":
			c := p.command(in)
			if in.keyword == "CMD" {
				cur.cmd = c
			} else {
				cur.entrypoint = c
			}
		case "RUN":
			cur.runs = append(cur.runs, p.run(in)...)
		}
	}
	stages = append(stages, cur)
	var procs []*fact.Process
	for _, st := range stages {
		procs = append(procs, st.runs...)
		if st.derived {
			continue
		}
		eff, partial := effective(st)
		for _, pr := range p.stageProcess(eff) {
			pr.Partial = pr.Partial || partial
			procs = append(procs, pr)
		}
	}
	return &fact.Facts{Processes: procs}, p.errs
}

type parser struct {
	src, text []byte
	masked    *template.Masked
	esc       byte
	schema    fact.Schema
	envs      map[*fact.Setting]envItem
	errs      []*fact.ParseError
}

// command reads CMD/ENTRYPOINT arguments: a JSON array is the exec form,
// anything else the shell form.
func (p *parser) command(in instruction) *command {
	if words, ok := p.jsonArray(in.start, in.end); ok {
		return &command{exec: true, words: words, in: in}
	}
	return &command{in: in}
}

// run reads the etcd processes a RUN instruction starts.
func (p *parser) run(in instruction) []*fact.Process {
	c := p.command(in)
	if c.exec {
		if len(c.words) == 0 {
			return nil
		}
		return p.argv(c.words, c.words[len(c.words)-1:])
	}
	return p.shell(in)
}

// shell parses a shell-form instruction in place; with the default escape
// character its continuations are the shell's own.
func (p *parser) shell(in instruction) []*fact.Process {
	if p.esc != '\\' || in.start >= in.end {
		return nil
	}
	offs := make([]int, in.end-in.start+1)
	for i := range offs {
		offs[i] = in.start + i
	}
	procs, errs := shellcmd.ParseCommand(string(p.src[in.start:in.end]), offs, p.schema)
	p.errs = append(p.errs, errs...)
	return procs
}

// wrappers run their arguments as the container's command.
var wrappers = map[string]bool{"tini": true, "dumb-init": true, "tini-static": true}

// argv turns exec-form words into etcd processes: etcd itself, or a shell
// running a "-c" string.
func (p *parser) argv(words, last []cmdline.Word) []*fact.Process {
	for len(words) > 0 && wrappers[path.Base(words[0].Value)] {
		words = words[1:]
		for len(words) > 0 && strings.HasPrefix(words[0].Value, "-") {
			done := words[0].Value == "--"
			words = words[1:]
			if done {
				break
			}
		}
	}
	if len(words) == 0 {
		return nil
	}
	switch prog := words[0].Value; {
	case cmdline.Program(prog) == cmdline.Etcd:
		for _, w := range words[1:] {
			if w.Value == "--version" || w.Value == "--help" || w.Value == "-h" {
				return nil
			}
		}
		proc := &fact.Process{Form: fact.CommandLine, Anchor: words[0].Span}
		cmdline.Parse(proc, words[1:], p.schema)
		proc.Render = &execRenderer{insertAt: last[len(last)-1].Span.End}
		return []*fact.Process{proc}
	case cmdline.IsShell(prog):
		for i, w := range words[1:] {
			if strings.HasPrefix(w.Value, "-") && !strings.HasPrefix(w.Value, "--") && strings.Contains(w.Value, "c") && i+2 < len(words) {
				code := words[i+2]
				procs, errs := shellcmd.ParseCommand(code.Value, code.Offsets, p.schema)
				p.errs = append(p.errs, errs...)
				return procs
			}
		}
	}
	return nil
}

// stageProcess is the etcd process a stage's container runs, with the
// stage's ETCD_* variables; or, when the command is not etcd (a script,
// the base image's default), the variables alone.
func (p *parser) stageProcess(st *stage) []*fact.Process {
	var procs []*fact.Process
	ep, cmd := st.entrypoint, st.cmd
	switch {
	case ep != nil && ep.exec:
		words, last := ep.words, ep.words
		if cmd != nil && cmd.exec && len(cmd.words) > 0 {
			words = append(append([]cmdline.Word(nil), ep.words...), cmd.words...)
			last = cmd.words
		}
		if len(last) > 0 {
			procs = p.argv(words, last)
		}
	case ep != nil:
		procs = p.shell(ep.in)
	case cmd != nil && cmd.exec && len(cmd.words) > 0:
		procs = p.argv(cmd.words, cmd.words)
	case cmd != nil:
		procs = p.shell(cmd.in)
	}
	var main *fact.Process
	for _, pr := range procs {
		if pr.Form == fact.CommandLine {
			main = pr
			break
		}
	}
	if len(st.env) == 0 {
		return procs
	}
	if main == nil {
		main = &fact.Process{Form: fact.EnvFile, Partial: true, Anchor: st.env[0].Span}
		procs = append(procs, main)
	}
	for _, s := range st.env {
		s.Process = main
	}
	main.Settings = append(append([]*fact.Setting(nil), st.env...), main.Settings...)
	last := st.env[len(st.env)-1]
	main.Render = &renderer{envs: p.envs, esc: p.esc, cmd: main.Render, addAfter: p.envs[last].instruction.End}
	return procs
}
