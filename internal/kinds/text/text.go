// Package text is the fallback file kind: a file that mentions etcd but is
// no kind etcdlint knows (a PowerShell or batch script, a CI file, a
// template in a language of its own) is read line by line for what proves
// itself etcd's: an etcd command line, an ETCD_* variable that names an
// etcd flag, an etcdctl or HTTP client run, an etcd API path, an
// etcd_debugging_* metric name. Kinds whose parser fails on part of a
// file degrade to the same scan (Scan).
package text

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/envassign"
	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/httpurl"
	"github.com/etcdlint/etcdlint/internal/syntax/promexpr"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the fallback kind; it matches every file that reaches it.
var Kind fact.Kind = kind{}

type kind struct{}

func (kind) Name() string { return "text" }

func (kind) Match(string, []byte) bool { return true }

func (kind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	if docExt[strings.ToLower(path.Ext(p))] {
		src = prompts(src)
	}
	if template.Has(src) {
		src = untemplate(src)
	}
	facts := Scan(src, nil, schema)
	switch {
	case path.Base(p) == "etcd" && (path.Base(path.Dir(p)) == "args" || path.Base(path.Dir(p)) == "default-args"):
		facts.Processes = append(facts.Processes, argsFile(src, schema)...)
	case path.Base(p) == "go.mod":
		goMod(facts, src)
	}
	return facts, nil
}

// untemplate masks template markup for the line scan, offsets unchanged: an
// expression becomes a variable word ($xxxx), or the program it names
// ({{ etcd_cmd }}); a statement alone on a line inside a continued command
// becomes a continuation, so the command reads on past {% if %} lines.
func untemplate(src []byte) []byte {
	m := template.Mask(src)
	out := m.Src
	for _, e := range m.Expressions {
		name := strings.Trim(string(src[e.Start:e.End]), "{}<%=-@ \t")
		if prog := cmdline.Program("${" + name + "}"); prog != "" && len(prog) <= e.Len() {
			copy(out[e.Start:e.End], prog+strings.Repeat(" ", e.Len()-len(prog)))
			continue
		}
		out[e.Start] = '$'
	}
	prevContinues := false
	for off := 0; off < len(out); {
		end := textedit.LineEnd(out, off)
		body := bytes.TrimRight(out[off:end], "\r\n \t")
		if len(body) == 0 && prevContinues && len(bytes.TrimSpace(src[off:end])) > 0 {
			out[off+len(bytes.TrimRight(out[off:end], "\r\n"))-1] = '\\'
			body = []byte{'\\'}
		}
		prevContinues = len(body) > 0 && body[len(body)-1] == '\\'
		off = end + 1
	}
	return out
}

// goRequire is a requirement of a go.mod on an etcd module that matters to
// an upgrade: the v2 client, or the server a program embeds.
var goRequire = fastre.MustCompile(`(?m)^[ \t]*(?:require[ \t]+)?(go\.etcd\.io/etcd/(client/v2|server/v3))[ \t]+(v[0-9][^\s/]*)`)

// goMod reads a go.mod: requiring go.etcd.io/etcd/client/v2 is using the
// v2 API (the module is gone in 3.7); requiring go.etcd.io/etcd/server/v3
// embeds an etcd server of that release, pinned like an image.
func goMod(facts *fact.Facts, src []byte) {
	for _, m := range goRequire.FindAllSubmatchIndex(src, -1) {
		mod := string(src[m[2]:m[3]])
		if string(src[m[4]:m[5]]) == "client/v2" {
			facts.Imports = append(facts.Imports, &fact.Import{Path: mod, Span: fact.Span{Start: m[2], End: m[3]}, Lang: "go"})
			continue
		}
		tag := string(src[m[6]:m[7]])
		facts.Images = append(facts.Images, &fact.Image{Source: fact.PackagePin, Ref: mod + " " + tag, Repository: "etcd", Tag: tag,
			Span: fact.Span{Start: m[2], End: m[7]}, TagSpan: fact.Span{Start: m[6], End: m[7]}})
	}
}

