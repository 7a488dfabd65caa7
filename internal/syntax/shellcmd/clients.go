package shellcmd

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/httpurl"
	"github.com/etcdlint/etcdlint/internal/syntax/logformat"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// clients are the client facts of a script: etcdctl, etcdutl and HTTP
// requests, and the ETCDCTL_* variables exported so far.
type clients struct {
	invocations []*fact.Invocation
	endpoints   []*fact.Endpoint
	logParsers  []*fact.LogParser
	exported    []fact.EnvVar
	// declared are the exports the code itself writes, and around.
	declared []fact.EnvVar
	// around are the variables set outside the code (ClientsWithEnv).
	around []EnvWord
}

func (c *clients) into(f *fact.Facts) {
	if slices.ContainsFunc(c.invocations, func(v *fact.Invocation) bool { return v.Program == cmdline.Etcdctl }) {
		var s script
		for _, e := range c.around {
			if e.Name == "ETCDCTL_ENDPOINTS" {
				s.addresses(e.Value, 0, "ETCDCTL_ENDPOINTS")
			}
		}
		c.endpoints = append(s.cl.endpoints, c.endpoints...)
	}
	f.ClientEnv = append(f.ClientEnv, c.declared...)
	f.Invocations = append(f.Invocations, c.invocations...)
	f.Endpoints = append(f.Endpoints, c.endpoints...)
	f.LogParsers = append(f.LogParsers, c.logParsers...)
}

var ctlEnvName = regexp.MustCompile(`^ETCDCTL_[A-Z0-9_]+$`)

// ParseClients returns the client facts of a shell command string embedded
// in another file (a systemd ExecStartPre= line): etcdctl, etcdutl and HTTP
// requests, and the addresses and paths they use. offsets as for
// ParseCommand; syntax errors are dropped.
func ParseClients(code string, offsets []int, schema fact.Schema) *fact.Facts {
	return ClientsWithEnv(code, offsets, nil, schema)
}

// UnitClients is ParseClients for a command line of a systemd unit, run
// with the unit's Environment= assignments env ("NAME=value" words) in
// effect; words that are no assignment are skipped.
func UnitClients(code string, offsets []int, env []cmdline.Word, schema fact.Schema) *fact.Facts {
	var around []EnvWord
	for _, w := range env {
		name, _, ok := strings.Cut(w.Value, "=")
		if !ok || name == "" {
			continue
		}
		v := cmdline.Word{Value: w.Value[len(name)+1:], Dynamic: w.Dynamic}
		if w.Offsets != nil {
			v.Offsets = w.Offsets[len(name)+1:]
		}
		v.Span = fact.Span{Start: w.Offset(len(name) + 1), End: w.Span.End}
		around = append(around, EnvWord{Name: name, Value: v, Span: w.Span})
	}
	return ClientsWithEnv(code, offsets, around, schema)
}

// EnvWord is an ETCDCTL_* variable set around an embedded command (a key
// of an Ansible task's environment: map), its value read as one word.
type EnvWord struct {
	Name  string
	Value cmdline.Word
	// Span covers the whole assignment ("ETCDCTL_API: \"2\"").
	Span fact.Span
}

// ClientsWithEnv is ParseClients for a command run with env in effect;
// variables the code sets itself come after them. The code is parsed with
// its template markup masked, as ParseCommand does, so that
// "{{ bin_dir }}/etcdctl" is one word.
func ClientsWithEnv(code string, offsets []int, env []EnvWord, schema fact.Schema) *fact.Facts {
	m := mask([]byte(code))
	s := newScript([]byte(code), m, offsets, schema)
	s.around(env)
	s.parse(m.Src)
	f := &fact.Facts{}
	s.cl.into(f)
	return f
}

// ArgvClients returns the client facts of a command written as an argument
// vector (an Ansible argv: list), run with env in effect.
func ArgvClients(argv []cmdline.Word, env []EnvWord, schema fact.Schema) *fact.Facts {
	s := newScript(nil, &template.Masked{}, nil, schema)
	s.around(env)
	if len(argv) > 0 {
		s.clientRun(argv, slices.Clone(s.cl.exported))
	}
	f := &fact.Facts{}
	s.cl.into(f)
	return f
}

