package lint

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// templateTag is a tag of Jinja/Go templates or ERB; its body's first word
// says what it does (if, elif/elsif, else, unless, end*, a block opener).
var templateTag = regexp.MustCompile(`(?s)(?:\{%-?|<%-?|\{\{-?)(.*?)(?:-?%\}|-?%>|-?\}\})`)

var tagWord = regexp.MustCompile(`^\s*(\w+)\b`)

// erbDo opens an ERB block that <% end %> closes: <% items.each do |i| %>.
var erbDo = regexp.MustCompile(`\bdo\s*(?:\|[^|]*\|)?\s*$`)

var (
	// orHigher is a flag named for a release and later: is_v36_or_higher.
	orHigher = regexp.MustCompile(`(?:\b|_)v?(\d)_?(\d{1,2})_or_(?:higher|newer|later|above)\b`)
	// compared is a release compared with an operator, either way round:
	// etcd_version >= '3.6', version('3.6', '>='), semverCompare ">=3.6.0".
	compared = regexp.MustCompile(`(>=|<=|==|!=|>|<)\s*['"]?v?(\d+)\.(\d+)|v?(\d+)\.(\d+)(?:\.\d+)?['"]?\s*,\s*['"](>=|<=|==|!=|>|<|ge|gt|le|lt|eq)['"]`)
	opWords  = map[string]string{"ge": ">=", "gt": ">", "le": "<=", "lt": "<", "eq": "=="}
)

// versionTest decides a template condition that compares etcd's release
// with one of etcd 3: true or false for version v ("3.5"), ok false when the
// condition is anything else (another program's version, a setting).
func versionTest(cond, v string) (result, ok bool) {
	major, minor, _ := strings.Cut(v, ".")
	have := [2]int{atoi(major), atoi(minor)}
	if m := orHigher.FindStringSubmatch(cond); m != nil && m[1] == "3" {
		return !less(have, [2]int{3, atoi(m[2])}), true
	}
	m := compared.FindStringSubmatch(cond)
	if m == nil {
		return false, false
	}
	op, want := m[1], [2]int{atoi(m[2]), atoi(m[3])}
	if op == "" { // version('3.6', '>='): the variable is on the left
		op, want = m[6], [2]int{atoi(m[4]), atoi(m[5])}
		if w, ok := opWords[op]; ok {
			op = w
		}
	}
	if want[0] != 3 {
		return false, false // etcd 3's releases only: 1.14 is Kubernetes
	}
	switch op {
	case ">=":
		return !less(have, want), true
	case ">":
		return less(want, have), true
	case "<=":
		return !less(want, have), true
	case "<":
		return less(have, want), true
	case "==":
		return have == want, true
	case "!=":
		return have != want, true
	}
	return false, false
}

func less(a, b [2]int) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// inactiveBranches returns the spans of template branches that do not
// render for etcd version v: settings a multi-version template writes only
// for 3.6 ("<% if is_v36_or_higher %>") are not the file of a 3.5 audit.
// A branch whose condition says nothing decidable renders.
func inactiveBranches(src []byte, v string) []fact.Span {
	type state struct {
		decided   bool // every condition so far was decidable
		anyActive bool // some decided branch so far renders
	}
	blocks := map[int]*state{}
	var out []fact.Span
	for _, br := range templateBranches(src) {
		b := blocks[br.Block]
		if b == nil {
			b = &state{decided: true}
			blocks[br.Block] = b
		}
		active := !b.decided || !b.anyActive // else
		if !br.isElse {
			res, ok := versionTest(br.cond, v)
			if br.negate {
				res = !res
			}
			active = !ok || res && !b.anyActive
			b.decided = b.decided && ok
			b.anyActive = b.anyActive || ok && res
		}
		if !active && br.span.End > br.span.Start {
			out = append(out, br.span)
		}
	}
	return out
}

