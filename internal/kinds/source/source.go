// Package source is the file kind for application source code (Go,
// Python, JavaScript/TypeScript, Java, Ruby, PHP). It does not parse the
// language: a conservative lexer tells string literals from comments and
// code, and etcd HTTP paths, etcd client imports and the metric names of
// queries and rule files held in literals are read from those.
package source

import (
	"bytes"
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/httpurl"
	"github.com/etcdlint/etcdlint/internal/syntax/logformat"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Kind is the source code kind.
var Kind fact.Kind = kind{}

// NewKind is the source kind that hands content held in multi-line
// literals (a unit, an env file, a script, a cloud-config written into a
// Go raw string or a Python triple-quoted template) to the kind c
// classifies it as, with positions in the source file.
func NewKind(c fact.Classifier) fact.Kind { return kind{kinds: c} }

type kind struct{ kinds fact.Classifier }

func (kind) Name() string { return "source" }

// langs maps file extensions to languages.
var langs = map[string]string{
	".go": "go", ".py": "python", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "js",
	".ts": "js", ".tsx": "js", ".java": "java", ".rb": "ruby", ".php": "php",
	// languages with // and /* */ comments and "…" strings read as Java
	".gradle": "java", ".groovy": "java", ".kt": "java", ".kts": "java", ".scala": "java",
	".cs": "java", ".rs": "java", ".swift": "java", ".c": "java", ".cc": "java", ".cpp": "java", ".h": "java",
	// # comments, "…" strings with #{} and require 'x': read as Ruby
	".coffee": "ruby",
}

func (kind) Match(p string, _ []byte) bool { return langs[path.Ext(p)] != "" }

// Token is a string literal or a comment; Start and End bound its content
// (inside the quotes or after the comment marker).
type Token struct {
	Comment    bool
	Start, End int
	// Raw is true when backslashes in the content are not escapes.
	Raw bool
}

// Lex splits src into string literals and comments for a language; code
// between them is skipped. An unterminated literal or comment runs to the
// end of its line (literal) or file (block comment).
func Lex(lang string, src []byte) []Token {
	var out []Token
	hash := lang == "python" || lang == "ruby" || lang == "php"
	slashes := lang != "python" && lang != "ruby"
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		switch {
		case hash && c == '#', slashes && c == '/' && i+1 < n && src[i+1] == '/':
			start := i + 1
			if c == '/' {
				start++
			}
			end := lineEnd(src, i)
			out = append(out, Token{Comment: true, Start: start, End: end})
			i = end
		case slashes && c == '/' && i+1 < n && src[i+1] == '*':
			end := index(src, i+2, "*/")
			out = append(out, Token{Comment: true, Start: i + 2, End: end})
			i = min(end+2, n)
		case lang == "ruby" && c == '%' && i+1 < n:
			// %(…), %Q[…], %q{…}, %w<…>: Ruby's percent literals
			j := i + 1
			if strings.IndexByte("qQwWiI", src[j]) >= 0 {
				j++
			}
			closer, ok := percentClose[src[min(j, n-1)]]
			if !ok || j >= n || j > i+1 && i > 0 && isIdent(src[i-1]) || j == i+1 && i > 0 && (isIdent(src[i-1]) || src[i-1] == ')') {
				i++ // the modulo operator
				continue
			}
			end, depth := j+1, 0
			for end < n && (src[end] != closer || depth > 0) {
				if src[end] == src[j] && src[j] != closer {
					depth++
				} else if src[end] == closer {
					depth--
				} else if src[end] == '\\' {
					end++
				}
				end++
			}
			end = min(end, n)
			out = append(out, Token{Start: j + 1, End: end})
			i = end + 1
		case c == '"' || c == '\'' || c == '`':
			raw := c == '`' && lang == "go" || rawPrefix(lang, src, i)
			if (lang == "python" || lang == "java") && i+2 < n && src[i+1] == c && src[i+2] == c {
				q := string([]byte{c, c, c})
				end := index(src, i+3, q)
				out = append(out, Token{Start: i + 3, End: end, Raw: raw})
				i = min(end+3, n)
				continue
			}
			end := i + 1
			for end < n && src[end] != c {
				if src[end] == '\\' && !raw {
					end++
				} else if src[end] == '\n' && c != '`' {
					break
				}
				end++
			}
			end = min(end, n)
			out = append(out, Token{Start: i + 1, End: end, Raw: raw})
			i = end + 1
		default:
			i++
		}
	}
	return out
}