// around puts env in effect for every client the script runs. The address
// list of ETCDCTL_ENDPOINTS becomes endpoint facts once a client uses it.
func (s *script) around(env []EnvWord) {
	for _, e := range env {
		if ctlEnvName.MatchString(e.Name) {
			v := fact.EnvVar{Name: e.Name, Value: e.Value.Value, Span: e.Span}
			s.cl.exported = append(s.cl.exported, v)
			s.cl.declared = append(s.cl.declared, v)
		}
	}
	s.cl.around = env
}

// clientDecl tracks "export ETCDCTL_API=3" for the invocations after it.
func (s *script) clientDecl(d *syntax.DeclClause) {
	if d.Variant == nil || d.Variant.Value != "export" {
		return
	}
	for _, a := range d.Args {
		if a.Name != nil && a.Value != nil && ctlEnvName.MatchString(a.Name.Value) {
			w := s.word(a.Value)
			v := fact.EnvVar{Name: a.Name.Value, Value: w.Value, Span: s.span(a)}
			s.cl.exported = append(s.cl.exported, v)
			s.cl.declared = append(s.cl.declared, v)
			if a.Name.Value == "ETCDCTL_ENDPOINTS" {
				s.addresses(w, 0, "ETCDCTL_ENDPOINTS")
			}
		}
	}
}

// sedLine is a sed script that inserts or appends one line: "1iTEXT",
// "/\[Service\]/a TEXT", "$a\ TEXT".
var sedLine = regexp.MustCompile(`^(?:[0-9]+|\$|/(?:[^/\\]|\\.)*/)?\s*[ia]\\?\s?`)

// sedInsert reads "sed -i '1iETCDCTL_CA_FILE=/ca.pem' /etc/environment":
// the line it writes into a file sets a variable as an export would.
func (s *script) sedInsert(words []cmdline.Word) {
	if len(words) < 3 || path.Base(words[0].Value) != "sed" {
		return
	}
	inPlace := false
	var script *cmdline.Word
	for i := 1; i < len(words)-1; i++ {
		switch v := words[i].Value; {
		case v == "-i" || strings.HasPrefix(v, "-i") || v == "--in-place":
			inPlace = true
		case v == "-e" && i+1 < len(words)-1:
			script = &words[i+1]
			i++
		case !strings.HasPrefix(v, "-") && script == nil:
			script = &words[i]
		}
	}
	if !inPlace || script == nil {
		return
	}
	m := sedLine.FindStringIndex(script.Value)
	if m == nil {
		return
	}
	text := script.Value[m[1]:]
	name, value, ok := strings.Cut(text, "=")
	if !ok || !ctlEnvName.MatchString(name) {
		return
	}
	v := fact.EnvVar{Name: name, Value: value, Span: fact.Span{Start: script.Offset(m[1]), End: script.Offset(len(script.Value)-1) + 1}}
	s.cl.declared = append(s.cl.declared, v)
}

// addresses records the items of a comma-separated list of server
// addresses (an --endpoints value from byte from of w, ETCDCTL_ENDPOINTS)
// as endpoint facts. Items that depend on expansion are skipped.
func (s *script) addresses(w cmdline.Word, from int, context string) {
	s.list(w, from, len(w.Value), ',', context)
}

// list records the items of the sep-separated address list in bytes
// [from, to) of w's value.
func (s *script) list(w cmdline.Word, from, to int, sep byte, context string) {
	start := from
	for i := from; i <= to; i++ {
		if i < to && w.Value[i] != sep {
			continue
		}
		item := strings.TrimSpace(w.Value[start:i])
		lead := strings.Index(w.Value[start:i], item)
		if item != "" && !strings.ContainsAny(item, "$`{}%") {
			b := start + lead
			s.cl.endpoints = append(s.cl.endpoints, &fact.Endpoint{Address: item, Context: context,
				Span: fact.Span{Start: w.Offset(b), End: w.Offset(b+len(item)-1) + 1}})
		}
		start = i + 1
	}
}

