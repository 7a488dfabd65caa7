// Package fastre wraps regexp for the patterns that classify and scan whole
// files. Go's regexp looks ahead for a literal only when a pattern starts
// with one, so a line-anchored pattern ((?m)^[ \t]*kind:) walks every byte
// of every file through its automaton. A Regexp here first looks for the
// words that every match must hold, which is how most files are ruled out
// at memory speed; a pattern that cannot match a line break then runs on
// the lines that hold one of them only.
package fastre

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"slices"
)

// Regexp is a regexp.Regexp whose []byte searches start with a word check.
// Methods not redefined here are regexp's own, without the check.
type Regexp struct {
	*regexp.Regexp
	// needed holds words one of which every match contains; empty when
	// the pattern has none worth a look (short ones, case-folded ones).
	needed [][]byte
	// oneLine is true when no match can hold a line break and the
	// pattern's anchors are line anchors: a line alone matches as it does
	// in the text.
	oneLine bool
}

// MustCompile is regexp.MustCompile with the needed words worked out.
func MustCompile(pattern string) *Regexp {
	re := regexp.MustCompile(pattern)
	parsed, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err) // regexp accepted it: unreachable
	}
	var needed [][]byte
	if words := neededWords(parsed.Simplify()); minLen(words) >= minWord {
		for _, w := range words {
			needed = append(needed, []byte(w))
		}
	}
	return &Regexp{Regexp: re, needed: needed, oneLine: len(needed) > 0 && oneLine(parsed)}
}

// oneLine reports whether re matches within a line: nothing in it matches
// '\n', and no anchor reads the text's ends (\A, \z, ^ and $ without (?m)).
func oneLine(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpAnyChar, syntax.OpBeginText, syntax.OpEndText:
		return false
	case syntax.OpLiteral:
		if slices.Contains(re.Rune, '\n') {
			return false
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return false
			}
		}
	}
	for _, sub := range re.Sub {
		if !oneLine(sub) {
			return false
		}
	}
	return true
}

// minWord is the shortest word worth a look before the automaton.
const minWord = 3

// possible reports whether b holds one of the needed words.
func (re *Regexp) possible(b []byte) bool {
	if len(re.needed) == 0 {
		return true
	}
	for _, w := range re.needed {
		if bytes.Contains(b, w) {
			return true
		}
	}
	return false
}

// lines calls f with each line of b that holds a needed word.
func (re *Regexp) lines(b []byte, f func(start int, line []byte) bool) {
	EachLine(b, 0, re.needed, func(start, end int) bool { return f(start, b[start:end]) })
}

// EachLine calls f with the start and end (before its line break) of each
// line of b[from:] that holds one of words, in order, until f returns
// false; the first line starts at from at the earliest. It hops from word
// to word, so lines without one cost no more than the search.
func EachLine(b []byte, from int, words [][]byte, f func(start, end int) bool) {
	next := make([]int, len(words)) // the next place of each word at or after pos; -1: none left
	for i := range next {
		next[i] = -2 // not looked for yet
	}
	for pos := from; pos <= len(b); {
		at := -1
		for i, w := range words {
			if next[i] == -2 || next[i] >= 0 && next[i] < pos {
				next[i] = -1
				if k := bytes.Index(b[pos:], w); k >= 0 {
					next[i] = pos + k
				}
			}
			if next[i] >= 0 && (at < 0 || next[i] < at) {
				at = next[i]
			}
		}
		if at < 0 {
			return
		}
		start := max(from, bytes.LastIndexByte(b[:at], '\n')+1)
		end := len(b)
		if k := bytes.IndexByte(b[at:], '\n'); k >= 0 {
			end = at + k
		}
		if !f(start, end) {
			return
		}
		pos = end + 1
	}
}

// shifted adds off to the offsets of a match found in a line (-1 stays).
func shifted(m []int, off int) []int {
	for i, v := range m {
		if v >= 0 {
			m[i] = v + off
		}
	}
	return m
}

