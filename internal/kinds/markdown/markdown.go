// Package markdown is the file kind for Markdown runbooks: each fenced code
// block is linted as the kind its language names (sh, bash, console with
// its "$ " prompts, yaml, ini/systemd, env, dockerfile), unlabelled blocks
// that read like commands as shell, with every span in the Markdown file.
package markdown

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// NewKind returns the Markdown kind; kinds classifies the content of
// blocks whose language does not name one kind (yaml, json).
func NewKind(kinds fact.Classifier) fact.Kind { return kind{kinds: kinds} }

type kind struct{ kinds fact.Classifier }

func (kind) Name() string { return "markdown" }

func (kind) Match(p string, _ []byte) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".mdown":
		return true
	}
	return false
}

// block is a fenced code block: its info string's language and the span
// of its content lines.
type block struct {
	lang    string
	content fact.Span
}

var fence = regexp.MustCompile("^([ \t]*)(```+|~~~+)[ \t]*([^ \t`{]*)")

// listItem is a line that starts a list item: text indented below it
// continues the item, it is no code block.
var listItem = regexp.MustCompile(`^[ \t]*(?:[-*+]|[0-9]+[.)])[ \t]`)

// blocks finds the fenced code blocks of src, and its indented code blocks
// (lines indented four spaces or a tab after a blank line or a heading,
// outside a list item), which have no language.
func blocks(src []byte) []block {
	var out []block
	var open []byte
	var cur block
	var indented *block
	prevBlank, inList := true, false
	closeIndented := func() {
		if indented != nil {
			out = append(out, *indented)
			indented = nil
		}
	}
	for l := range textedit.Lines(src) {
		m := fence.FindSubmatch(l.Text)
		blank := len(bytes.TrimSpace(l.Text)) == 0
		switch {
		case open == nil && m != nil:
			closeIndented()
			open = m[2]
			cur = block{lang: strings.ToLower(strings.Trim(string(m[3]), "{}.")), content: fact.Span{Start: l.Next, End: l.Next}}
		case open != nil && m != nil && m[2][0] == open[0] && len(m[2]) >= len(open) && len(bytes.TrimSpace(l.Text[len(m[0]):])) == 0 && len(m[3]) == 0:
			cur.content.End = l.Start
			out = append(out, cur)
			open = nil
		case open != nil || blank:
		case (bytes.HasPrefix(l.Text, []byte("    ")) || l.Text[0] == '\t') && (indented != nil || prevBlank && !inList):
			if indented == nil {
				indented = &block{content: fact.Span{Start: l.Start}}
			}
			indented.content.End = l.Next
		default:
			closeIndented()
			switch {
			case listItem.Match(l.Text):
				inList = true
			case l.Text[0] != ' ' && l.Text[0] != '\t':
				inList = false // a paragraph at the margin ends the list
			}
		}
		// a heading is a block of one line: an indented block may follow it
		// as it follows a blank line
		prevBlank = blank || open == nil && atxHeading.Match(l.Text)
	}
	closeIndented()
	return out
}

// atxHeading is a "# Title" line at the margin.
var atxHeading = regexp.MustCompile(`^#{1,6}(?:[ \t]|\r?$)`)

// commandLike is a line of an unlabelled block that runs etcd, its
// clients or a container.
var commandLike = fastre.MustCompile(`(?m)^[ \t]*(?:\$ |# )?(?:sudo |exec |nohup )?(?:\S*/)?(?:etcd|etcdctl|etcdutl|docker|podman|curl|wget|ETCDCTL_API=\S*|ETCD_[A-Z_]+=\S*|(?:kubectl|oc)[ \t]+exec)(?:[ \t]|\r?$)`)

func (k kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts := &fact.Facts{}
	var errs []*fact.ParseError
	var filled []byte // src with the shell blocks' placeholders written as variables
	for _, b := range blocks(src) {
		content := src[b.content.Start:b.content.End]
		name, console, hash := "", false, false
		switch b.lang {
		case "sh", "bash", "shell", "zsh", "ksh":
			name = "block.sh"
			console = bytes.Contains(content, []byte("$ ")) && startsWithDollar(content)
		case "console", "shell-session", "shellsession", "terminal", "sh-session":
			name, console, hash = "block.sh", true, true
		case "":
			if !commandLike.Match(content) {
				continue
			}
			name, console = "block.sh", startsWithDollar(content)
		case "yaml", "yml":
			name = "block.yaml"
		case "ini", "systemd", "service", "unit":
			name = "block.service"
		case "env", "dotenv", "properties":
			name = "block.env"
		case "dockerfile", "containerfile":
			name = "Dockerfile"
		case "json":
			name = "block.json"
		case "go", "golang":
			name = "block.go"
		case "python", "py", "python3":
			name = "block.py"
		case "js", "javascript", "node", "ts", "typescript":
			name = "block.js"
		case "ruby", "rb":
			name = "block.rb"
		case "java":
			name = "block.java"
		case "php":
			name = "block.php"
		default:
			continue
		}
		keep := []fact.Span{b.content}
		if console {
			keep = commands(src, b.content, hash)
		}
		var inner fact.Kind
		if k.kinds != nil {
			// a block inside a list item is indented: classify it as the
			// file it shows, parse it in place
			inner = k.kinds.Classify(name, dedent(blockText(src, b.content, keep)))
		}
		if inner == nil {
			continue
		}
		text := src
		if name == "block.sh" {
			// runbooks leave values to the reader (<data-dir>, <host IP>):
			// read them as variables, not as redirections
			if filled == nil {
				filled = bytes.Clone(src)
			}
			placeholders(filled, b.content)
			text = filled
		}
		block := &fact.Facts{}
		blockErrs := nested.Parse(block, inner, name, text, schema, keep...)
		if len(blockErrs) > 0 && name == "block.sh" {
			// a block of fragments is documentation, not a script that must
			// parse: keep the commands that parse on their own, drop the rest
			block, blockErrs = &fact.Facts{}, nil
			for _, cmd := range commandGroups(text, keep) {
				one := &fact.Facts{}
				if len(nested.Parse(one, inner, name, text, schema, cmd)) == 0 {
					block.Merge(one)
				}
			}
		}
		if name == "block.sh" {
			writtenAs(block, src, text)
		}
		facts.Merge(block)
		errs = append(errs, blockErrs...)
	}
	return facts, errs
}