// clientCall records an etcdctl, etcdutl, curl, wget or httpie run, with
// the ETCDCTL_* variables in effect; words are the command's words before
// wrappers are stripped.
func (s *script) clientCall(c *syntax.CallExpr, words []cmdline.Word) {
	if words[0].Value == "unset" {
		for _, w := range words[1:] {
			s.cl.exported = slices.DeleteFunc(s.cl.exported, func(e fact.EnvVar) bool { return e.Name == w.Value })
		}
		return
	}
	env := slices.Clone(s.cl.exported)
	for _, a := range c.Assigns {
		if a.Name != nil && ctlEnvName.MatchString(a.Name.Value) {
			v := ""
			if a.Value != nil {
				w := s.word(a.Value)
				v = w.Value
				if a.Name.Value == "ETCDCTL_ENDPOINTS" {
					s.addresses(w, 0, "ETCDCTL_ENDPOINTS")
				}
			}
			env = append(env, fact.EnvVar{Name: a.Name.Value, Value: v, Span: s.span(a)})
		}
	}
	before := len(s.cl.invocations)
	s.clientRun(words, env)
	if len(c.Args) > 0 && len(s.cl.invocations) > before && isExpansion(c.Args[0]) && !prefixVariable(words) {
		// the program comes from a variable ("${ETCDCTL_CMD} set k v"):
		// the run is where the variable is used, not where it was set
		for _, inv := range s.cl.invocations[before:] {
			inv.ProgramSpan = s.wordSpan(c.Args[0])
		}
	}
}

// isExpansion reports a word that is one parameter expansion.
func isExpansion(w *syntax.Word) bool {
	if len(w.Parts) != 1 {
		return false
	}
	switch p := w.Parts[0].(type) {
	case *syntax.ParamExp:
		return true
	case *syntax.DblQuoted:
		if len(p.Parts) == 1 {
			_, ok := p.Parts[0].(*syntax.ParamExp)
			return ok
		}
	}
	return false
}

// clientRun records the client run by words (wrappers included) with the
// ETCDCTL_* variables env in effect.
func (s *script) clientRun(words []cmdline.Word, env []fact.EnvVar) {
	run, _ := s.unwrap(words, nil)
	if len(run) == 0 {
		return // a templated directory is fine ("{{ bin_dir }}/etcdctl"): the base name names the program
	}
	// env and sudo operands before the program ("env ETCDCTL_API=2 etcdctl")
	for _, w := range words[:len(words)-len(run)] {
		if name, value, ok := strings.Cut(w.Value, "="); ok && ctlEnvName.MatchString(name) {
			env = append(env, fact.EnvVar{Name: name, Value: value, Span: w.Span})
			if name == "ETCDCTL_ENDPOINTS" {
				s.addresses(w, len(name)+1, name)
			}
		}
	}
	prog := strings.TrimSuffix(path.Base(run[0].Value), ".exe")
	if p := cmdline.Program(run[0].Value); p != "" {
		prog = p
	}
	switch {
	case prog == cmdline.Etcdctl || prog == cmdline.Etcdutl:
		s.cl.invocations = append(s.cl.invocations, s.ctlInvocation(prog, run, env))
	case prog == "curl" || prog == "wget" || prog == "http" || prog == "https":
		inv := s.httpInvocation(prog, run)
		s.cl.invocations = append(s.cl.invocations, inv)
	case prog == "kube-apiserver":
		s.etcdServers(run[1:])
	case containerRunners[prog]:
		if inner, inEnv, ok := containerCommand(run); ok {
			// the command runs in the container, with only -e variables
			s.clientRun(inner, inEnv)
		}
	case prog == "kubectl" || prog == "oc":
		if inner, ok := execCommand(run[1:]); ok {
			// the command runs in the container, where the script's
			// variables are not set
			s.clientRun(inner, nil)
		}
	case prog == "ssh":
		// ssh [options] HOST COMMAND: a quoted command is code the
		// remote shell runs, words are the command itself
		// ssh joins its command words with spaces for the remote shell,
		// which starts without the local environment
		if rest := sshCommand(run[1:]); len(rest) > 0 {
			s.nestedClients(joinWords(rest), nil)
		}
	case cmdline.IsShell(prog):
		if code, ok := cmdline.ShellCode(run[1:]); ok {
			s.nestedClients(code, env)
		}
	case len(run) > 2 && !run[1].Dynamic && !notRunners[prog] && (cmdline.Program(run[1].Value) == cmdline.Etcdctl || cmdline.Program(run[1].Value) == cmdline.Etcdutl):
		// a helper that runs its arguments (debug_execute etcdctl
		// snapshot restore …, retry etcdctl get k)
		s.clientRun(run[1:], env)
	}
}