// branch is one branch of a template conditional.
type branch struct {
	fact.Branch
	// cond is the condition of an if or elif; negate is true for unless.
	cond   string
	negate bool
	isElse bool
	// span runs from the end of the branch's tag to the start of the next
	// tag of its conditional.
	span fact.Span
}

// templateBranches returns the branches of the template conditionals of
// src (Jinja/Go templates, ERB), each conditional's in order, inner
// conditionals' before the outer ones they sit in.
func templateBranches(src []byte) []branch {
	type block struct {
		cur    branch
		opener string // the tag that opened it: "if", "for", "do", ...
		plain  bool   // a range/with/for block: no branches
	}
	var stack []*block
	var out []branch
	blocks := 0
	closeBranch := func(b *block, end int) {
		b.cur.span.End = end
		out = append(out, b.cur)
	}
	// repeats reports whether a loop holds the conditional about to open:
	// its branches may each render, in different turns of the loop
	repeats := func() bool {
		return slices.ContainsFunc(stack, func(b *block) bool { return loops[b.opener] })
	}
	for _, m := range templateTag.FindAllSubmatchIndex(src, -1) {
		body := string(src[m[2]:m[3]])
		w := tagWord.FindStringSubmatchIndex(body)
		if w == nil {
			continue
		}
		tag, cond := body[w[2]:w[3]], body[w[3]:]
		if erbDo.MatchString(body) {
			tag = "do" // <% hosts.each do |h| %> opens a block
		}
		switch {
		case tag == "if" || tag == "unless":
			b := &block{opener: tag, cur: branch{Branch: fact.Branch{Block: blocks, Repeats: repeats()}, cond: cond, negate: tag == "unless", span: fact.Span{Start: m[1]}}}
			stack = append(stack, b)
			blocks++
		case tag == "elif" || tag == "elsif" || tag == "else":
			if len(stack) == 0 || stack[len(stack)-1].plain {
				continue
			}
			b := stack[len(stack)-1]
			closeBranch(b, m[0])
			b.cur = branch{Branch: fact.Branch{Block: b.cur.Block, Arm: b.cur.Arm + 1, Repeats: b.cur.Repeats}, cond: cond, isElse: tag == "else", span: fact.Span{Start: m[1]}}
		case blockOpeners[tag]:
			stack = append(stack, &block{opener: tag, plain: true})
		case strings.HasPrefix(tag, "end"):
			// "end" closes whatever is open (Go templates, ERB); Jinja's
			// endif, endfor, ... only their own block: an endraw or endset
			// closes nothing this reads
			if len(stack) == 0 {
				continue
			}
			b := stack[len(stack)-1]
			if opened := strings.TrimPrefix(tag, "end"); opened != "" && opened != b.opener {
				continue
			}
			stack = stack[:len(stack)-1]
			if !b.plain {
				closeBranch(b, m[0])
			}
		}
	}
	return out
}

// blockOpeners open a block that an end tag closes and that has no
// branches: Go templates' range/with/define/block, Jinja's for/macro/
// call/filter, ERB's do, case, while, until and begin.
var blockOpeners = map[string]bool{
	"range": true, "with": true, "define": true, "block": true, "for": true, "macro": true,
	"call": true, "filter": true, "do": true, "case": true, "while": true, "until": true, "begin": true,
}

// loops are the blocks whose body may render more than once.
var loops = map[string]bool{"range": true, "for": true, "do": true, "while": true, "until": true}

// placeInBranches records on each setting the template branches that
// hold it, so that rules tell a setting written in one branch of an
// if/else from one written beside it.
func placeInBranches(facts *fact.Facts, src []byte) {
	branches := templateBranches(src)
	if len(branches) == 0 {
		return
	}
	for _, s := range facts.Settings() {
		s.Branches = nil
		for _, br := range branches {
			if br.span.Start <= s.Span.Start && s.Span.Start < br.span.End {
				s.Branches = append(s.Branches, br.Branch)
			}
		}
	}
}