func (re *Regexp) Match(b []byte) bool {
	if !re.oneLine {
		return re.possible(b) && re.Regexp.Match(b)
	}
	found := false
	re.lines(b, func(_ int, line []byte) bool {
		found = re.Regexp.Match(line)
		return !found
	})
	return found
}

func (re *Regexp) FindIndex(b []byte) []int {
	if m := re.FindAllIndex(b, 1); m != nil {
		return m[0]
	}
	return nil
}

func (re *Regexp) FindSubmatchIndex(b []byte) []int {
	if m := re.FindAllSubmatchIndex(b, 1); m != nil {
		return m[0]
	}
	return nil
}

func (re *Regexp) FindAllIndex(b []byte, n int) [][]int {
	if !re.oneLine {
		if !re.possible(b) {
			return nil
		}
		return re.Regexp.FindAllIndex(b, n)
	}
	return re.perLine(b, n, re.Regexp.FindAllIndex)
}

func (re *Regexp) FindAllSubmatchIndex(b []byte, n int) [][]int {
	if !re.oneLine {
		if !re.possible(b) {
			return nil
		}
		return re.Regexp.FindAllSubmatchIndex(b, n)
	}
	return re.perLine(b, n, re.Regexp.FindAllSubmatchIndex)
}

// perLine runs find on the lines that hold a needed word, at most n
// matches in all (n < 0: every one).
func (re *Regexp) perLine(b []byte, n int, find func([]byte, int) [][]int) [][]int {
	var out [][]int
	re.lines(b, func(start int, line []byte) bool {
		for _, m := range find(line, n-len(out)) {
			out = append(out, shifted(m, start))
		}
		return n < 0 || len(out) < n
	})
	return out
}

// neededWords returns words one of which every match of re contains, or
// nil when it knows none. Among a concatenation's parts it keeps the set
// whose shortest word is longest; parts that match a few exact strings
// join up first ("(expr|alert):" needs "expr:" or "alert:").
func neededWords(re *syntax.Regexp) []string {
	if words := exactWords(re); words != nil {
		return words
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return neededWords(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return neededWords(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			words := neededWords(sub)
			if words == nil {
				return nil
			}
			out = append(out, words...)
		}
		return out
	case syntax.OpConcat:
		var best, run []string
		for _, sub := range re.Sub {
			if words := exactWords(sub); words != nil {
				run = joined(run, words)
			} else {
				run, words = nil, neededWords(sub)
				if better(words, best) {
					best = words
				}
			}
			if better(run, best) {
				best = run
			}
		}
		return best
	}
	return nil
}

// maxExact bounds the strings a part may stand for, so that joined sets
// stay small.
const maxExact = 8

// exactWords returns every string re matches when they are few and known
// (a literal, an alternation or a run of them), else nil.
func exactWords(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase == 0 {
			return []string{string(re.Rune)}
		}
	case syntax.OpCapture:
		return exactWords(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			words := exactWords(sub)
			if words == nil || len(out)+len(words) > maxExact {
				return nil
			}
			out = append(out, words...)
		}
		return out
	case syntax.OpConcat:
		var out []string
		for _, sub := range re.Sub {
			words := exactWords(sub)
			if words == nil {
				return nil
			}
			if out = joined(out, words); out == nil {
				return nil
			}
		}
		return out
	}
	return nil
}

// joined is every word of a followed by every word of b (b alone when a is
// empty), or nil past maxExact.
func joined(a, b []string) []string {
	if a == nil {
		return b
	}
	if len(a)*len(b) > maxExact {
		return nil
	}
	var out []string
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// better prefers the set whose shortest word is longer, then the smaller set.
func better(a, b []string) bool {
	if a == nil {
		return false
	}
	if b == nil {
		return true
	}
	if la, lb := minLen(a), minLen(b); la != lb {
		return la > lb
	}
	return len(a) < len(b)
}

func minLen(words []string) int {
	if len(words) == 0 {
		return 0
	}
	return len(slices.MinFunc(words, func(a, b string) int { return len(a) - len(b) }))
}