// notRunners take a program's name as data, not as a command to run.
var notRunners = map[string]bool{
	"echo": true, "printf": true, "which": true, "type": true, "whereis": true, "hash": true,
	"grep": true, "egrep": true, "fgrep": true, "pgrep": true, "pkill": true, "killall": true, "pidof": true,
	"apt": true, "apt-get": true, "yum": true, "dnf": true, "apk": true, "zypper": true, "brew": true,
	"install": true, "cp": true, "mv": true, "rm": true, "ln": true, "chmod": true, "chown": true,
	"cat": true, "ls": true, "stat": true, "test": true, "[": true, "file": true, "tar": true, "unzip": true,
	"log": true, "info": true, "warn": true, "error": true, "debug": true,
}

// nestedClients reads the clients of shell code held in one word (the
// argument of sh -c, the command of ssh), with env in effect.
func (s *script) nestedClients(code cmdline.Word, env []fact.EnvVar) {
	offs := code.Offsets
	if offs == nil {
		offs = make([]int, len(code.Value)+1)
		for i := range offs {
			offs[i] = code.Span.Start + i
		}
	}
	m := mask([]byte(code.Value))
	nested := newScript([]byte(code.Value), m, offs, s.schema)
	nested.cl.exported = env
	nested.parse(m.Src)
	var f fact.Facts
	nested.cl.into(&f)
	s.cl.invocations = append(s.cl.invocations, f.Invocations...)
	s.cl.endpoints = append(s.cl.endpoints, f.Endpoints...)
	s.cl.logParsers = append(s.cl.logParsers, f.LogParsers...)
}

// joinWords is words joined with spaces as one word, each byte keeping its
// file offset (a space takes the end of the word before it).
func joinWords(words []cmdline.Word) cmdline.Word {
	if len(words) == 1 {
		return words[0]
	}
	out := cmdline.Word{Span: fact.Span{Start: words[0].Span.Start, End: words[len(words)-1].Span.End}}
	for i, w := range words {
		if i > 0 {
			out.Value += " "
			out.Offsets = append(out.Offsets, words[i-1].Offset(len(words[i-1].Value)))
		}
		out.Value += w.Value
		for j := range len(w.Value) {
			out.Offsets = append(out.Offsets, w.Offset(j))
		}
	}
	last := words[len(words)-1]
	out.Offsets = append(out.Offsets, last.Offset(len(last.Value)))
	return out
}

// sshValued are the options of ssh that take a value.
const sshValued = "BbcDEeFIiJLlmOoPpQRSWw"

// sshCommand is the command of "ssh [options] HOST COMMAND…": the words
// after the host, nil when there are none (an interactive login).
func sshCommand(args []cmdline.Word) []cmdline.Word {
	i := 0
	for i < len(args) && strings.HasPrefix(args[i].Value, "-") && len(args[i].Value) > 1 {
		v := args[i].Value
		i++
		if v == "--" {
			break
		}
		if strings.ContainsRune(sshValued, rune(v[len(v)-1])) {
			i++ // -i key.pem, -o Option=x, -qi key.pem
		}
	}
	if i+1 >= len(args) {
		return nil
	}
	return args[i+1:]
}