// writtenAs gives the client arguments read from placeholders filled in
// as variables their text as written ("<range_end>"), so that a rule sees
// a value left to the reader, and quotes it so in messages.
func writtenAs(f *fact.Facts, src, filled []byte) {
	restore := func(a *fact.Arg) {
		sp := a.Span
		if sp.Start < 0 || sp.End > len(src) || bytes.Equal(src[sp.Start:sp.End], filled[sp.Start:sp.End]) {
			return
		}
		a.Value = strings.Trim(string(src[sp.Start:sp.End]), `"'`)
	}
	for _, inv := range f.Invocations {
		for i := range inv.Args {
			restore(&inv.Args[i])
		}
		for i := range inv.Operands {
			restore(&inv.Operands[i])
		}
	}
}

// blockText is the block's content with what keep leaves out blanked (a
// console block's output lines), cut from src alone so that a file of
// many blocks is not copied once per block.
func blockText(src []byte, content fact.Span, keep []fact.Span) []byte {
	var inner []fact.Span
	for _, sp := range keep {
		inner = append(inner, fact.Span{Start: sp.Start - content.Start, End: sp.End - content.Start})
	}
	return nested.Blank(src[content.Start:content.End], inner...)
}

// placeholder is a value a runbook leaves to the reader: <path-to-data-dir>,
// <host IP>, [<optional>], after a blank, "=", "/" or "[" and before a
// blank, a quote, ":" or "]".
var placeholder = regexp.MustCompile(`(^|[\s=/"'\[])<([A-Za-z][\w .-]{0,60})>([\s"':/\]]|$)`)

// placeholders writes the placeholders inside span of src as variables of
// the same length ($path_to_data_dir_), so that the shell parser reads them
// as values it does not know.
func placeholders(out []byte, span fact.Span) {
	for _, m := range placeholder.FindAllSubmatchIndex(out[span.Start:span.End], -1) {
		open, end := span.Start+m[4]-1, span.Start+m[5]+1
		out[open] = '$'
		for i := open + 1; i < end; i++ {
			if c := out[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				out[i] = '_'
			}
		}
	}
}

// commandGroups splits the kept spans of a shell block into commands: a
// line and the lines its trailing backslashes continue.
func commandGroups(src []byte, keep []fact.Span) []fact.Span {
	var out []fact.Span
	for _, sp := range keep {
		start := sp.Start
		for off := sp.Start; off < sp.End; {
			next := sp.End
			if end := bytes.IndexByte(src[off:sp.End], '\n'); end >= 0 {
				next = off + end + 1
			}
			line := bytes.TrimRight(src[off:next], "\r\n")
			if !bytes.HasSuffix(line, []byte("\\")) || next == sp.End {
				out = append(out, fact.Span{Start: start, End: next})
				start = next
			}
			off = next
		}
	}
	return out
}

// startsWithDollar reports whether the block's first line that is neither
// blank nor a comment starts with a "$ " prompt ("# take a snapshot" then
// "$ etcdctl snapshot save"): a session, not a script.
func startsWithDollar(content []byte) bool {
	for line := range bytes.SplitSeq(content, []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			return bytes.HasPrefix(t, []byte("$ ")) || string(t) == "$"
		}
	}
	return false
}

// commands keeps the command lines of a console block without their
// prompts: the lines that start with "$ " (or "# " when hash is true, a
// root prompt) and the continuation lines after them; output lines go.
func commands(src []byte, sp fact.Span, hash bool) []fact.Span {
	var keep []fact.Span
	continued := false
	for off := sp.Start; off < sp.End; {
		end := bytes.IndexByte(src[off:sp.End], '\n')
		next := sp.End
		if end < 0 {
			end = sp.End
		} else {
			end += off
			next = end + 1
		}
		line := bytes.TrimRight(src[off:end], "\r")
		trimmed := bytes.TrimLeft(line, " \t")
		lead := off + len(line) - len(trimmed)
		switch {
		case continued:
			keep = append(keep, fact.Span{Start: off, End: next})
		case bytes.HasPrefix(trimmed, []byte("$ ")) || hash && bytes.HasPrefix(trimmed, []byte("# ")):
			keep = append(keep, fact.Span{Start: lead + 2, End: next})
		default:
			off = next
			continue
		}
		t := bytes.TrimRight(line, " \t")
		continued = len(t) > 0 && t[len(t)-1] == '\\'
		off = next
	}
	return keep
}

// dedent removes the indentation that all non-blank lines of b share.
func dedent(b []byte) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	common := -1
	for _, l := range lines {
		t := bytes.TrimLeft(l, " \t")
		if len(bytes.TrimSpace(t)) == 0 {
			continue
		}
		if n := len(l) - len(t); common < 0 || n < common {
			common = n
		}
	}
	if common <= 0 {
		return b
	}
	var out []byte
	for _, l := range lines {
		out = append(out, l[min(common, len(l)-len(bytes.TrimLeft(l, " \t"))):]...)
	}
	return out
}
