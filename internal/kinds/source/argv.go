package source

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// An argument run is the items of a list or the arguments of a call that
// holds string literals: literals and, between them, simple expressions
// (a variable, a field) whose value is not known.
func runs(src, code []byte, toks []Token) [][]cmdline.Word {
	var out [][]cmdline.Word
	var cur []cmdline.Word
	for _, t := range toks {
		if t.Comment {
			continue
		}
		if len(cur) > 0 {
			from, to := min(cur[len(cur)-1].Span.End+1, t.Start-1), t.Start-1
			if between, ok := expressions(code, from, to); ok {
				cur = append(cur, between...)
			} else {
				out = append(out, cur)
				cur = nil
			}
		}
		if len(cur) == 0 {
			if w, ok := programVariable(code, t.Start-1); ok {
				cur = append(cur, w)
			}
		}
		v := string(src[t.Start:t.End])
		cur = append(cur, cmdline.Word{Value: v, Span: fact.Span{Start: t.Start, End: t.End},
			Dynamic: strings.ContainsAny(v, "${%"), Offsets: verbatim(t, v)})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// leadingVariable is a variable that opens the argument list of a call
// that runs a program, before a literal: check_call([etcdctl, 'backup',
// …]), Popen([ETCDCTL_BIN, "get"]), exec.Command(etcdctl, "get"). Other
// calls (print(etcdctl, "backup")) only name it.
var leadingVariable = regexp.MustCompile(`(?:\b(?:Popen|call|check_call|check_output|run|spawn|execFile|execFileSync|spawnSync|system|exec|Command|CommandContext|ProcessBuilder|capture2e?|capture3|popen3?)\s*\(\s*(?:[\w.]+\s*,\s*)?\[?|\bexec\.Command(?:Context)?\(\s*(?:ctx\s*,\s*)?)\s*([A-Za-z_][\w.]*)\s*,\s*$`)

// programVariable is the word of a variable named for etcdctl or etcdutl
// (etcdctl, ETCDCTL_BIN, self.etcdctl_path) that opens the run whose first
// literal's quote is at quote: the program of the run.
func programVariable(code []byte, quote int) (cmdline.Word, bool) {
	from := max(0, quote-80)
	if !namesProgram(code[from:max(quote, from)]) {
		return cmdline.Word{}, false // the pattern backtracks: most literals have no such name before them
	}
	m := leadingVariable.FindSubmatchIndex(code[from:max(quote, from)])
	if m == nil {
		return cmdline.Word{}, false
	}
	name := string(code[from+m[2] : from+m[3]])
	base := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
	for _, suffix := range []string{"_bin", "_path", "_cmd", "_exe", "bin", "path"} {
		base = strings.TrimSuffix(base, suffix)
	}
	if base != cmdline.Etcdctl && base != cmdline.Etcdutl {
		return cmdline.Word{}, false
	}
	// an empty span at the variable: the finding is placed there, and a
	// fix that swaps the program finds no program word written there to
	// swap (the variable's name is not the program's)
	return cmdline.Word{Value: base, Span: fact.Span{Start: from + m[2], End: from + m[2]}}, true
}

// namesProgram reports whether window, at most 80 bytes, spells etcdctl or
// etcdutl in any case.
func namesProgram(window []byte) bool {
	lower := textedit.LowerASCII(window)
	return bytes.Contains(lower, []byte(cmdline.Etcdctl)) || bytes.Contains(lower, []byte(cmdline.Etcdutl))
}

// cmdVar is a Go variable bound to a command: c := exec.Command(…).
var cmdVar = regexp.MustCompile(`\b(\w+)\s*:?=\s*exec\.Command(?:Context)?\(`)

// commandRuns are the argument runs of the file, with the runs a Go
// program appends to a command's Args (c.Args = append(c.Args, "snapshot",
// "restore", f)) joined to the run of its exec.Command, in order.
func commandRuns(src, code []byte, toks []Token) [][]cmdline.Word {
	all := runs(src, code, toks) // in file order
	at := func(off int) int {    // the run that starts at or after off, on its line
		i, _ := slices.BinarySearchFunc(all, off, func(r []cmdline.Word, off int) int { return cmp.Compare(r[0].Span.Start, off) })
		if i == len(all) || bytes.IndexByte(src[off:all[i][0].Span.Start], '\n') >= 0 {
			return -1
		}
		return i
	}
	// where each variable's Args are appended to, in file order
	appends := map[string][]int{}
	var appended, bound [][]int
	// the patterns start with \b(\w+): try them only where their words are
	if bytes.Contains(code, []byte(".Args")) {
		appended = argsAppend.FindAllSubmatchIndex(code, -1)
	}
	if bytes.Contains(code, []byte("exec.Command")) {
		bound = cmdVar.FindAllSubmatchIndex(code, -1)
	}
	for _, m := range appended {
		if name := code[m[2]:m[3]]; bytes.Equal(name, code[m[4]:m[5]]) {
			appends[string(name)] = append(appends[string(name)], m[1])
		}
	}
	joined := map[int]bool{}
	binds := bound
	for k, m := range binds {
		cmd := at(m[1])
		if cmd < 0 {
			continue
		}
		name := string(code[m[2]:m[3]])
		end := len(code) // the appends up to the variable's next command
		for _, n := range binds[k+1:] {
			if string(code[n[2]:n[3]]) == name {
				end = n[0]
				break
			}
		}
		for _, a := range appends[name] {
			if a <= m[1] || a > end {
				continue
			}
			if i := at(a); i > cmd && !joined[i] {
				all[cmd] = append(all[cmd], all[i]...)
				joined[i] = true
			}
		}
	}
	var out [][]cmdline.Word
	for i, r := range all {
		if !joined[i] {
			out = append(out, r)
		}
	}
	return out
}

// argsAppend is "c.Args = append(c.Args,": the two names must be the same.
var argsAppend = regexp.MustCompile(`\b(\w+)\.Args\s*=\s*append\(\s*(\w+)\.Args\s*,`)

// clientLine is a literal that is an etcdctl or etcdutl command line, at its
// start or after an assignment, sudo or env: not a sentence naming one.
var clientLine = regexp.MustCompile(`^\s*(?:(?:sudo|env)\s+)?(?:[A-Z_]+=\S+\s+)*(?:\S*/)?etc(?:dctl|dutl)\s+[-a-z]`)

// messageWord is a word of a sentence about a command, not of the command:
// "etcdctl snapshot restore returned an error: %v".
var messageWord = regexp.MustCompile(`\b(?:is|was|not|will|can|cannot|must|should|has|have|failed|exited|returned|binary|command|error)\b`)

// isClientLine reports a literal that is a client command line, not a
// message about the program ("etcdctl is missing").
func isClientLine(v string) bool {
	return clientLine.MatchString(v) && !messageWord.MatchString(v)
}

// argvClients reads the etcdctl and etcdutl runs a program builds:
// exec.Command("etcdctl", "snapshot", "save", f), ["etcdutl", "defrag", …].
func argvClients(cmds [][]cmdline.Word, schema fact.Schema) *fact.Facts {
	out := &fact.Facts{}
	for _, words := range cmds {
		if w := words[0]; len(words) == 1 && w.Offsets == nil && isClientLine(w.Value) {
			// a command string: Chef's execute 'etcdctl set /k v', os.system("etcdctl …")
			offsets := make([]int, len(w.Value)+1)
			for i := range offsets {
				offsets[i] = w.Span.Start + i
			}
			out.Merge(shellcmd.ParseClients(w.Value, offsets, schema))
			continue
		}
		for i, w := range words {
			if prog := cmdline.Program(w.Value); !w.Dynamic && (prog == cmdline.Etcdctl || prog == cmdline.Etcdutl) {
				out.Merge(shellcmd.ArgvClients(words[i:], nil, schema))
				break
			}
		}
	}
	return out
}

// verbatim returns nil (the value is written as is) or, for a literal with
// escapes, offsets that mark it unknown to the renderers.
func verbatim(t Token, v string) []int {
	if t.Raw || !strings.Contains(v, `\`) {
		return nil
	}
	return []int{-1}
}

var simpleExpr = regexp.MustCompile(`^[\w.\[\]*&]+$`)

// expressions reads the code between two literals of one run: commas
// around simple expressions, each a word of unknown value.
func expressions(code []byte, from, to int) ([]cmdline.Word, bool) {
	text := string(code[from:max(from, to)])
	if !strings.Contains(text, ",") {
		return nil, false
	}
	var out []cmdline.Word
	off := from
	for _, piece := range strings.Split(text, ",") {
		if e := strings.TrimSpace(piece); e != "" {
			if !simpleExpr.MatchString(e) {
				return nil, false
			}
			at := off + strings.Index(piece, e)
			out = append(out, cmdline.Word{Value: "$" + e, Span: fact.Span{Start: at, End: at + len(e)}, Dynamic: true})
		}
		off += len(piece) + 1
	}
	return out, true
}

// commandLine is a literal holding an etcd command with flags: at its
// start, or after a shell operator or wrapper, not in a sentence.
var commandLine = regexp.MustCompile(`(?:^\s*|(?:&&|;|\||\bexec|\bsudo|\bnohup|\benv)\s+)(?:\S*[/\\])?etcd(?:\.exe)?[ \t]+-`)

// argvProcesses reads the etcd command lines a program builds from string
// literals: exec.Command("etcd", "--name", n), ["etcd", "--debug"],
// a literal holding a whole command line, and argument lists whose flags
// only etcd has ([]string{"--enable-v2", "--initial-cluster", c}).
func argvProcesses(src []byte, cmds [][]cmdline.Word, schema fact.Schema) []*fact.Process {
	var out []*fact.Process
	var lone []cmdline.Word
	for _, words := range cmds {
		if w := words[0]; len(words) == 1 && w.Offsets == nil && strings.HasPrefix(w.Value, "-") && cmdline.EtcdOnlyArgs(words, schema) {
			lone = append(lone, w) // arguments += ['--enable-v2']: etcd's if the file runs etcd
			continue
		}
		if len(words) == 1 {
			if w := words[0]; w.Offsets == nil && commandLine.MatchString(w.Value) {
				m := commandLine.FindStringIndex(w.Value)
				start := w.Span.Start + m[0] + strings.LastIndex(w.Value[m[0]:m[1]], "etcd")
				offsets := make([]int, w.Span.End-start+1)
				for i := range offsets {
					offsets[i] = start + i
				}
				procs, errs := shellcmd.ParseCommand(string(src[start:w.Span.End]), offsets, schema)
				if len(errs) == 0 {
					out = append(out, procs...)
				}
			}
			continue
		}
		if slices.ContainsFunc(words, func(w cmdline.Word) bool { return len(w.Offsets) == 1 }) {
			continue // an escape in a literal: its text is not the argument
		}
		args, anchor := words, fact.Span{}
		for i, w := range words {
			if !strings.HasPrefix(w.Value, "-") && cmdline.Program(w.Value) == cmdline.Etcd {
				args, anchor = words[i+1:], w.Span
				break
			}
		}
		if anchor == (fact.Span{}) && !cmdline.EtcdOnlyArgs(args, schema) {
			continue
		}
		if len(args) == 0 || !strings.HasPrefix(args[0].Value, "-") {
			continue
		}
		proc := &fact.Process{Form: fact.CommandLine, Partial: true, Anchor: anchor}
		if anchor == (fact.Span{}) {
			proc.Anchor = args[0].Span
		}
		cmdline.Parse(proc, args, schema)
		proc.Render = argvRenderer{args: args}
		out = append(out, proc)
	}
	if len(out) > 0 {
		for _, w := range lone {
			proc := &fact.Process{Form: fact.CommandLine, Partial: true, Anchor: w.Span}
			args := []cmdline.Word{w}
			cmdline.Parse(proc, args, schema)
			proc.Render = argvRenderer{args: args}
			out = append(out, proc)
		}
	}
	return out
}

// argvRenderer edits flags that are list items: a flag is renamed inside
// its literal, and removed with its literal (and its value's) and the
// comma that separates it from the next item.
type argvRenderer struct{ args []cmdline.Word }

func (r argvRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	switch in.Kind {
	case fact.Replace:
		return cmdline.RenderReplace(src, in, func(v string) string { return v }), nil
	case fact.Remove:
		s := in.Setting
		first, last := -1, -1
		for i, a := range r.args {
			if s.Span.Start <= a.Span.Start && a.Span.End <= s.Span.End {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if first < 0 {
			return nil, fmt.Errorf("%s is not a list item", s.Raw)
		}
		start, end := open(src, r.args[first]), closing(src, r.args[last])
		switch {
		case last+1 < len(r.args):
			end = open(src, r.args[last+1])
		case first > 0:
			start = closing(src, r.args[first-1])
		default:
			return nil, fmt.Errorf("%s is the only item of its list; delete it by hand", s.Raw)
		}
		return []fact.Edit{{Span: fact.Span{Start: start, End: end}}}, nil
	}
	return nil, fmt.Errorf("cannot add an item to an argument list in source code")
}

// open and closing are where a list item starts and ends: its quotes for
// a literal, the expression itself otherwise.
func open(src []byte, w cmdline.Word) int {
	if w.Span.Start > 0 && strings.IndexByte("\"'`", src[w.Span.Start-1]) >= 0 {
		return w.Span.Start - 1
	}
	return w.Span.Start
}

func closing(src []byte, w cmdline.Word) int {
	if w.Span.End < len(src) && strings.IndexByte("\"'`", src[w.Span.End]) >= 0 {
		return w.Span.End + 1
	}
	return w.Span.End
}

// envName is an ETCD_* name given a value in code: env["ETCD_X"] = "v",
// {"ETCD_X": "v"}, "ETCD_X" => "v", or "ETCD_X=v" in one literal.
var envName = regexp.MustCompile(`^ETCD_[A-Z0-9_]+$`)

// literals are the tokens that are not comments.
func literals(toks []Token) []Token {
	var lits []Token
	for _, t := range toks {
		if !t.Comment {
			lits = append(lits, t)
		}
	}
	return lits
}

// envSettings reads the ETCD_* variables a program sets for etcd.
func envSettings(src, code []byte, lits []Token, schema fact.Schema) *fact.Process {
	proc := &fact.Process{Form: fact.EnvFile, Partial: true, Render: literalRenderer{}}
	for i, t := range lits {
		v := string(src[t.Start:t.End])
		name, value, inOne := strings.Cut(v, "=")
		if !envName.MatchString(name) || strings.ContainsAny(value, "\r\n") {
			continue // a literal holding a whole env file is read as one
		}
		flag := schema.FlagForEnv(name)
		if !schema.Defines(flag) {
			continue
		}
		s := &fact.Setting{Name: flag, Surface: fact.Env, Raw: name, NameSpan: fact.Span{Start: t.Start, End: t.Start + len(name)}, Process: proc}
		switch {
		case inOne:
			s.Value, s.HasValue = value, true
			s.ValueSpan = fact.Span{Start: t.Start + len(name) + 1, End: t.End}
			s.Span = fact.Span{Start: t.Start, End: t.End}
		case i+1 < len(lits):
			next := lits[i+1]
			if next.Start-1 <= t.End+1 {
				continue
			}
			between := strings.TrimSpace(string(code[t.End+1 : next.Start-1]))
			if between != ":" && between != "=" && between != "=>" && between != "] =" && between != "]=" && between != "," {
				continue
			}
			s.Value, s.HasValue = string(src[next.Start:next.End]), true
			s.ValueSpan = fact.Span{Start: next.Start, End: next.End}
			s.Span = fact.Span{Start: t.Start, End: next.End}
		default:
			continue
		}
		s.Templated = strings.ContainsAny(s.Value, "${%")
		proc.Settings = append(proc.Settings, s)
	}
	// ETCD_VERSION alone is a build's version pin; next to etcd's other
	// variables (a hash rendered into etcd's environment) it is etcd's too
	if !slices.ContainsFunc(proc.Settings, func(s *fact.Setting) bool { return s.Name != "version" }) {
		return nil
	}
	return proc
}

// flagMap reads maps whose keys are etcd's flags without dashes (Talos's
// argsbuilder.Args{"listen-peer-urls": {…}}, a Python dict of etcd
// options): a map with at least two keys only etcd has is etcd's command
// line. A value that is not one literal is unknown.
func flagMap(src, code []byte, lits []Token, schema fact.Schema) []*fact.Process {
	if schema == nil {
		return nil
	}
	maps := map[int]*fact.Process{} // by the offset of the brace that opens the map
	var order []int
	only := map[int]int{}
	var stack []int
	at := 0 // code before at is read into stack
	for i, t := range lits {
		for ; at < t.Start && at < len(code); at++ {
			switch code[at] {
			case '{', '[', '(':
				stack = append(stack, at)
			case '}', ']', ')':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			}
		}
		name := string(src[t.Start:t.End])
		if len(stack) == 0 || !flagKey.MatchString(name) || !schema.Defines(name) || t.End+1 >= len(code) {
			continue
		}
		rest := strings.TrimLeft(string(code[t.End+1:min(len(code), t.End+64)]), " \t")
		sep := ""
		for _, p := range []string{"=>", ":"} {
			if strings.HasPrefix(rest, p) && !strings.HasPrefix(rest, "::") {
				sep = p
			}
		}
		if sep == "" {
			continue
		}
		open := stack[len(stack)-1]
		proc := maps[open]
		if proc == nil {
			proc = &fact.Process{Form: fact.CommandLine, Partial: true, Render: literalRenderer{flags: true}}
			maps[open] = proc
			order = append(order, open)
		}
		s := &fact.Setting{Name: name, Surface: fact.Flag, Raw: name, HasValue: true, Value: "$value", Templated: true,
			NameSpan: fact.Span{Start: t.Start, End: t.End}, Span: fact.Span{Start: t.Start, End: t.End}, Process: proc}
		if i+1 < len(lits) {
			next := lits[i+1]
			between := strings.TrimSpace(string(code[t.End+1 : max(t.End+1, next.Start-1)]))
			if strings.Trim(strings.TrimPrefix(between, sep), " \t{[(") == "" {
				v := string(src[next.Start:next.End])
				s.Value, s.Templated = v, strings.ContainsAny(v, "${%")
				s.ValueSpan = fact.Span{Start: next.Start, End: next.End}
				s.Span.End = next.End
			}
		}
		if cmdline.EtcdOnly(name) {
			only[open]++
		}
		proc.Settings = append(proc.Settings, s)
	}
	var out []*fact.Process
	for _, open := range order {
		if only[open] >= 2 {
			out = append(out, maps[open])
		}
	}
	return out
}

// flagKey is a flag's name as a map key: lower case words joined by dashes.
var flagKey = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$`)

// literalRenderer renames a variable (or a flag given as a map key) or
// changes its value inside their literals; deleting one from code is left
// to a person unless its entry is a line of its own.
type literalRenderer struct{ flags bool }

func (r literalRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	if in.Kind == fact.Remove {
		// an entry alone on its line ('ETCD_PROXY' => 'off',) goes with it
		s := in.Setting
		ls, le := textedit.LineStart(src, s.Span.Start), textedit.LineEnd(src, s.Span.End)
		before := strings.TrimSpace(string(src[ls:s.Span.Start]))
		after := strings.TrimSpace(strings.TrimRight(string(src[s.Span.End:le]), "\r\n"))
		if quote := strings.Trim(before, `"'`); quote == "" && strings.Trim(after, `"',`) == "" {
			return []fact.Edit{textedit.RemoveLines(src, s.Span)}, nil
		}
		return nil, fmt.Errorf("delete %s from the program by hand", s.Raw)
	}
	if in.Kind != fact.Replace {
		return nil, fmt.Errorf("cannot add %s to a program", in.Name)
	}
	s := in.Setting
	var edits []fact.Edit
	if in.Name != "" && in.Name != s.Name {
		name := fact.EnvName(in.Name)
		if r.flags {
			name = in.Name
		}
		edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: name})
	}
	if in.Value != nil {
		edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: *in.Value})
	}
	return edits, nil
}