// execCommand is the command of "kubectl exec [options] POD -- CMD…": the
// words after the first "--" once "exec" came before it.
func execCommand(args []cmdline.Word) ([]cmdline.Word, bool) {
	exec := false
	for i, a := range args {
		switch {
		case a.Value == "--":
			if exec && i+1 < len(args) {
				return args[i+1:], true
			}
			return nil, false
		case a.Value == "exec":
			exec = true
		}
	}
	return nil, false
}

// etcdServers records the addresses of kube-apiserver's --etcd-servers
// and --etcd-servers-overrides.
func (s *script) etcdServers(args []cmdline.Word) {
	for i, w := range args {
		for _, name := range []string{"etcd-servers", "etcd-servers-overrides"} {
			switch {
			case strings.HasPrefix(w.Value, "--"+name+"="):
				s.cl.endpoints = append(s.cl.endpoints, etcdServers(name, w, len(name)+3, "kube-apiserver --"+name)...)
			case w.Value == "--"+name && i+1 < len(args):
				s.cl.endpoints = append(s.cl.endpoints, etcdServers(name, args[i+1], 0, "kube-apiserver --"+name)...)
			}
		}
	}
}

// EtcdServers returns the addresses of a kube-apiserver setting written
// elsewhere than a command line (a kubeadm extraArgs entry) as endpoint
// facts with context: value is the value of name, "etcd-servers" (a
// comma-separated list of URLs) or "etcd-servers-overrides" (comma-
// separated "group/resource#URL;URL" items). Other names give none.
func EtcdServers(name string, value cmdline.Word, context string) []*fact.Endpoint {
	if name != "etcd-servers" && name != "etcd-servers-overrides" {
		return nil
	}
	return etcdServers(name, value, 0, context)
}

// etcdServers reads the value of name from byte from of w.
func etcdServers(name string, w cmdline.Word, from int, context string) []*fact.Endpoint {
	var s script
	if name == "etcd-servers" {
		s.addresses(w, from, context)
		return s.cl.endpoints
	}
	// "/events#https://10.0.0.1:2379;https://10.0.0.2:2379,apps/deployments#…"
	start := from
	for i := from; i <= len(w.Value); i++ {
		if i < len(w.Value) && w.Value[i] != ',' {
			continue
		}
		if hash := strings.IndexByte(w.Value[start:i], '#'); hash >= 0 {
			s.list(w, start+hash+1, i, ';', context)
		}
		start = i + 1
	}
	return s.cl.endpoints
}

func (s *script) newInvocation(prog string, run []cmdline.Word) *fact.Invocation {
	inv := &fact.Invocation{Program: prog, ProgramSpan: run[0].Span}
	for _, w := range run[1:] {
		inv.Args = append(inv.Args, fact.Arg{Value: w.Value, Span: w.Span, Dynamic: w.Dynamic})
	}
	inv.Render = &invocationRenderer{inv: inv, span: fact.Span{Start: run[0].Span.Start, End: run[len(run)-1].Span.End}}
	return inv
}

// ctlBools are the etcdctl and etcdutl flags that never take a separate
// value word (v3 and v2 grammar); any other flag written without "=" takes
// the next word.
var ctlBools = map[string]bool{
	"debug": true, "insecure-transport": true, "insecure-skip-tls-verify": true, "insecure-discovery": true,
	"hex": true, "prefix": true, "from-key": true, "keys-only": true, "count-only": true, "print-value-only": true,
	"prev-kv": true, "ignore-lease": true, "ignore-value": true, "interactive": true, "cluster": true,
	"learner": true, "skip-hash-check": true, "mark-compacted": true, "physical": true, "range": true,
	"progress-notify": true, "rev-prefix": true, "detail": true,
	// v2
	"recursive": true, "r": true, "sort": true, "s": true, "quorum": true, "q": true, "dir": true,
	"forever": true, "f": true, "no-sync": true, "h": true, "help": true, "version": true, "v": true,
}