// rawPrefix reports a Python r"…" / rb"…" literal.
func rawPrefix(lang string, src []byte, i int) bool {
	if lang != "python" {
		return false
	}
	j := i
	for j > 0 && strings.IndexByte("rRbBfFuU", src[j-1]) >= 0 && i-j < 2 {
		j--
	}
	if j > 0 && isIdent(src[j-1]) {
		return false
	}
	return strings.ContainsAny(string(src[j:i]), "rR")
}

// percentClose maps the opening delimiter of a Ruby percent literal to
// its closing one.
var percentClose = map[byte]byte{'(': ')', '[': ']', '{': '}', '<': '>', '|': '|', '!': '!'}

func isIdent(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func lineEnd(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	return i
}

func index(src []byte, from int, s string) int {
	if from > len(src) {
		return len(src)
	}
	if k := strings.Index(string(src[from:]), s); k >= 0 {
		return from + k
	}
	return len(src)
}

// etcdPath is an etcd HTTP API path: the v2 and v3 gateway prefixes and
// the 3.4 log-level endpoint.
// regexLike is a literal written as a pattern: a group, a class escape or
// a grok field.
var regexLike = regexp.MustCompile(`\(\?[P<:]|\\[sdwS]|%\{`)

var etcdPath = regexp.MustCompile(`(?:/v2/(?:keys|members|stats|machines|auth|admin)\b|/v3(?:beta|alpha)?/|/config/local/log\b)[\w\-./{}%$~]*`)

// urlBase is what may come before a request path inside one literal: a
// scheme and host, a host:port, an interpolation, or nothing.
var urlBase = regexp.MustCompile(`^(?:(?:[A-Za-z][A-Za-z0-9+.\-]*|` + interp + `)://[^/\s]*|[^/\s]*:(?:[0-9]+|` + interp + `)|(?:` + interp + `)+|)$`)

// interp is a piece of a string filled in at run time: ${x}, {x}, #{x},
// %s, $x.
const interp = `\$\{[^}]*\}|\{[^}]*\}|#\{[^}]*\}|%s|\$[A-Za-z_]\w*`

var (
	goImport  = regexp.MustCompile(`\bimport\s*(?:[\w.]+\s*)?$`)
	goBlock   = regexp.MustCompile(`import\s*\(`) // at a word start (see atWordStart)
	pyImport  = fastre.MustCompile(`(?m)^[ \t]*(?:import[ \t]+([\w.]*etcd[\w.]*)|from[ \t]+([\w.]*etcd[\w.]*)[ \t]+import)\b`)
	javaImprt = fastre.MustCompile(`(?m)^[ \t]*import[ \t]+(?:static[ \t]+)?([\w.]*etcd[\w.]*)`)
	requireJS = regexp.MustCompile(`(?:\brequire\s*\(|\bfrom|\bimport)$`)
	requireRB = regexp.MustCompile(`\brequire(?:_relative)?\s*\(?\s*$`)
)

func (k kind) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	lang := langs[path.Ext(p)]
	toks := Lex(lang, src)
	facts := &fact.Facts{}
	code := mask(src, toks)
	etcdFile := bytes.Contains(bytes.ToLower(src), []byte("etcd"))
	blocks := goImportBlocks(lang, code)
	for _, t := range toks {
		text := string(src[t.Start:t.End])
		if t.Comment {
			for _, m := range etcdPath.FindAllStringIndex(text, -1) {
				if w := strings.LastIndexAny(text[:m[0]], " \t\n\r(\"'`<["); !urlBase.MatchString(text[w+1 : m[0]]) {
					continue
				}
				path := strings.TrimRight(text[m[0]:m[1]], ".")
				facts.Endpoints = append(facts.Endpoints, &fact.Endpoint{Path: path, Span: fact.Span{Start: t.Start + m[0], End: t.Start + m[0] + len(path)}, Context: "comment", InComment: true})
			}
			continue
		}
		// the code before the literal on its line
		before := strings.TrimRight(string(code[lineStart(src, t.Start-1):t.Start-1]), " \t")
		switch lang {
		case "go":
			if goImport.MatchString(before) || inBlock(blocks, t.Start) {
				// gRPC's options reach clientv3 too (grpc.WithBlock)
				if strings.Contains(text, "etcd") || etcdFile && text == "google.golang.org/grpc" {
					facts.Imports = append(facts.Imports, &fact.Import{Path: text, Span: fact.Span{Start: t.Start, End: t.End}, Lang: lang})
				}
				continue
			}
		case "js":
			if requireJS.MatchString(before) && strings.Contains(text, "etcd") {
				facts.Imports = append(facts.Imports, &fact.Import{Path: text, Span: fact.Span{Start: t.Start, End: t.End}, Lang: lang})
				continue
			}
		case "ruby", "php":
			if requireRB.MatchString(before) && strings.Contains(text, "etcd") {
				facts.Imports = append(facts.Imports, &fact.Import{Path: text, Span: fact.Span{Start: t.Start, End: t.End}, Lang: lang})
				continue
			}
		}
		facts.Metrics = append(facts.Metrics, metrics(lang, src, t, schema)...)
		if etcdFile && regexLike.MatchString(text) && logformat.Capnslog(text) {
			// a log parser written as code (a fluentd parser plugin)
			facts.LogParsers = append(facts.LogParsers, &fact.LogParser{Pattern: text, Span: fact.Span{Start: t.Start, End: t.End}, Context: "string literal"})
		}
		if etcdFile && !compared(before) {
			// the gateway version kept in a variable ("v3alpha") or a base
			// URL ending in it
			facts.Endpoints = append(facts.Endpoints, httpurl.Gateways(src[t.Start-1:min(t.End+1, len(src))], t.Start-1)...)
			if text == "/v2/" || text == "/v2" {
				// the v2 API's prefix kept in a variable (API_VERSION = '/v2/')
				facts.Endpoints = append(facts.Endpoints, &fact.Endpoint{Path: "/v2/", Span: fact.Span{Start: t.Start, End: t.End}, Context: "API prefix"})
			} else if m := v2Template.FindStringSubmatchIndex(text); m != nil {
				// a URL template whose v2 path is filled in: "%s/v2/%s" % (base, "members")
				facts.Endpoints = append(facts.Endpoints, &fact.Endpoint{Path: "/v2/", Span: fact.Span{Start: t.Start + m[2], End: t.Start + m[3]}, Context: "URL template"})
			} else if m := v2Base.FindStringSubmatchIndex(text); m != nil {
				// a client's base path: "{location}/v2", "http://127.0.0.1:2379/v2"
				facts.Endpoints = append(facts.Endpoints, &fact.Endpoint{Path: "/v2/", Span: fact.Span{Start: t.Start + m[2], End: t.Start + m[3]}, Context: "API base path"})
			} else if m := v2Relative.FindStringIndex(text); m != nil {
				// a path joined to the endpoint: build_url(endpoint, "v2/stats/leader")
				facts.Endpoints = append(facts.Endpoints, &fact.Endpoint{Path: "/" + text[m[0]:m[1]], Span: fact.Span{Start: t.Start + m[0], End: t.Start + m[1]}, Context: "relative path"})
			}
		}
		// a path the literal starts with or after its URL base, and one
		// after a URL inside a command ("curl -s http://h:2379/v2/keys/a");
		// a path in prose ("Talks to /v2/stats/self") is no request
		for _, m := range etcdPath.FindAllStringIndex(text, -1) {
			w := strings.LastIndexAny(text[:m[0]], " \t\n\r(\"'`<[=")
			if word := text[w+1 : m[0]]; !urlBase.MatchString(text[:m[0]]) && (word == "" || !urlBase.MatchString(word)) {
				continue
			}
			e := &fact.Endpoint{Path: text[m[0]:m[1]], Span: fact.Span{Start: t.Start + m[0], End: t.Start + m[1]}, Context: "string literal"}
			if t.Raw || !strings.Contains(e.Path, `\`) {
				e.Render = textedit.PathRenderer{}
			}
			facts.Endpoints = append(facts.Endpoints, e)
		}
	}
	var imports *fastre.Regexp
	switch lang {
	case "python":
		imports = pyImport
	case "java":
		imports = javaImprt
	}
	own := ownPackage(lang, code)
	if imports != nil {
		for _, m := range imports.FindAllSubmatchIndex(code, -1) {
			for g := 2; g+1 < len(m); g += 2 {
				if m[g] >= 0 && (own == "" || !strings.HasPrefix(string(src[m[g]:m[g+1]]), own)) {
					facts.Imports = append(facts.Imports, &fact.Import{Path: string(src[m[g]:m[g+1]]), Span: fact.Span{Start: m[g], End: m[g+1]}, Lang: lang})
				}
			}
		}
	}
	switch lang {
	case "python":
		facts.Imports = append(facts.Imports, relativeImports(p, src, code)...)
	case "ruby":
		// the etcd gem is required once per program, not per file: its
		// module's client calls are its use wherever they are
		if m := rubyEtcdClient.FindIndex(code); m != nil && !slices.ContainsFunc(facts.Imports, func(im *fact.Import) bool { return im.Path == "etcd" }) {
			facts.Imports = append(facts.Imports, &fact.Import{Path: "etcd", Span: fact.Span{Start: m[0], End: m[0] + len("Etcd")}, Lang: lang, Implied: true})
		}
	}
	if lang == "go" {
		facts.Imports = append(facts.Imports, snippetImports(src, code, facts.Imports)...)
	}
	cmds := commandRuns(src, code, toks)
	facts.Processes = argvProcesses(src, cmds, schema)
	facts.Merge(argvClients(cmds, schema))
	if k.kinds != nil {
		for _, t := range toks {
			k.embedded(facts, src, t, schema)
		}
	}
	lits := literals(toks)
	if env := envSettings(src, code, lits, schema); env != nil {
		facts.Processes = append(facts.Processes, env)
	}
	facts.Processes = append(facts.Processes, flagMap(src, code, lits, schema)...)
	for _, im := range facts.Imports {
		for _, b := range bindings(im, code) {
			im.Calls = append(im.Calls, calls(code, b)...)
			im.Calls = append(im.Calls, subclassCalls(lang, code, b)...)
			if lang == "go" && embedPackage.MatchString(im.Path) {
				im.Fields = append(im.Fields, configFields(code, b.name)...)
			}
		}
	}
	return facts, nil
}

// compared reports whether the code before a literal compares a value
// with it rather than uses it: a switch's case or Ruby's when, ==, !=.
func compared(before string) bool {
	for _, w := range []string{"case", "when"} {
		if rest, ok := strings.CutSuffix(before, w); ok && (rest == "" || !isIdent(rest[len(rest)-1])) {
			return true
		}
	}
	return strings.HasSuffix(before, "==") || strings.HasSuffix(before, "!=")
}

// v2Base is a literal that ends in the v2 prefix after a template
// placeholder or a URL's host.
var v2Base = regexp.MustCompile(`^(?:%s|%\(\w+\)s|\{\w*\}|\$\{\w+\}|#\{[^}]*\}|https?://[^/\s]+)(/v2)/?$`)

// v2Relative is a v2 API path written without its leading slash.
var v2Relative = regexp.MustCompile(`^v2/(?:keys|stats|members|machines|auth|security)\b[\w/.-]*`)

// v2Template is a URL template with a base filled in before /v2/ and the
// rest of the path after it ("%s/v2/%s", "{}/v2/{}", "${base}/v2/${path}").
var v2Template = regexp.MustCompile(`^(?:%s|%\(\w+\)s|\{\w*\}|\$\{\w+\}|#\{[^}]*\})(/v2/)(?:%s|%\(\w+\)s|\{\w*\}|\$\{\w+\}|#\{[^}]*\})`)

// snippetPackages are the packages a Go snippet (a runbook's or README's
// example) uses by their usual names without importing them.
var snippetPackages = []struct{ name, path string }{
	{"clientv3", "go.etcd.io/etcd/client/v3"},
	{"grpc", "google.golang.org/grpc"},
}

// snippetImports are the imports Go code implies by using a package
// through its usual name ("clientv3.New(…)") that no import binds: code
// that compiles always imports it, a snippet often does not.
func snippetImports(src, code []byte, imports []*fact.Import) []*fact.Import {
	bound := map[string]bool{}
	for _, im := range imports {
		if im.Lang == "go" {
			for _, b := range bindings(im, code) {
				bound[b.name] = true
			}
		}
	}
	var out []*fact.Import
	for _, p := range snippetPackages {
		if bound[p.name] || bytes.Contains(src, []byte(`"`+p.path+`"`)) {
			continue // imported, under its name or another
		}
		for off := 0; ; {
			i := bytes.Index(code[off:], []byte(p.name+"."))
			if i < 0 {
				break
			}
			if at := off + i; atWordStart(code, at) {
				out = append(out, &fact.Import{Path: p.path, Span: fact.Span{Start: at, End: at + len(p.name)}, Lang: "go", Implied: true})
				break
			}
			off += i + 1
		}
	}
	return out
}

// rubyEtcdClient is a client made by the etcd gem (v2): Etcd.client(…).
var rubyEtcdClient = regexp.MustCompile(`\bEtcd\.client\b`)

// pyRelative is a Python relative import: from ...client import Client.
var pyRelative = fastre.MustCompile(`(?m)^[ \t]*from[ \t]+(\.+)([\w.]*)[ \t]+import\b`)

// relativeImports resolves the relative imports of a Python file against
// the packages its path names (src/etcd/tests/test_ssl.py: "from ...client"
// is etcd.client) and keeps those of a package named etcd: the tests and
// tools that ship inside a client library use it as its users do. The
// library's own modules (one dot, a sibling) are the library, not a use.
func relativeImports(p string, src, code []byte) []*fact.Import {
	pkg := strings.Split(path.Dir(path.Clean("/"+p)), "/")[1:]
	var out []*fact.Import
	for _, m := range pyRelative.FindAllSubmatchIndex(code, -1) {
		up := m[3] - m[2] - 1
		if up < 1 || up >= len(pkg) {
			continue
		}
		base := pkg[:len(pkg)-up]
		if base[len(base)-1] != "etcd" {
			continue
		}
		resolved := "etcd"
		if rest := string(code[m[4]:m[5]]); rest != "" {
			resolved += "." + rest
		}
		out = append(out, &fact.Import{Path: resolved, Span: fact.Span{Start: m[2], End: m[5]}, Lang: "python"})
	}
	return out
}

var javaPackage = fastre.MustCompile(`(?m)^[ \t]*package[ \t]+([\w]+\.[\w]+)`)

// ownPackage is the library a Java file belongs to (the first two
// elements of its package): its imports of itself are not uses of it.
func ownPackage(lang string, code []byte) string {
	if lang != "java" {
		return ""
	}
	if m := javaPackage.FindSubmatch(code); m != nil {
		return string(m[1]) + "."
	}
	return ""
}

// embedded parses a multi-line literal written verbatim as the file it
// holds. Such content is a template, not a file that must parse: its
// errors are dropped.
func (k kind) embedded(facts *fact.Facts, src []byte, t Token, schema fact.Schema) {
	content := src[t.Start:t.End]
	if t.Comment || bytes.Count(content, []byte("\n")) < 2 || !t.Raw && bytes.IndexByte(content, '\\') >= 0 ||
		!bytes.Contains(bytes.ToLower(content), []byte("etcd")) {
		return
	}
	name := literalName(content)
	inner := k.kinds.Classify(name, content)
	if inner == nil || inner.Name() == "source" {
		return
	}
	block := &fact.Facts{}
	nested.Parse(block, inner, name, src, schema, fact.Span{Start: t.Start, End: t.End})
	// a path or metric both the literal scan and the nested kind saw is
	// the nested kind's: it knows the request (curl, its method) or rule
	facts.Endpoints = slices.DeleteFunc(facts.Endpoints, func(e *fact.Endpoint) bool {
		return slices.ContainsFunc(block.Endpoints, func(b *fact.Endpoint) bool { return b.Span == e.Span })
	})
	facts.Metrics = slices.DeleteFunc(facts.Metrics, func(m *fact.MetricRef) bool {
		return slices.ContainsFunc(block.Metrics, func(b *fact.MetricRef) bool { return b.Span == m.Span })
	})
	facts.Merge(block)
}

var (
	// unitSection is a unit's first section, after blank and comment lines
	// only: a script that writes a drop-in through a here-document is a script.
	unitSection = regexp.MustCompile(`^(?:[ \t]*(?:[#;][^\n]*)?\r?\n)*[ \t]*\[(?:Unit|Service|Install)\]`)
	envLines    = fastre.MustCompile(`(?m)^[ \t]*(?:export[ \t]+)?[A-Z_][A-Z0-9_]*=`)
	yamlKeys    = fastre.MustCompile(`(?m)^[ \t]*(?:- )?[A-Za-z_][\w.-]*:(?:[ \t]|$)`)
)

// literalName is a file name for what a literal holds, for classification.
func literalName(content []byte) string {
	lines := bytes.Count(content, []byte("\n")) + 1
	switch {
	case unitSection.Match(content):
		return "literal.service"
	case bytes.HasPrefix(bytes.TrimSpace(content), []byte("#cloud-config")):
		return "literal.yaml"
	case 2*len(envLines.FindAll(content, -1)) > lines:
		return "literal.env"
	case 2*len(yamlKeys.FindAll(content, -1)) > lines:
		return "literal.yaml"
	}
	return "literal.sh"
}

// binding is a name an import makes callable: a package or module whose
// members are called as name.Member(…) (member empty), or a member
// imported by name and called as name(…).
type binding struct {
	name, member string
	// bare is true where calls may omit their parentheses (Ruby).
	bare bool
}

var (
	pyImportLine = regexp.MustCompile(`^[ \t]*import[ \t]+(.+)$`)
	pyFromLine   = regexp.MustCompile(`^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(.+)$`)
	asName       = regexp.MustCompile(`^([\w.]+)(?:\s+as\s+(\w+))?$`)
	goAlias      = regexp.MustCompile(`(?:^|\s)([A-Za-z_]\w*|\.)\s*$`)
	majorSuffix  = regexp.MustCompile(`^v[0-9]+$`)
	jsDefault    = regexp.MustCompile(`(?:\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(|\bimport\s+([A-Za-z_$][\w$]*)\s+from\b)`)
)

// bindings are the names an import binds, read from the masked code of
// its line: Go aliases and package names, Python "import m as n" and
// "from m import C as D".
func bindings(im *fact.Import, code []byte) []binding {
	line := string(code[lineStart(code, im.Span.Start):lineEnd(code, im.Span.Start)])
	switch im.Lang {
	case "go":
		if im.Implied {
			return []binding{{name: goPackage(im.Path)}}
		}
		before := line[:im.Span.Start-lineStart(code, im.Span.Start)-1]
		if m := goAlias.FindStringSubmatch(before); m != nil && m[1] != "import" {
			if m[1] == "_" || m[1] == "." {
				return nil
			}
			return []binding{{name: m[1]}}
		}
		return []binding{{name: goPackage(im.Path)}}
	case "js":
		// const Etcd = require('node-etcd'), import Etcd from "node-etcd":
		// the name binds the module's default export, called with new
		if m := jsDefault.FindStringSubmatch(line); m != nil {
			return []binding{{name: cmp.Or(m[1], m[2]), member: "default"}}
		}
	case "ruby":
		// require 'etcd' defines the module Etcd
		return []binding{{name: "Etcd", bare: true}}
	case "java":
		// import mousio.etcd4j.EtcdClient binds the class: new EtcdClient(…)
		class := im.Path[strings.LastIndexByte(im.Path, '.')+1:]
		if class != "" && unicode.IsUpper(rune(class[0])) {
			return []binding{{name: class, member: class}}
		}
	case "python":
		line, _, _ = strings.Cut(line, "#") // a comment's marker stays in masked code
		line, _, _ = strings.Cut(line, ";")
		if m := pyFromLine.FindStringSubmatch(line); m != nil {
			if m[1] != im.Path && m[1] != string(code[im.Span.Start:im.Span.End]) {
				return nil // another module, or a relative import resolved to this one
			}
			var out []binding
			for _, item := range strings.Split(strings.Trim(strings.TrimSpace(m[2]), "()"), ",") {
				if n := asName.FindStringSubmatch(strings.TrimSpace(item)); n != nil && !strings.Contains(n[1], ".") {
					out = append(out, binding{name: cmp.Or(n[2], n[1]), member: n[1]})
				}
			}
			return out
		}
		if m := pyImportLine.FindStringSubmatch(line); m != nil {
			for _, item := range strings.Split(m[1], ",") {
				if n := asName.FindStringSubmatch(strings.TrimSpace(item)); n != nil && n[1] == im.Path {
					return []binding{{name: cmp.Or(n[2], n[1])}}
				}
			}
		}
	}
	return nil
}

// goPackage is the package name a Go import path binds by default: its
// last element, without a major version suffix; etcd's v3 client is
// package clientv3.
func goPackage(p string) string {
	switch p {
	case "go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/clientv3", "github.com/coreos/etcd/clientv3":
		return "clientv3"
	}
	elems := strings.Split(p, "/")
	last := elems[len(elems)-1]
	if majorSuffix.MatchString(last) && len(elems) > 1 {
		last = elems[len(elems)-2]
	}
	return strings.ReplaceAll(last, "-", "_")
}

// atWordStart reports whether i starts a word of code (\b before a word
// character).
func atWordStart(code []byte, i int) bool {
	if i == 0 {
		return true
	}
	return !isIdent(code[i-1])
}

// calls finds the calls through a binding in masked code (no comments or
// literals): "name.Member(" or, for a member imported by name, "name(";
// attribute chains ("self.etcd.Client(") and definitions ("def Client(")
// are not calls of the import.
func calls(code []byte, b binding) []fact.Call {
	var out []fact.Call
	for _, m := range bindingUses(code, b) {
		if !atWordStart(code, m[0]) {
			continue
		}
		before := strings.TrimRight(string(code[lineStart(code, m[0]):m[0]]), " \t")
		if strings.HasSuffix(before, ".") || strings.HasSuffix(before, "def") || strings.HasSuffix(before, "class") || strings.HasSuffix(before, "func") {
			continue
		}
		c := fact.Call{Member: b.member, Span: fact.Span{Start: m[0], End: m[0] + len(b.name)}}
		if b.member == "" {
			c.Member = string(code[m[2]:m[3]])
			c.Span.End = m[3]
		}
		c.Name = string(code[c.Span.Start:c.Span.End])
		c.In = enclosingCall(code, m[0])
		out = append(out, c)
	}
	return out
}

// enclosingCall is the callee ("grpc.Dial") of the call whose argument
// list holds offset at in masked code, read back over balanced brackets;
// empty when a composite literal or a block opens first, or nothing
// within a few kilobytes does.
func enclosingCall(code []byte, at int) string {
	depth := 0
	for i := at - 1; i >= max(0, at-4096); i-- {
		switch code[i] {
		case ')', ']', '}':
			depth++
		case '[':
			depth--
		case '{':
			if depth == 0 {
				return ""
			}
			depth--
		case '(':
			if depth > 0 {
				depth--
				continue
			}
			end := i
			for end > 0 && isSpace(code[end-1]) {
				end--
			}
			start := end
			for start > 0 && (isIdent(code[start-1]) || code[start-1] == '.') {
				start--
			}
			return string(code[start:end])
		}
	}
	return ""
}

// bindingUses finds "name.Member(" (member is m[2]:m[3]) or, for a member
// imported by name, "name(" in code; with a bare binding the "(" may be
// missing after a word end. A literal scan: a pattern compiled per binding
// and file cost more than the search.
func bindingUses(code []byte, b binding) [][]int {
	var out [][]int
	name := []byte(b.name)
	if len(name) == 0 {
		return nil // import "etcd/": a path with no package name binds nothing
	}
	// open is the end of "\s*(" (or a word end, for a bare binding) at i
	open := func(i int) int {
		if b.bare {
			if i < len(code) && isIdent(code[i]) {
				return -1
			}
			return i
		}
		for i < len(code) && isSpace(code[i]) {
			i++
		}
		if i < len(code) && code[i] == '(' {
			return i + 1
		}
		return -1
	}
	for off := 0; ; {
		i := bytes.Index(code[off:], name)
		if i < 0 {
			return out
		}
		start := off + i
		off = start + 1
		end := start + len(name)
		if b.member != "" {
			if e := open(end); e >= 0 {
				out = append(out, []int{start, e})
				off = e
			}
			continue
		}
		if end >= len(code) || code[end] != '.' || end+1 >= len(code) || !isIdent(code[end+1]) || code[end+1] >= '0' && code[end+1] <= '9' {
			continue
		}
		j := end + 2
		for j < len(code) && isIdent(code[j]) {
			j++
		}
		if e := open(j); e >= 0 {
			out = append(out, []int{start, e, end + 1, j})
			off = e
		}
	}
}

// \s in RE2 is ASCII space, tab, newline, form feed and carriage return
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// pyClass is a Python class definition with its first base class.
var pyClass = fastre.MustCompile(`(?m)^[ \t]*class[ \t]+([A-Za-z_]\w*)[ \t]*\([ \t]*([\w.]+)`)

// subclassCalls are the calls of Python classes that extend a member of
// the binding ("class Client(etcd.Client)" then "Client(config)"): they
// make the same kind of object, named as the member they extend.
func subclassCalls(lang string, code []byte, b binding) []fact.Call {
	if lang != "python" {
		return nil
	}
	var out []fact.Call
	for _, m := range pyClass.FindAllSubmatch(code, -1) {
		base := string(m[2])
		member, ok := strings.CutPrefix(base, b.name+".")
		if b.member != "" {
			member, ok = b.member, base == b.name
		}
		if !ok || strings.Contains(member, ".") {
			continue
		}
		out = append(out, calls(code, binding{name: string(m[1]), member: member})...)
	}
	return out
}

// goImportBlocks are the byte ranges of Go's "import ( … )" blocks.
func goImportBlocks(lang string, code []byte) [][2]int {
	if lang != "go" {
		return nil
	}
	var out [][2]int
	for _, m := range goBlock.FindAllIndex(code, -1) {
		if !atWordStart(code, m[0]) {
			continue
		}
		end := index(code, m[1], ")")
		out = append(out, [2]int{m[1], end})
	}
	return out
}

func inBlock(blocks [][2]int, off int) bool {
	for _, b := range blocks {
		if b[0] <= off && off < b[1] {
			return true
		}
	}
	return false
}

func lineStart(src []byte, off int) int {
	off = max(off, 0)
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

// mask is src with comments and literal contents blanked, newlines kept,
// so code patterns see neither.
func mask(src []byte, toks []Token) []byte {
	out := []byte(string(src))
	for _, t := range toks {
		for i := t.Start; i < t.End; i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	return out
}
