package lint

import (
	"regexp"
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
	type branch struct {
		start  int
		active bool
	}
	type block struct {
		cur       branch
		decided   bool // every condition so far was decidable
		anyActive bool // some decided branch so far renders
		plain     bool // a range/with/for block: no branches
	}
	var stack []*block
	var out []fact.Span
	closeBranch := func(b *block, end int) {
		if !b.cur.active && end > b.cur.start {
			out = append(out, fact.Span{Start: b.cur.start, End: end})
		}
	}
	for _, m := range templateTag.FindAllSubmatchIndex(src, -1) {
		body := string(src[m[2]:m[3]])
		w := tagWord.FindStringSubmatchIndex(body)
		if w == nil {
			continue
		}
		tag, cond := body[w[2]:w[3]], body[w[3]:]
		switch {
		case erbDo.MatchString(body):
			tag = "do" // <% hosts.each do |h| %> opens a block
		case strings.HasPrefix(tag, "end"):
			tag = "end"
		}
		switch tag {
		case "if", "unless":
			res, ok := versionTest(cond, v)
			if tag == "unless" {
				res = !res
			}
			b := &block{decided: ok}
			b.cur = branch{start: m[1], active: !ok || res}
			b.anyActive = ok && res
			stack = append(stack, b)
		case "elif", "elsif":
			if len(stack) == 0 || stack[len(stack)-1].plain {
				continue
			}
			b := stack[len(stack)-1]
			closeBranch(b, m[0])
			res, ok := versionTest(cond, v)
			b.decided = b.decided && ok
			b.cur = branch{start: m[1], active: !ok || res && !b.anyActive}
			b.anyActive = b.anyActive || ok && res
		case "else":
			if len(stack) == 0 || stack[len(stack)-1].plain {
				continue
			}
			b := stack[len(stack)-1]
			closeBranch(b, m[0])
			b.cur = branch{start: m[1], active: !b.decided || !b.anyActive}
		case "range", "with", "define", "block", "for", "macro", "call", "filter", "do":
			stack = append(stack, &block{plain: true, cur: branch{active: true}})
		case "end":
			if len(stack) == 0 {
				continue
			}
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !b.plain {
				closeBranch(b, m[0])
			}
		}
	}
	return out
}