// argsFile reads microk8s's args/etcd: etcd's flags, one or more a line
// (${SNAP_DATA} in values is expanded by the snap), comments skipped.
func argsFile(src []byte, schema fact.Schema) []*fact.Process {
	var ws []cmdline.Word
	for _, l := range Lines(src) {
		if !isComment(src[l.Start:l.End]) {
			ws = append(ws, cmdline.Fields(src, l.Start, l.End)...)
		}
	}
	if len(ws) == 0 || !strings.HasPrefix(ws[0].Value, "-") {
		return nil
	}
	proc := &fact.Process{Form: fact.CommandLine, Partial: true, Anchor: ws[0].Span}
	cmdline.Parse(proc, ws, schema)
	proc.Render = &cmdline.Renderer{InsertAt: ws[len(ws)-1].Span.End}
	return []*fact.Process{proc}
}

// docExt are documentation formats, whose listings show a root shell's
// prompt as "# " before a command.
var docExt = map[string]bool{".adoc": true, ".asciidoc": true, ".rst": true, ".txt": true, ".textile": true, ".org": true, ".wiki": true, ".html": true, ".htm": true}

// promptLine is "# " before a command that runs etcd or a client.
var promptLine = fastre.MustCompile(`(?m)^([ \t]*)# +(?:sudo +)?(?:[A-Z_]+=\S* +)*(?:export +ETCDCTL_|\S*/)?(?:etcd|etcdctl|etcdutl|curl|ETCDCTL_)\b`)

// prompts blanks the "# " of prompt lines, keeping every offset.
func prompts(src []byte) []byte {
	out := []byte(string(src))
	for _, m := range promptLine.FindAllSubmatchIndex(src, -1) {
		out[m[3]] = ' '
	}
	return out
}

// Line is a logical line: physical lines joined by a trailing continuation
// (\ in shells, ^ in batch files, ` in PowerShell).
type Line struct{ Start, End int }

// Lines splits src into logical lines.
func Lines(src []byte) []Line {
	var out []Line
	start := 0
	for off := 0; off < len(src); {
		end := textedit.LineEnd(src, off)
		body := bytes.TrimRight(src[off:end], "\r\n \t")
		next := end
		if next < len(src) && src[next] == '\n' {
			next++
		}
		if len(body) > 0 && strings.IndexByte("\\^`", body[len(body)-1]) >= 0 && next < len(src) && !isComment(src[start:end]) {
			off = next
			continue
		}
		out = append(out, Line{start, off + len(bytes.TrimRight(src[off:end], "\r\n"))})
		off, start = next, next
	}
	return out
}

// CommentAt reports whether the line holding offset i of src is a comment
// (see isComment): a pin or setting on it is commented out.
func CommentAt(src []byte, i int) bool {
	start := bytes.LastIndexByte(src[:i], '\n') + 1
	return isComment(src[start:textedit.LineEnd(src, i)])
}

// isComment reports a line that is a comment in one of the languages the
// scan meets; commented-out settings are not findings.
func isComment(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	for _, p := range []string{"#", "//", ";", "::", "<!--", "/*", "* ", "%", "'"} {
		if bytes.HasPrefix(t, []byte(p)) {
			return !bytes.HasPrefix(t, []byte("#!"))
		}
	}
	return hasWordPrefix(t, "REM") || hasWordPrefix(t, "rem")
}

func hasWordPrefix(t []byte, w string) bool {
	return bytes.HasPrefix(t, []byte(w)) && (len(t) == len(w) || t[len(w)] == ' ' || t[len(w)] == '\t')
}

