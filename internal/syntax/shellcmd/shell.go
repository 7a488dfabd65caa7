// Package shellcmd reads shell code that starts etcd or its tools: plain,
// exec'd, wrapped (nohup, sudo, env, timeout, …) and "bash -c" invocations,
// argument arrays built up and run later, ETCD_* prefix assignments and
// exports, and heredocs that write an env file or a unit.
package shellcmd

import (
	"bytes"
	"errors"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// ParseScript reads a shell script. kinds classifies the files its
// here-documents write (an etcd config, a unit, a manifest); nil skips them.
func ParseScript(src []byte, schema fact.Schema, kinds fact.Classifier) (*fact.Facts, []*fact.ParseError) {
	m := mask(src)
	s := newScript(src, m, nil, schema)
	s.kinds = kinds
	s.parse(m.Src)
	facts := &fact.Facts{Processes: s.finish()}
	s.cl.into(facts)
	facts.Merge(&s.written)
	return facts, s.errs
}

// ParseCommand parses a shell command string embedded in another file
// (ExecStart=/bin/sh -c "…", a "bash -c" argument) and returns its etcd
// processes. offsets maps each byte of code, and one past its end, to an
// offset in the file; nil means code starts at offset 0.
//
// Template markup may break shell syntax in ways masking cannot undo (a
// quote opened in one {% if %} branch and closed after {% endif %}): such
// code is another language, so a command with markup that still does not
// parse is an unknown command, with neither processes nor errors.
func ParseCommand(code string, offsets []int, schema fact.Schema) ([]*fact.Process, []*fact.ParseError) {
	procs, _, errs := ParseEmbedded(code, offsets, nil, schema, nil)
	return procs, errs
}

// ParseEmbedded is ParseCommand for code another file holds (an Ansible
// shell task, a cloud-init runcmd) that may write files through
// here-documents: kinds classifies them, escape writes edits of their
// text into the host (a YAML block scalar), and written holds their facts.
func ParseEmbedded(code string, offsets []int, escape nested.Escape, schema fact.Schema, kinds fact.Classifier) (procs []*fact.Process, written *fact.Facts, errs []*fact.ParseError) {
	s := parseCode(code, offsets, schema, kinds, escape)
	if s == nil {
		return nil, &fact.Facts{}, nil
	}
	return s.finish(), &s.written, s.errs
}

// parseCode parses code as a script of its own; nil when it is another
// language (see ParseCommand).
func parseCode(code string, offsets []int, schema fact.Schema, kinds fact.Classifier, escape nested.Escape) *script {
	s := newScript([]byte(code), mask([]byte(code)), offsets, schema)
	s.kinds, s.escape = kinds, escape
	s.parse(s.masked.Src) // as Parse does: a {{ }} value stays one word
	if len(s.errs) > 0 && template.Has([]byte(code)) {
		return nil
	}
	return s
}

// script is the state of one parse: the processes found so far and the
// variables that hold argument lists.
type script struct {
	src    []byte // the code parsed (unmasked)
	masked *template.Masked
	// offsets maps code offsets to file offsets; nil is the identity.
	offsets []int
	schema  fact.Schema
	procs   []*fact.Process
	// invocations are the etcd command-line processes among procs.
	invocations []*fact.Process
	exports     []*fact.Setting
	items       map[*fact.Setting]envItem
	// vars are the words an argument variable or array expands to.
	vars    map[string][]cmdline.Word
	sourced bool
	errs    []*fact.ParseError
	cl      clients
	// kinds classifies what a here-document writes; written are its facts.
	kinds fact.Classifier
	// escape writes edits into the file that holds the code (nil: the
	// code stands in it as written)
	escape  nested.Escape
	written fact.Facts
	// runners are the script's functions that run their arguments as a
	// command (_run_as_root() { $_sudo "$@"; }): wrappers like sudo.
	runners map[string]bool
	// aliases are the words an alias stands for, spans in its definition.
	aliases map[string][]cmdline.Word
}

// alias records "alias NAME='command args'": a later NAME runs those words.
func (s *script) alias(c *syntax.CallExpr) {
	for _, a := range c.Args[1:] {
		if len(a.Parts) < 2 {
			continue
		}
		lit, ok := a.Parts[0].(*syntax.Lit)
		if !ok || !strings.HasSuffix(lit.Value, "=") {
			continue
		}
		value := &syntax.Word{Parts: a.Parts[1:]}
		if words := s.fields(value); len(words) > 0 {
			if s.aliases == nil {
				s.aliases = map[string][]cmdline.Word{}
			}
			s.aliases[strings.TrimSuffix(lit.Value, "=")] = words
		}
	}
}

var (
	// retrier is a command that runs its arguments again until they work
	// (retry, retrycmd_if_failure, with_retries), defined elsewhere.
	retrier = regexp.MustCompile(`(?i)^(?:\w*_)?retry\w*$|^with_retries?$`)
	// count is a number of tries or seconds before the retried command.
	count = regexp.MustCompile(`^[0-9]+[smh]?$`)
)

// runners finds the functions whose body runs "$@" as a command, on its
// own or after a variable or a wrapper (sudo "$@", $SUDO "$@").
func runners(f *syntax.File) map[string]bool {
	out := map[string]bool{}
	syntax.Walk(f, func(n syntax.Node) bool {
		fn, ok := n.(*syntax.FuncDecl)
		if !ok {
			return true
		}
		syntax.Walk(fn.Body, func(n syntax.Node) bool {
			c, ok := n.(*syntax.CallExpr)
			if !ok || len(c.Args) == 0 {
				return true
			}
			first := c.Args[0].Lit()
			_, wrapped := wrappers[path.Base(first)]
			if allArgs(c.Args[0]) || len(c.Args) > 1 && allArgs(c.Args[1]) && (first == "" || wrapped) {
				out[fn.Name.Value] = true
			}
			return true
		})
		return false
	})
	return out
}

// allArgs reports a word that is "$@" or "${@}".
func allArgs(w *syntax.Word) bool {
	parts := w.Parts
	if len(parts) == 1 {
		if dq, ok := parts[0].(*syntax.DblQuoted); ok {
			parts = dq.Parts
		}
	}
	if len(parts) != 1 {
		return false
	}
	pe, ok := parts[0].(*syntax.ParamExp)
	return ok && pe.Param != nil && pe.Param.Value == "@" && pe.Exp == nil && pe.Index == nil
}

// envItem is how an ETCD_* assignment is written, for rendering.
type envItem struct {
	// line is set when the assignment is the only thing on its line(s).
	line *fact.Span
}

func newScript(src []byte, m *template.Masked, offsets []int, schema fact.Schema) *script {
	return &script{src: src, masked: m, offsets: offsets, schema: schema,
		items: map[*fact.Setting]envItem{}, vars: map[string][]cmdline.Word{}}
}

// off maps a code offset to a file offset.
func (s *script) off(o int) int {
	if s.offsets == nil {
		return o
	}
	return s.offsets[min(max(o, 0), len(s.offsets)-1)]
}

func (s *script) span(n syntax.Node) fact.Span {
	return fact.Span{Start: s.off(int(n.Pos().Offset())), End: s.off(int(n.End().Offset()))}
}

func (s *script) parse(code []byte) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(code), "")
	if err != nil {
		s.errs = append(s.errs, s.parseError(err))
	}
	if f == nil {
		return
	}
	s.runners = runners(f)
	// Each command substitution renders the words inside it again, so a
	// deep nest costs its depth squared; no etcd command hides that deep.
	var opened []bool // per node being walked: is it a substitution
	depth := 0
	syntax.Walk(f, func(n syntax.Node) bool {
		if n == nil { // after a node's children
			if opened[len(opened)-1] {
				depth--
			}
			opened = opened[:len(opened)-1]
			return true
		}
		_, subst := n.(*syntax.CmdSubst)
		if _, proc := n.(*syntax.ProcSubst); proc {
			subst = true
		}
		if subst && depth == maxSubstDepth {
			return false
		}
		if subst {
			depth++
		}
		opened = append(opened, subst)
		switch n := n.(type) {
		case *syntax.Stmt:
			s.heredocs(n)
		case *syntax.CallExpr:
			s.call(n)
		case *syntax.DeclClause:
			s.decl(n)
		case *syntax.BinaryCmd:
			s.pipeline(n)
		}
		return true
	})
}