// ctlAddressFlags are the etcdctl flags that list server addresses (v3,
// and v2's deprecated spellings).
var ctlAddressFlags = map[string]bool{"endpoints": true, "endpoint": true, "peers": true, "C": true}

func (s *script) ctlInvocation(prog string, run []cmdline.Word, env []fact.EnvVar) *fact.Invocation {
	inv := s.newInvocation(prog, run)
	inv.Env = env
	args := run[1:]
	for i := 0; i < len(args); i++ {
		w := args[i]
		name, ok := flagName(w.Value)
		if !ok {
			inv.Operands = append(inv.Operands, fact.Arg{Value: w.Value, Span: w.Span, Dynamic: w.Dynamic})
			continue
		}
		f := fact.ClientFlag{Name: name, Span: w.Span}
		valueWord, from := w, 0
		if eq := strings.IndexByte(w.Value, '='); eq >= 0 {
			f.Value, f.HasValue, from = w.Value[eq+1:], true, eq+1
		} else if !ctlBools[name] && i+1 < len(args) && !strings.HasPrefix(args[i+1].Value, "-") {
			i++
			f.Value, f.HasValue = args[i].Value, true
			if args[i].Span.Start >= w.Span.End {
				f.Span.End = args[i].Span.End
			} else {
				f.ValueApart = true // "--endpoints $EP" with EP set above
			}
			valueWord = args[i]
		}
		if f.HasValue && prog == cmdline.Etcdctl && ctlAddressFlags[name] {
			dashes := "--"
			if len(name) == 1 {
				dashes = "-"
			}
			s.addresses(valueWord, from, "etcdctl "+dashes+name)
		}
		inv.Flags = append(inv.Flags, f)
	}
	return inv
}

// flagName is the name of a "-x", "--xy" or "--xy=v" word.
func flagName(v string) (string, bool) {
	if len(v) < 2 || v[0] != '-' || v == "--" {
		return "", false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(v, "-"), "=")
	return name, name != ""
}

// httpValued are the curl, wget and httpie options that take a separate
// value word, which is never the request URL.
var httpValued = map[string]bool{
	"X": true, "request": true, "d": true, "data": true, "data-raw": true, "data-binary": true,
	"data-urlencode": true, "json": true, "H": true, "header": true, "o": true, "output": true, "u": true,
	"user": true, "cacert": true, "cert": true, "key": true, "capath": true, "E": true, "w": true,
	"write-out": true, "m": true, "max-time": true, "connect-timeout": true, "retry": true,
	"retry-delay": true, "retry-max-time": true, "A": true, "user-agent": true, "e": true, "referer": true,
	"b": true, "cookie": true, "c": true, "cookie-jar": true, "resolve": true, "T": true, "upload-file": true,
	"F": true, "form": true, "x": true, "proxy": true, "unix-socket": true, "O": true, "output-document": true,
	"method": true, "post-data": true, "body-data": true, "ca-certificate": true, "certificate": true,
	"private-key": true, "timeout": true, "T-": true, "verify": true, "auth": true, "a": true,
}