var (
	// program is the etcd server or a client program word, as the last
	// element of a Unix or Windows path or as a variable named for it
	// ("${etcdctl} auth enable" in a Puppet exec), followed by an argument.
	// containerRun is a container runner's run or create command.
	containerRun = regexp.MustCompile(`(?:^|[\s"'=(\[/\\:,;&|>])((?:` + strings.Join(shellcmd.ContainerRunners(), "|") + `)(?:[ \t]+container)?[ \t]+(?:run|create))[ \t]`)
	program      = regexp.MustCompile(`(?:^|[\s"'=(\[/\\:,;&|>` + "`" + `])(etcd|etcdctl|etcdutl|curl|wget|` + cmdline.ProgramVariable + `)(?:\.exe)?["']?[ \t]+\S`)
	// envAssign is an ETCD_* variable given a value: NAME=v, NAME: v,
	// "NAME": "v", $env:NAME = "v", ENV NAME v (the value is read by valueLen).
	envAssign      = regexp.MustCompile(`(?:^|[^\w$.-])(ETCD_[A-Z0-9_]+)(["']?)([ \t]*[=:][ \t]*)|^[ \t]*ENV[ \t]+(ETCD_[A-Z0-9_]+)()([ \t]+)`)
	assignmentWord = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=\S*$`)
	// windows is a Windows path, a batch variable or PowerShell's
	// environment drive: the line is no POSIX shell code.
	windows = regexp.MustCompile(`[A-Za-z]:\\|\.exe\b|%\w+%|\$env:|\^\r?\n`)
	// apiPath is an etcd HTTP API path.
	apiPath = regexp.MustCompile(`(?:/v2/(?:keys|members|stats|machines|auth|admin)\b|/v3(?:beta|alpha)/|/config/local/log\b)[\w\-./{}%$~]*`)
	// ctlAPI sets etcdctl's API version: ETCDCTL_API=2, ETCDCTL_API: "2".
	ctlAPI = regexp.MustCompile(`\bETCDCTL_API["']?[ \t]*[=:][ \t]*["']?([0-9])\b["']?`)
	// ctlV2Var is a variable only etcdctl's v2 mode reads, set to a value;
	// also as the line a sed insert writes ("1iETCDCTL_CA_FILE=…").
	ctlV2Var = regexp.MustCompile(`(?:\b|[0-9$/][ia]\\?)(ETCDCTL_(?:CA_FILE|CERT_FILE|KEY_FILE|PEERS|ENDPOINT|USERNAME|NO_SYNC))["']?[ \t]*[=:][ \t]*["']?([^\s"']*)`)
	// metric is an etcd metric name.
	metric = regexp.MustCompile(`\betcd_debugging_[a-z0-9_]+|\betcd_(?:http|proxy)_[a-z0-9_]+`)
)

// needs says which of the words the line patterns need a file holds, so
// that a pattern runs on no line of a file without its word.
type needs struct{ paths, gateways, v2, ctl, metrics, env bool }

func needsOf(src []byte) needs {
	has := func(w string) bool { return bytes.Contains(src, []byte(w)) }
	return needs{
		paths:    has("/v2/") || has("/v3") || has("/config/local/log"),
		gateways: has("v3beta") || has("v3alpha"),
		v2:       has("/v2"),
		ctl:      has("ETCDCTL_"),
		metrics:  has("etcd_"),
		env:      has("ETCD_"),
	}
}

func refs(facts *fact.Facts, src []byte, l Line, w needs) {
	line := src[l.Start:l.End]
	if !w.paths {
		line = nil
	}
	for _, m := range apiPath.FindAllIndex(line, -1) {
		p := strings.TrimRight(string(line[m[0]:m[1]]), ".,;:)")
		facts.Endpoints = append(facts.Endpoints, &fact.Endpoint{Path: p,
			Span: fact.Span{Start: l.Start + m[0], End: l.Start + m[0] + len(p)}, Context: "text", Render: textedit.PathRenderer{}})
	}
	line = src[l.Start:l.End]
	if w.gateways {
		facts.Endpoints = append(facts.Endpoints, httpurl.Gateways(line, l.Start)...)
	}
	if w.v2 {
		facts.Endpoints = append(facts.Endpoints, httpurl.V2Bases(line, l.Start)...)
	}
	if !w.ctl {
		line = nil
	}
	for _, m := range ctlAPI.FindAllSubmatchIndex(line, -1) {
		facts.ClientEnv = append(facts.ClientEnv, fact.EnvVar{Name: "ETCDCTL_API", Value: string(line[m[2]:m[3]]),
			Span: fact.Span{Start: l.Start + m[0], End: l.Start + m[1]}})
	}
	for _, m := range ctlV2Var.FindAllSubmatchIndex(line, -1) {
		facts.ClientEnv = append(facts.ClientEnv, fact.EnvVar{Name: string(line[m[2]:m[3]]), Value: string(line[m[4]:m[5]]),
			Span: fact.Span{Start: l.Start + m[2], End: l.Start + m[1]}})
	}
	line = src[l.Start:l.End]
	if !w.metrics {
		line = nil
	}
	for _, m := range metric.FindAllIndex(line, -1) {
		facts.Metrics = append(facts.Metrics, &fact.MetricRef{Name: string(line[m[0]:m[1]]),
			Span: fact.Span{Start: l.Start + m[0], End: l.Start + m[1]}, Context: "text", Render: promexpr.Renamer{}})
	}
}

// Scan reads the logical lines of src that lie inside one of regions (all
// lines when regions is nil) and are not comments.
func Scan(src []byte, regions []fact.Span, schema fact.Schema) *fact.Facts {
	facts := &fact.Facts{}
	env := &fact.Process{Form: fact.EnvFile, Partial: true, Render: envRenderer{}}
	w := needsOf(src)
	lower := textedit.LowerASCII(src) // once, not per line; offsets shared with src
	for _, l := range Lines(src) {
		if regions != nil && !inside(regions, l) {
			continue
		}
		line := src[l.Start:l.End]
		if isComment(line) {
			continue
		}
		// a program word or an ETCD_ variable is on the line, in any case
		ll := lower[l.Start:l.End]
		if bytes.Contains(ll, []byte("etcd")) || bytes.Contains(ll, []byte("curl")) || bytes.Contains(ll, []byte("wget")) {
			commandLine(facts, src, l, schema)
		}
		if w.env {
			for _, m := range envAssign.FindAllSubmatchIndex(line, -1) {
				if s := assignment(src, l, m, schema); s != nil {
					s.Process = env
					env.Settings = append(env.Settings, s)
				}
			}
		}
		refs(facts, src, l, w)
	}
	if len(env.Settings) > 0 {
		facts.Processes = append(facts.Processes, env)
	}
	return dedupe(facts)
}

func inside(regions []fact.Span, l Line) bool {
	for _, r := range regions {
		if l.Start < r.End && r.Start < l.End || l.Start == r.Start {
			return true
		}
	}
	return false
}

// commandLine reads the etcd processes and client runs of one logical
// line. The command starts at its program word; words before it (a YAML
// "- ", "ExecStart=", "RUN", a prompt) are another language. Client runs
// also get the line from its start, so that "ETCDCTL_API=2 etcdctl …"
// keeps its environment.
func commandLine(facts *fact.Facts, src []byte, l Line, schema fact.Schema) {
	line := src[l.Start:l.End]
	for _, m := range containerRun.FindAllSubmatchIndex(line, -1) {
		// docker run … $IMAGE etcd --flags: etcd follows the image, a
		// place no prose puts it in, so the shell parser reads the line
		// from the first run on, once (it reads the runs after it too)
		if !commandPosition(line, m[2]) {
			continue
		}
		code, offsets := region(src, l.Start+m[2], l.Start+len(bytes.TrimRight(line, " \t\r")))
		if procs, errs := shellcmd.ParseCommand(code, offsets, schema); len(errs) == 0 {
			for _, p := range procs {
				p.Partial = true
			}
			facts.Processes = append(facts.Processes, procs...)
		}
		break
	}
	for _, m := range program.FindAllSubmatchIndex(line, -1) {
		if !commandPosition(line, m[2]) {
			continue
		}
		start := l.Start + m[2]
		end := l.Start + len(bytes.TrimRight(line, " \t\r"))
		for end > start && strings.IndexByte(`"',;)]}`, src[end-1]) >= 0 {
			end--
		}
		code, offsets := region(src, start, end)
		if cmdline.Program(string(line[m[2]:m[3]])) == cmdline.Etcd {
			var procs []*fact.Process
			if !windows.Match(line) {
				var errs []*fact.ParseError
				if procs, errs = shellcmd.ParseCommand(code, offsets, schema); len(errs) > 0 {
					procs = nil
				}
			}
			if len(procs) == 0 {
				procs = words(src, start, end, schema)
			}
			for _, p := range procs {
				p.Partial = true // a line shows one command, not how etcd is run
			}
			facts.Processes = append(facts.Processes, procs...)
			continue
		}
		got := shellcmd.ParseClients(code, offsets, schema)
		if from := l.Start + contentStart(line); from < start {
			code, offsets := region(src, from, end)
			if withEnv := shellcmd.ParseClients(code, offsets, schema); len(withEnv.Invocations) >= len(got.Invocations) {
				got = withEnv
			}
		}
		if len(got.Invocations) == 0 {
			// a runbook's placeholder (<host IP>) is no shell: read words
			got = shellcmd.ArgvClients(cmdline.Fields(src, start, end), nil, schema)
		}
		facts.Invocations = append(facts.Invocations, got.Invocations...)
		facts.Endpoints = append(facts.Endpoints, got.Endpoints...)
	}
}

