// Package fastre wraps regexp for the patterns that classify and scan whole
// files. Go's regexp looks ahead for a literal only when a pattern starts
// with one, so a line-anchored pattern ((?m)^[ \t]*kind:) walks every byte
// of every file through its automaton. A Regexp here first asks
// bytes.Contains for the words that every match must hold, which is how
// most files are ruled out at memory speed.
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
	return &Regexp{Regexp: re, needed: needed}
}

// minWord is the shortest word worth a look before the automaton.
const minWord = 3

// Needed returns the words one of which every match holds (nil: none known).
func (re *Regexp) Needed() []string {
	var out []string
	for _, w := range re.needed {
		out = append(out, string(w))
	}
	return out
}

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

func (re *Regexp) Match(b []byte) bool { return re.possible(b) && re.Regexp.Match(b) }

func (re *Regexp) FindIndex(b []byte) []int {
	if !re.possible(b) {
		return nil
	}
	return re.Regexp.FindIndex(b)
}

func (re *Regexp) FindSubmatchIndex(b []byte) []int {
	if !re.possible(b) {
		return nil
	}
	return re.Regexp.FindSubmatchIndex(b)
}

func (re *Regexp) FindAllIndex(b []byte, n int) [][]int {
	if !re.possible(b) {
		return nil
	}
	return re.Regexp.FindAllIndex(b, n)
}

func (re *Regexp) FindAllSubmatchIndex(b []byte, n int) [][]int {
	if !re.possible(b) {
		return nil
	}
	return re.Regexp.FindAllSubmatchIndex(b, n)
}

// neededWords returns words one of which every match of re contains, or
// nil when it knows none. Among a concatenation's parts it keeps the set
// whose shortest word is longest.
func neededWords(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
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
		var best []string
		for i := 0; i < len(re.Sub); i++ {
			words := neededWords(re.Sub[i])
			if re.Sub[i].Op == syntax.OpLiteral && words != nil {
				// adjacent literals (split by Simplify) read as one word
				for i+1 < len(re.Sub) && re.Sub[i+1].Op == syntax.OpLiteral && re.Sub[i+1].Flags&syntax.FoldCase == 0 {
					i++
					words = []string{words[0] + string(re.Sub[i].Rune)}
				}
			}
			if better(words, best) {
				best = words
			}
		}
		return best
	}
	return nil
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