// maxSubstDepth is how deep in nested $(…) and <(…) commands are read.
const maxSubstDepth = 32

func (s *script) parseError(err error) *fact.ParseError {
	var pe syntax.ParseError
	if errors.As(err, &pe) {
		return &fact.ParseError{Offset: s.off(int(pe.Pos.Offset())), Msg: "shell syntax: " + pe.Text}
	}
	var le syntax.LangError
	if errors.As(err, &le) {
		return &fact.ParseError{Offset: s.off(int(le.Pos.Offset())), Msg: "shell syntax: " + le.Feature + " is not supported"}
	}
	return &fact.ParseError{Offset: s.off(0), Msg: "shell syntax: " + err.Error()}
}

// finish attaches exports and marks processes whose settings may come from
// a sourced file.
func (s *script) finish() []*fact.Process {
	if len(s.exports) > 0 {
		var target *fact.Process
		if len(s.invocations) == 1 {
			target = s.invocations[0]
		} else {
			target = &fact.Process{Form: fact.EnvFile, Partial: true, Anchor: s.exports[0].Span, Render: &renderer{items: s.items}}
			s.procs = append(s.procs, target)
		}
		for _, e := range s.exports {
			e.Process = target
		}
		target.Settings = append(s.exports, target.Settings...)
	}
	if s.sourced {
		for _, p := range s.invocations {
			p.Partial = true
		}
	}
	return s.procs
}