// httpInvocation records a curl, wget or httpie run and the paths it
// requests.
func (s *script) httpInvocation(prog string, run []cmdline.Word) *fact.Invocation {
	inv := s.newInvocation(prog, run)
	method := ""
	hasData := false
	var targets []cmdline.Word
	args := run[1:]
	for i := 0; i < len(args); i++ {
		w := args[i]
		name, isFlag := flagName(w.Value)
		if !isFlag {
			if prog != "curl" && prog != "wget" && method == "" && isMethod(w.Value) {
				method = w.Value // httpie: http PUT url
				continue
			}
			if _, _, ok := httpurl.Path(w.Value); ok {
				targets = append(targets, w)
			} else if prog != "curl" && prog != "wget" && strings.Contains(w.Value, "=") {
				hasData = true // httpie request item
			}
			continue
		}
		f := fact.ClientFlag{Name: name, Span: w.Span}
		value, eq := "", false
		if _, v, ok := strings.Cut(w.Value, "="); ok && strings.HasPrefix(w.Value, "--") {
			value, eq = v, true
		}
		short := !strings.HasPrefix(w.Value, "--")
		switch {
		case eq:
			f.Value, f.HasValue = value, true
		case short && len(name) > 1 && httpValued[name[:1]]:
			f.Name, f.Value, f.HasValue = name[:1], name[1:], true // -XPUT
		case httpValued[name] && i+1 < len(args):
			i++
			f.Value, f.HasValue, f.Span.End = args[i].Value, true, args[i].Span.End
		}
		switch f.Name {
		case "X", "request", "method":
			method = strings.ToUpper(f.Value)
		case "d", "data", "data-raw", "data-binary", "data-urlencode", "json", "F", "form", "post-data", "body-data":
			hasData = true
		case "I", "head":
			if method == "" {
				method = "HEAD"
			}
		}
		inv.Flags = append(inv.Flags, f)
	}
	if method == "" {
		method = "GET"
		if hasData {
			method = "POST"
		}
	}
	for _, w := range targets {
		start, end, _ := httpurl.Path(w.Value)
		if otherServer(w.Value[:start], w.Value[start:end]) {
			continue // vulcand's :8182/v2/backends is not etcd's v2 API
		}
		e := &fact.Endpoint{Path: w.Value[start:end], Method: method, Context: prog}
		e.Span = fact.Span{Start: w.Offset(start), End: w.Offset(end-1) + 1}
		if contiguous(w, start, end) {
			e.Render = textedit.PathRenderer{}
		}
		s.cl.endpoints = append(s.cl.endpoints, e)
	}
	return inv
}

// urlPort is the explicit port of a URL's base.
var urlPort = regexp.MustCompile(`:([0-9]+)$`)

// etcdPorts are the ports etcd listens on by default, now and in etcd 2.
var etcdPorts = map[string]bool{"2379": true, "2380": true, "4001": true, "7001": true}

// etcdResource is a path only etcd's HTTP API serves.
var etcdResource = regexp.MustCompile(`^/(?:v2/(?:keys|members|stats|machines|auth|leader|admin)\b|v3(?:beta|alpha)?/(?:kv|lease|watch|auth|cluster|maintenance)\b|health|readyz|livez|version|metrics|config/local/log)`)

// otherServer reports a request to another program's HTTP API, for a path
// etcd would not answer and a base URL with no name saying etcd: one with a
// port that is none of etcd's, or a host written out without a port (80 or
// 443, where etcd does not listen: a registry's /v2/ is not etcd's).
func otherServer(base, path string) bool {
	if strings.Contains(strings.ToLower(base), "etcd") || etcdResource.MatchString(path) {
		return false
	}
	if m := urlPort.FindStringSubmatch(base); m != nil {
		return !etcdPorts[m[1]]
	}
	return strings.Contains(base, "://") && !strings.ContainsAny(base, "$%{")
}

func isMethod(v string) bool {
	switch v {
	case "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS":
		return true
	}
	return false
}

// contiguous reports whether the bytes [start, end) of a word's value are
// written in one run of the file (no escapes or quotes between them).
func contiguous(w cmdline.Word, start, end int) bool {
	for i := start; i+1 < end; i++ {
		if w.Offset(i+1) != w.Offset(i)+1 {
			return false
		}
	}
	return true
}

// journalUnit is a journalctl unit option or value naming etcd.
var journalUnit = regexp.MustCompile(`^(?:-u|--unit)=?(?:etcd|etcd[-.@].*)?$|^etcd(?:[-.@].*)?$`)