// commandPosition reports whether the program word at i (after its path)
// starts a command: first on the line, after an assignment, a quote, a
// bracket or a shell operator, or after a wrapper such as sudo. After a
// plain word it is prose ("run etcd --debug only when asked").
func commandPosition(line []byte, i int) bool {
	for i > 0 && bytes.IndexByte([]byte(" \t\"'=(["), line[i-1]) < 0 {
		i-- // the program's path
	}
	before := bytes.TrimRight(line[contentStart(line):i], " \t")
	if len(before) == 0 {
		return true
	}
	switch last := before[len(before)-1]; {
	case last == '=':
		// ExecStart=/usr/bin/etcd, but not the value of an option of
		// another command ("kubectl get pods -l app=etcd -o wide")
		return !bytes.ContainsAny(before, " \t")
	case bytes.IndexByte([]byte(":\"'([&|;`>{"), last) >= 0:
		return true
	}
	// the last word only: a line may hold thousands
	last := before[bytes.LastIndexAny(before, " \t")+1:]
	if assignmentWord.Match(last) {
		return true // ETCDCTL_API=2 etcdctl …
	}
	switch string(last) {
	case "sudo", "exec", "nohup", "env", "time", "start", "call", "command", "xargs", "-c", "--":
		return true
	case "until", "while", "if", "then", "do", "else", "elif", "!":
		// a shell keyword a command follows (until etcdctl …; do), when it
		// starts the line or a statement: "We do etcdctl backups" is prose
		rest := bytes.TrimRight(before[:len(before)-len(last)], " \t")
		return len(rest) == 0 || bytes.HasSuffix(rest, []byte(";"))
	}
	return false
}