// decl handles "export ETCD_X=…", and "local"/"declare" argument variables.
func (s *script) decl(d *syntax.DeclClause) {
	s.clientDecl(d)
	for _, a := range d.Args {
		s.recordVar(a)
	}
	if d.Variant == nil || d.Variant.Value != "export" {
		return
	}
	var line *fact.Span
	if sp := s.span(d); len(d.Args) == 1 && s.aloneOnLine(sp) {
		line = &sp
	}
	for _, a := range d.Args {
		if st := s.assign(a); st != nil {
			s.exports = append(s.exports, st)
			s.items[st] = envItem{line: line}
		}
	}
}

// aloneOnLine reports whether only blanks, a ";" or a comment share the
// lines of sp with it (in the file, as the renderer will see it).
func (s *script) aloneOnLine(sp fact.Span) bool {
	if s.offsets != nil {
		return false
	}
	before := s.src[textedit.LineStart(s.src, sp.Start):sp.Start]
	rest := s.src[sp.End:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	rest = bytes.TrimSpace(rest)
	return len(bytes.TrimSpace(before)) == 0 && (len(rest) == 0 || rest[0] == '#' || string(rest) == ";")
}

// assign turns an assignment into a setting if it sets ETCD_*; it also
// records argument variables for later expansion.
func (s *script) assign(a *syntax.Assign) *fact.Setting {
	if a.Name == nil {
		return nil
	}
	name := a.Name.Value
	if !strings.HasPrefix(name, "ETCD_") || a.Naked || a.Array != nil || a.Index != nil {
		return nil
	}
	st := &fact.Setting{
		Name:     s.schema.FlagForEnv(name),
		Surface:  fact.Env,
		Raw:      name,
		Span:     s.span(a),
		NameSpan: s.span(a.Name),
		HasValue: true,
	}
	if a.Value != nil {
		w := s.word(a.Value)
		st.Value, st.ValueSpan, st.Templated = w.Value, w.Span, w.Dynamic
		st.Span.End = w.Span.End
	} else {
		st.ValueSpan = fact.Span{Start: st.Span.End, End: st.Span.End}
	}
	return st
}

// recordVar remembers what an argument variable or array holds:
// ARGS="--a --b", ARGS="$ARGS --c", ARGS+=" --d", cmd=(etcd --a), cmd+=(--b).
func (s *script) recordVar(a *syntax.Assign) {
	if a.Name == nil || a.Naked || a.Index != nil {
		return
	}
	name := a.Name.Value
	var words []cmdline.Word
	switch {
	case a.Array != nil:
		for _, e := range a.Array.Elems {
			if e.Index == nil && e.Value != nil {
				words = append(words, s.expand(e.Value)...)
			}
		}
	case a.Value != nil:
		words = s.fields(a.Value)
	default:
		return
	}
	if a.Append {
		prev := append([]cmdline.Word(nil), s.vars[name]...)
		if a.Array == nil && len(prev) > 0 && len(words) > 0 && !startsBlank(a.Value) {
			// IMG+="-arm64" extends the last word; it is no new argument
			prev[len(prev)-1].Value += words[0].Value
			prev[len(prev)-1].Dynamic = true
			words = words[1:]
		}
		words = append(prev, words...)
	}
	s.vars[name] = words
}

// startsBlank reports a value whose text begins with white space, so that
// appending it starts a new word.
func startsBlank(w *syntax.Word) bool {
	if len(w.Parts) == 0 {
		return true
	}
	var lit string
	switch p := w.Parts[0].(type) {
	case *syntax.Lit:
		lit = p.Value
	case *syntax.DblQuoted:
		if len(p.Parts) == 0 {
			return true
		}
		if l, ok := p.Parts[0].(*syntax.Lit); ok {
			lit = l.Value
		}
	case *syntax.SglQuoted:
		lit = p.Value
	}
	return lit != "" && (lit[0] == ' ' || lit[0] == '\t' || lit[0] == '\n')
}

// call looks at one simple command: assignments, sourcing, heredoc
// writers, and etcd invocations however wrapped.
func (s *script) call(c *syntax.CallExpr) {
	if len(c.Args) == 0 {
		for _, a := range c.Assigns {
			s.recordVar(a)
		}
		return
	}
	var env []*fact.Setting
	for _, a := range c.Assigns {
		if st := s.assign(a); st != nil {
			env = append(env, st)
		}
	}
	var words []cmdline.Word
	for _, w := range c.Args {
		words = append(words, s.expand(w)...)
	}
	if len(words) == 0 {
		return
	}
	if v := words[0].Value; v == "source" || v == "." {
		s.sourced = true
		return
	}
	if words[0].Value == "alias" {
		s.alias(c)
		return
	}
	if a, ok := s.aliases[words[0].Value]; ok {
		// alias etcdctl="etcdctl --ca-file …": the program where it is used,
		// the alias's words where they are written
		use := append([]cmdline.Word(nil), a...)
		use[0].Span = words[0].Span
		words = append(use, words[1:]...)
	}
	for len(words) > 1 && (s.runners[words[0].Value] || retrier.MatchString(path.Base(words[0].Value))) {
		// _run_as_root docker run …; retrycmd_if_failure 100 5 10 etcdctl …
		words = words[1:]
		for len(words) > 1 && count.MatchString(words[0].Value) {
			words = words[1:]
		}
	}
	s.clientCall(c, words)
	words, env = s.unwrap(words, env)
	if len(words) > 0 {
		s.sedInsert(words)
	}
	if len(words) == 0 {
		return
	}
	if run, ok := startStopDaemon(words); ok {
		words = run
	}
	prog := words[0].Value
	switch {
	case s.containerRun(words, s.wordSpan(c.Args[len(c.Args)-1]).End):
	case cmdline.Program(prog) == cmdline.Etcd:
		s.invocation(words, env, s.wordSpan(c.Args[len(c.Args)-1]).End)
	case words[0].Dynamic && cmdline.EtcdOnlyArgs(words[1:], s.schema):
		// /usr/sbin/$cmd where cmd holds a command read elsewhere and
		// flags only etcd has (cmd+=" --enable-v2=true")
		s.invocation(words, env, s.wordSpan(c.Args[len(c.Args)-1]).End)
	case cmdline.IsShell(prog):
		if code, ok := cmdline.ShellCode(words[1:]); ok {
			offs := code.Offsets
			if offs == nil {
				offs = make([]int, len(code.Value)+1)
				for i := range offs {
					offs[i] = code.Span.Start + i
				}
			}
			child := parseCode(code.Value, offs, s.schema, s.kinds, nil)
			if child == nil {
				return
			}
			s.errs = append(s.errs, child.errs...)
			for _, p := range child.finish() {
				s.add(p)
			}
			s.written.Merge(&child.written)
		}
	}
}

func (s *script) add(p *fact.Process) {
	s.procs = append(s.procs, p)
	if p.Form == fact.CommandLine {
		s.invocations = append(s.invocations, p)
	}
}

// notServer are arguments with which etcd prints something and exits.
var notServer = map[string]bool{"--version": true, "-version": true, "--help": true, "-help": true, "-h": true}

func (s *script) invocation(words []cmdline.Word, env []*fact.Setting, insertAt int) {
	for _, w := range words[1:] {
		if notServer[w.Value] {
			return
		}
	}
	proc := &fact.Process{Form: fact.CommandLine, Anchor: words[0].Span}
	for _, e := range env {
		e.Process = proc
		s.items[e] = envItem{}
	}
	proc.Settings = env
	cmdline.Parse(proc, cmdline.TemplateArgs(proc, words[1:], s.masked, s.schema), s.schema)
	proc.Render = &renderer{items: s.items, cmd: &cmdline.Renderer{InsertAt: insertAt}}
	s.add(proc)
}

// startStopDaemon reads Debian's "start-stop-daemon --start … --exec PROG
// -- ARGS" (an init.d script's way to run etcd) as "PROG ARGS".
func startStopDaemon(words []cmdline.Word) ([]cmdline.Word, bool) {
	if path.Base(words[0].Value) != "start-stop-daemon" {
		return nil, false
	}
	var prog *cmdline.Word
	start := false
	for i := 1; i < len(words); i++ {
		switch v := words[i].Value; v {
		case "--start", "-S":
			start = true
		case "--exec", "-x", "--startas", "-a":
			if i+1 < len(words) && prog == nil {
				prog = &words[i+1]
			}
		case "--":
			if start && prog != nil {
				return append([]cmdline.Word{*prog}, words[i+1:]...), true
			}
			return nil, false
		}
	}
	if start && prog != nil {
		return []cmdline.Word{*prog}, true
	}
	return nil, false
}

// wrapper describes a command that runs its arguments as another command:
// the options that take a separate value, and how many operands come
// before the command.
type wrapper struct {
	valued   string // one-letter options that take a value
	operands int
}

var wrappers = map[string]wrapper{
	"exec": {valued: "a"}, "nohup": {}, "setsid": {}, "time": {}, "command": {},
	"nice": {valued: "n"}, "ionice": {valued: "cnp"}, "stdbuf": {valued: "ioe"},
	"timeout": {valued: "sk", operands: 1}, "chrt": {operands: 1}, "taskset": {operands: 1},
	"sudo": {valued: "ugCDhprtU"}, "env": {valued: "uCS"}, "runuser": {valued: "ugG"},
	"gosu": {operands: 1}, "su-exec": {operands: 1}, "chpst": {valued: "ugUeln"},
}

// unwrap strips wrapper commands from the front of words; NAME=VALUE
// operands of env and sudo become environment settings.
func (s *script) unwrap(words []cmdline.Word, env []*fact.Setting) ([]cmdline.Word, []*fact.Setting) {
	for prefixVariable(words) {
		words = words[1:]
	}
	for len(words) > 0 && !words[0].Dynamic {
		wr, ok := wrappers[path.Base(words[0].Value)]
		if !ok {
			return words, env
		}
		name := path.Base(words[0].Value)
		words = words[1:]
		for len(words) > 0 {
			v := words[0].Value
			if v == "--" {
				words = words[1:]
				break
			}
			if len(v) < 2 || v[0] != '-' {
				break
			}
			if name == "command" && (v == "-v" || v == "-V") {
				return nil, nil // a lookup, not a run
			}
			words = words[1:]
			if v[1] != '-' && strings.ContainsAny(v[len(v)-1:], wr.valued) && len(words) > 0 {
				words = words[1:]
			}
		}
		for len(words) > 0 && (name == "env" || name == "sudo") {
			st := s.wordAssignment(words[0])
			if st == nil {
				if strings.Contains(words[0].Value, "=") && !strings.HasPrefix(words[0].Value, "-") {
					words = words[1:] // another variable
					continue
				}
				break
			}
			env = append(env, st)
			words = words[1:]
		}
		words = words[min(wr.operands, len(words)):]
	}
	return words, env
}

// prefixVariable reports words that start with a variable before an etcd
// program: $SUDO etcdctl, ${ETCDCTL_VARS} etcdctl (over ssh the remote
// shell reads the variable's assignments). The program is the next word.
func prefixVariable(words []cmdline.Word) bool {
	return len(words) > 1 && words[0].Dynamic && (words[0].Value == "" || strings.HasPrefix(words[0].Value, "$")) && cmdline.Program(words[1].Value) != ""
}

var envName = regexp.MustCompile(`^ETCD_[A-Za-z0-9_]*$`)

// wordAssignment reads an "ETCD_X=value" operand of env or sudo.
func (s *script) wordAssignment(w cmdline.Word) *fact.Setting {
	name, value, ok := strings.Cut(w.Value, "=")
	if !ok || !envName.MatchString(name) {
		return nil
	}
	return &fact.Setting{
		Name:      s.schema.FlagForEnv(name),
		Surface:   fact.Env,
		Raw:       name,
		Span:      w.Span,
		NameSpan:  fact.Span{Start: w.Offset(0), End: w.Offset(len(name))},
		Value:     value,
		HasValue:  true,
		ValueSpan: fact.Span{Start: w.Offset(len(name)) + 1, End: w.Offset(len(w.Value))},
		Templated: w.Dynamic,
	}
}

// heredocs reads the body of "cat > /etc/etcd.env <<EOF" and
// "cat <<EOF | sudo tee /etc/systemd/system/etcd.service" style statements
// as the file they write.
func (s *script) heredocs(st *syntax.Stmt) {
	body, delim, expands := s.heredoc(st)
	target := s.target(st)
	if p, ok := st.Cmd.(*syntax.BinaryCmd); ok && p.Op == syntax.Pipe {
		body, delim, expands = s.heredoc(p.X)
		if target = s.target(p.X); target == "" {
			target = s.target(p.Y)
		}
	}
	if body == nil || target == "" {
		return
	}
	start, end := int(body.Pos().Offset()), int(body.End().Offset())
	// the body ends before its delimiter line
	if ls := textedit.LineStart(s.src, max(end-1, start)); string(bytes.TrimSpace(s.src[ls:end])) == delim {
		end = ls
	}
	text := s.src[start:end]
	if s.offsets != nil {
		// inside a "bash -c '…'" string: read through the classifier where
		// the body stands in the file as written (no escapes in between);
		// inside a host that says how to write into it, anywhere
		escape := s.escape
		if escape == nil && s.offsets[end]-s.offsets[start] == end-start {
			escape = nested.Verbatim
		}
		if s.kinds == nil || escape == nil {
			return
		}
		if inner := s.kinds.Classify(target, text); inner != nil && inner.Name() != "shell" && inner.Name() != "text" {
			var written fact.Facts
			s.errs = append(s.errs, nested.ParseMapped(&written, inner, target, text, s.offsets[start:end+1], escape, s.schema)...)
			s.keep(&written, expands)
		}
		return
	}
	// any file the script writes (a unit, an env file, an etcd config, a
	// manifest) is read as that file on its own
	if s.kinds == nil {
		return
	}
	if inner := s.kinds.Classify(target, text); inner != nil && inner.Name() != "shell" && inner.Name() != "text" {
		var written fact.Facts
		s.errs = append(s.errs, nested.Parse(&written, inner, target, s.src, s.schema, fact.Span{Start: start, End: end})...)
		s.keep(&written, expands)
	}
}

// keep adds the facts of a file a here-document writes.
func (s *script) keep(written *fact.Facts, expands bool) {
	for _, set := range written.Settings() {
		// an unquoted delimiter lets the shell expand the body
		set.Templated = set.Templated || expands && strings.Contains(set.Value, "$")
	}
	s.written.Merge(written)
}

// heredoc is the here-document of a statement, its delimiter, and whether
// the shell expands the body (an unquoted delimiter).
func (s *script) heredoc(st *syntax.Stmt) (body *syntax.Word, delim string, expands bool) {
	for _, r := range st.Redirs {
		if (r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc) && r.Hdoc != nil && r.Word != nil {
			return r.Hdoc, s.word(r.Word).Value, r.Word.Lit() != ""
		}
	}
	return nil, "", false
}

// target is the file a statement writes: its output redirection, or the
// file argument of tee.
func (s *script) target(st *syntax.Stmt) string {
	for _, r := range st.Redirs {
		switch r.Op {
		case syntax.RdrOut, syntax.AppOut, syntax.RdrClob, syntax.RdrAll:
			if ws := s.expand(r.Word); len(ws) == 1 {
				return ws[0].Value // > "$yml_file": the name it holds
			}
			return s.word(r.Word).Value
		}
	}
	c, ok := st.Cmd.(*syntax.CallExpr)
	if !ok {
		return ""
	}
	var words []cmdline.Word
	for _, a := range c.Args {
		words = append(words, s.word(a))
	}
	words, _ = s.unwrap(words, nil)
	if len(words) == 0 || path.Base(words[0].Value) != "tee" {
		return ""
	}
	for _, w := range words[1:] {
		if !strings.HasPrefix(w.Value, "-") {
			return w.Value
		}
	}
	return ""
}

// mask blanks the template markup of code. A line that holds nothing but
// {% %} or {# #} tags inside a backslash continuation continues it: Ansible
// renders with trim_blocks, so the line is gone and the lines around it
// join ("etcdctl \", "{% if tls %}", "  --cacert ca.pem \"), where a blank
// line would end the command.
func mask(code []byte) *template.Masked {
	m := template.Mask(code)
	cont := false
	for start := 0; start < len(code); {
		end := bytes.IndexByte(code[start:], '\n')
		if end < 0 {
			end = len(code)
		} else {
			end += start
		}
		last := end
		if last > start && code[last-1] == '\r' {
			last--
		}
		masked := m.Src[start:last]
		switch {
		case len(bytes.TrimSpace(masked)) == 0 && len(bytes.TrimSpace(code[start:last])) > 0:
			if cont {
				m.Src[last-1] = '\\'
			}
		default:
			cont = bytes.HasSuffix(masked, []byte(`\`))
		}
		start = end + 1
	}
	// The shell parser refuses invalid UTF-8; a stray byte in a comment or
	// a value (a Latin-1 file) must not hide the commands around it.
	if !utf8.Valid(m.Src) {
		for i := 0; i < len(m.Src); {
			r, n := utf8.DecodeRune(m.Src[i:])
			if r == utf8.RuneError && n == 1 {
				m.Src[i] = '?'
			}
			i += n
		}
	}
	return m
}