// pipeline finds greps over etcd's log that expect capnslog's text format:
// "journalctl -u etcd | grep ' W | '".
func (s *script) pipeline(b *syntax.BinaryCmd) {
	if b.Op != syntax.Pipe && b.Op != syntax.PipeAll {
		return
	}
	src, ok := b.X.Cmd.(*syntax.CallExpr)
	if !ok || !s.etcdLog(src) {
		return
	}
	for y := b.Y; y != nil; {
		var call *syntax.CallExpr
		switch c := y.Cmd.(type) {
		case *syntax.CallExpr:
			call, y = c, nil
		case *syntax.BinaryCmd:
			call, _ = c.X.Cmd.(*syntax.CallExpr)
			y = c.Y
		default:
			y = nil
		}
		if call == nil {
			continue
		}
		var words []cmdline.Word
		for _, a := range call.Args {
			words = append(words, s.word(a))
		}
		if len(words) == 0 {
			continue
		}
		switch path.Base(words[0].Value) {
		case "grep", "egrep", "fgrep", "rg", "awk", "gawk", "sed", "perl":
		default:
			continue
		}
		for _, w := range words[1:] {
			if !strings.HasPrefix(w.Value, "-") && logformat.Capnslog(w.Value) {
				s.cl.logParsers = append(s.cl.logParsers, &fact.LogParser{Pattern: w.Value, Span: w.Span,
					Context: fmt.Sprintf("%s over the etcd log", path.Base(words[0].Value))})
				break
			}
		}
	}
}

// etcdLog reports whether a command prints etcd's log: journalctl -u etcd,
// docker/kubectl/crictl logs of an etcd container, tail of an etcd log file.
func (s *script) etcdLog(c *syntax.CallExpr) bool {
	var words []string
	for _, a := range c.Args {
		words = append(words, s.word(a).Value)
	}
	if len(words) == 0 {
		return false
	}
	switch path.Base(words[0]) {
	case "journalctl":
		for i, w := range words[1:] {
			if w == "-u" || w == "--unit" {
				if i+2 < len(words) && journalUnit.MatchString(words[i+2]) {
					return true
				}
				continue
			}
			if (strings.HasPrefix(w, "-u") || strings.HasPrefix(w, "--unit=")) && journalUnit.MatchString(w) {
				return true
			}
		}
	case "docker", "kubectl", "crictl", "podman", "nerdctl", "tail", "cat", "less", "zcat":
		for _, w := range words[1:] {
			if strings.Contains(w, "etcd") {
				return true
			}
		}
	}
	return false
}

// invocationRenderer swaps the program of an invocation and deletes its
// flags, as long as they are written inside the command itself (not in a
// variable another command may share).
type invocationRenderer struct {
	inv  *fact.Invocation
	span fact.Span
}

func (r *invocationRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	switch in.Kind {
	case fact.Replace:
		ps := r.inv.ProgramSpan
		word := string(src[ps.Start:ps.End])
		if in.Name == "" || !strings.HasSuffix(word, r.inv.Program) {
			return nil, fmt.Errorf("the program %s is not written as is", r.inv.Program)
		}
		return []fact.Edit{{Span: fact.Span{Start: ps.End - len(r.inv.Program), End: ps.End}, NewText: in.Name}}, nil
	case fact.Remove:
		var edits []fact.Edit
		for _, f := range r.inv.Flags {
			if f.Name != in.Name {
				continue
			}
			if !r.span.Contains(f.Span) {
				return nil, fmt.Errorf("--%s comes from a variable other commands may use", f.Name)
			}
			if f.ValueApart {
				return nil, fmt.Errorf("the value of --%s comes from a variable set elsewhere; delete the flag and its value by hand", f.Name)
			}
			edits = append(edits, cmdline.RemoveWords(src, f.Span))
		}
		return edits, nil
	case fact.Add:
		// a flag goes right after the command word ("del --range a c")
		if in.Name == "" || len(r.inv.Operands) == 0 || !r.span.Contains(r.inv.Operands[0].Span) {
			return nil, fmt.Errorf("no command word to add --%s after", in.Name)
		}
		if in.Value != nil {
			return nil, fmt.Errorf("invocation: only a flag without a value can be added")
		}
		at := r.inv.Operands[0].Span.End
		return []fact.Edit{{Span: fact.Span{Start: at, End: at}, NewText: " --" + in.Name}}, nil
	}
	return nil, fmt.Errorf("invocation: cannot render intent %d", in.Kind)
}