// contentStart skips indentation, a YAML list dash and a shell prompt.
func contentStart(line []byte) int {
	i := 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i+1 < len(line) && strings.IndexByte("-$>", line[i]) >= 0 && line[i+1] == ' ' {
			i += 2
			continue
		}
		return i
	}
}

// region is src[start:end] as code for the shell parser, continuation
// characters of other languages blanked, with its file offsets.
func region(src []byte, start, end int) (string, []int) {
	code := []byte(string(src[start:end]))
	for i := 0; i+1 < len(code); i++ {
		if (code[i] == '^' || code[i] == '`') && (code[i+1] == '\n' || code[i+1] == '\r') {
			code[i] = ' '
		}
	}
	offsets := make([]int, len(code)+1)
	for i := range offsets {
		offsets[i] = start + i
	}
	return string(code), offsets
}

// words reads a command line the shell parser refused (a PowerShell or
// batch line) as whitespace-separated words.
func words(src []byte, start, end int, schema fact.Schema) []*fact.Process {
	ws := cmdline.Fields(src, start, end)
	if len(ws) == 0 || cmdline.Program(ws[0].Value) != cmdline.Etcd {
		return nil
	}
	proc := &fact.Process{Form: fact.CommandLine, Anchor: ws[0].Span, Partial: true}
	cmdline.Parse(proc, ws[1:], schema)
	proc.Render = &cmdline.Renderer{InsertAt: ws[len(ws)-1].Span.End}
	return []*fact.Process{proc}
}

// assignment reads the ETCD_* assignment a match of envAssign starts.
func assignment(src []byte, l Line, m []int, schema fact.Schema) *fact.Setting {
	line := src[l.Start:l.End]
	if m[2] < 0 {
		m = append([]int{m[0], m[1]}, m[8:]...) // ENV NAME value
	}
	name := string(line[m[2]:m[3]])
	flag := schema.FlagForEnv(name)
	if !schema.Defines(flag) || flag == "version" {
		// ETCD_VERSION outside etcd's own environment files is an install
		// script's or a CI matrix's version pin (the image scan reads it)
		return nil
	}
	vs := m[1]
	ve := vs + valueLen(line[vs:])
	if ve == vs {
		return nil
	}
	value := strings.Trim(string(line[vs:ve]), `"'`)
	return &fact.Setting{
		Name: flag, Surface: fact.Env, Raw: name,
		Span:      fact.Span{Start: l.Start + m[2], End: l.Start + ve},
		NameSpan:  fact.Span{Start: l.Start + m[2], End: l.Start + m[3]},
		Value:     value,
		HasValue:  true,
		ValueSpan: fact.Span{Start: l.Start + vs, End: l.Start + ve},
		Templated: strings.ContainsAny(value, "${%"),
	}
}

// valueLen is the length of a value: a quoted string, or a run of
// characters up to a space, comma, quote or bracket.
func valueLen(v []byte) int {
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		if j := bytes.IndexByte(v[1:], v[0]); j >= 0 {
			return j + 2
		}
		return 0
	}
	n := 0
	for n < len(v) && strings.IndexByte(" \t\r\n,\"'}])", v[n]) < 0 {
		n++
	}
	return n
}

// dedupe drops the facts the same span produced twice (a client seen from
// the program word and from the line start).
func dedupe(f *fact.Facts) *fact.Facts {
	seen := map[[2]int]bool{}
	var inv []*fact.Invocation
	for _, v := range f.Invocations {
		k := [2]int{v.ProgramSpan.Start, v.ProgramSpan.End}
		if !seen[k] {
			seen[k] = true
			inv = append(inv, v)
		}
	}
	f.Invocations = inv
	seenEP := map[fact.Span]bool{}
	var eps []*fact.Endpoint
	for _, e := range f.Endpoints {
		if !seenEP[e.Span] {
			seenEP[e.Span] = true
			eps = append(eps, e)
		}
	}
	f.Endpoints = eps
	return f
}

// envRenderer edits an assignment in place; it deletes one only when it
// is alone on its line.
type envRenderer struct{}

func (envRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	switch in.Kind {
	case fact.Replace:
		return envassign.RenderReplace(src, in), nil
	case fact.Remove:
		s := in.Setting
		ls, le := textedit.LineStart(src, s.Span.Start), textedit.LineEnd(src, s.Span.End)
		before := strings.TrimSpace(string(src[ls:s.Span.Start]))
		after := strings.TrimSpace(string(src[s.Span.End:le]))
		if (before == "" || before == "-" || before == "export" || before == "ENV" || before == "set") && after == "" {
			return []fact.Edit{textedit.RemoveLines(src, s.Span)}, nil
		}
		return nil, fmt.Errorf("%s shares its line with other text; delete it by hand", s.Raw)
	}
	return nil, fmt.Errorf("cannot add a variable to this file")
}
