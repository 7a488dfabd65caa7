// Package wild scores etcdlint against testdata/wild: real public files
// labelled from the upgrade facts before etcdlint was run on them. Recall and
// precision are counted on (file, line, rule) triples.
package wild

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// Unscored rules report a setting a file leaves unset, or need input
// beyond the file; the corpus README says why they are left out.
var unscored = map[string]bool{
	"grpc-gateway-default":     true,
	"logging-defaults-changed": true,
	"unused-ignore":            true,
	"metric-missing-in-target": true,
	// added after the corpus was labelled; its pins are not labelled yet
	"known-bad-version": true,
}

// File is one corpus file.
type File struct {
	Slice   string
	Name    string // owner/repo/path
	ID      string // slice/owner/repo/path: the path etcdlint sees
	Disk    string // where the copy is stored
	Repo    string
	Path    string
	Commit  string
	Licence string
	To      string
	Class   string
}

// Label is an expected finding, or a contested one.
type Label struct {
	File    string // the File's ID
	Line    int
	Rule    string
	Fixable bool
	Note    string
}

func (l Label) key() key { return key{l.File, l.Line, l.Rule} }

type key struct {
	file string
	line int
	rule string
}

// Corpus is every slice of the corpus directory.
type Corpus struct {
	Files     []*File
	Labels    []Label
	Contested []Label
}

// sliceDirs are the slices under dir, or dir itself when it is one.
func sliceDirs(dir string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, "manifest.tsv")); err == nil {
		return []string{dir}, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		slice := filepath.Join(dir, e.Name())
		if _, err := os.Stat(filepath.Join(slice, "manifest.tsv")); e.IsDir() && err == nil {
			out = append(out, slice)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no manifest.tsv in it or in a folder below it", dir)
	}
	return out, nil
}

// Load reads the slices under dir (each a folder with manifest.tsv), or
// the one slice dir is.
func Load(dir string) (*Corpus, error) {
	dirs, err := sliceDirs(dir)
	if err != nil {
		return nil, err
	}
	c := &Corpus{}
	byName := map[string]*File{}
	for _, slice := range dirs {
		name := filepath.Base(slice)
		rows, err := readTSV(filepath.Join(slice, "manifest.tsv"), "file", "repo", "path", "commit", "licence", "to", "class")
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			f := &File{Slice: name, Name: r.get("file"), Repo: r.get("repo"), Path: r.get("path"),
				Commit: r.get("commit"), Licence: r.get("licence"), To: r.get("to"), Class: r.get("class")}
			f.Disk = filepath.Join(slice, "files", filepath.FromSlash(f.Name))
			f.ID = name + "/" + f.Name
			if _, err := os.Stat(f.Disk); err != nil {
				return nil, fmt.Errorf("%s: %v", r.pos, err)
			}
			if _, ok := byName[f.ID]; ok {
				return nil, fmt.Errorf("%s: %s is listed twice", r.pos, f.Name)
			}
			if f.To == "" {
				f.To = "3.5"
			}
			if _, err := rules.ParseUpgrade("", f.To); err != nil {
				return nil, fmt.Errorf("%s: %v", r.pos, err)
			}
			byName[f.ID] = f
			c.Files = append(c.Files, f)
		}
		for _, t := range []struct {
			name string
			into *[]Label
		}{{"labels.tsv", &c.Labels}, {"contested.tsv", &c.Contested}} {
			p := filepath.Join(slice, t.name)
			if _, err := os.Stat(p); err != nil {
				continue
			}
			rows, err := readTSV(p, "file", "line", "rule", "fixable")
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				l := Label{File: name + "/" + r.get("file"), Rule: r.get("rule"), Fixable: r.get("fixable") == "yes", Note: r.get("note")}
				if byName[l.File] == nil {
					return nil, fmt.Errorf("%s: %s is not in the manifest", r.pos, l.File)
				}
				if rules.ByID(l.Rule) == nil {
					return nil, fmt.Errorf("%s: no rule %q", r.pos, l.Rule)
				}
				if l.Line, err = strconv.Atoi(r.get("line")); err != nil || l.Line < 1 {
					return nil, fmt.Errorf("%s: bad line %q", r.pos, r.get("line"))
				}
				if n := byName[l.File].lines(); l.Line > n {
					return nil, fmt.Errorf("%s: line %d is past the end of %s (%d lines)", r.pos, l.Line, l.File, n)
				}
				*t.into = append(*t.into, l)
			}
		}
	}
	slices.SortFunc(c.Files, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })
	return c, nil
}

// lines counts the lines of the stored copy (a last line without a newline counts).
func (f *File) lines() int {
	b, err := os.ReadFile(f.Disk)
	if err != nil {
		return 0
	}
	return bytes.Count(b, []byte("\n")) + 1
}

type row struct {
	pos  string
	cols map[string]string
}

func (r row) get(c string) string { return r.cols[c] }

// readTSV reads a tab-separated table whose header names at least the
// required columns.
func readTSV(path string, required ...string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var header []string
	var rows []row
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Split(line, "\t")
		if header == nil {
			header = fields
			for _, c := range required {
				if !slices.Contains(header, c) {
					return nil, fmt.Errorf("%s:1: header has no %q column", path, c)
				}
			}
			continue
		}
		r := row{pos: fmt.Sprintf("%s:%d", path, n), cols: map[string]string{}}
		for i, h := range header {
			if i < len(fields) {
				r.cols[h] = strings.TrimSpace(fields[i])
			}
		}
		rows = append(rows, r)
	}
	return rows, sc.Err()
}

// Outcome is one scored triple.
type Outcome struct {
	File    *File
	Kind    string // the file kind etcdlint chose, or "none"
	Label   *Label
	Finding *lint.Finding
}

// Score is the result of linting the corpus against its labels.
type Score struct {
	Hits   []Outcome // labelled and found
	Misses []Outcome // labelled, not found
	False  []Outcome // found, not labelled (nor contested)
	Errors []lint.FileError
	// FixMisses are hits labelled fixable whose finding has no fix.
	FixMisses []Outcome
}

// Run lints every corpus file for its upgrade and compares with the labels.
func Run(c *Corpus) (*Score, error) {
	byTo := map[string][]lint.Document{}
	files := map[string]*File{}
	for _, f := range c.Files {
		src, err := os.ReadFile(f.Disk)
		if err != nil {
			return nil, err
		}
		byTo[f.To] = append(byTo[f.To], lint.Document{Path: f.ID, Src: src})
		files[f.ID] = f
	}
	found := map[key]*lint.Finding{}
	kinds := map[string]string{}
	s := &Score{}
	for _, to := range slices.Sorted(maps.Keys(byTo)) {
		up, err := rules.ParseUpgrade("", to)
		if err != nil {
			return nil, err
		}
		res, err := lint.Run(lint.Options{Upgrade: up}, nil, byTo[to]...)
		if err != nil {
			return nil, err
		}
		s.Errors = append(s.Errors, res.Errors...)
		for _, lf := range res.Files {
			kinds[lf.Path] = lf.Kind
			for i := range lf.Findings {
				fd := &lf.Findings[i]
				if fd.Severity < rules.Warning || unscored[fd.Rule] {
					continue
				}
				k := key{fd.Path, fd.Line, fd.Rule}
				if found[k] == nil {
					found[k] = fd
				}
			}
		}
	}
	kindOf := func(name string) string { return cmp.Or(kinds[name], "none") }
	labelled := map[key]bool{}
	for i := range c.Labels {
		l := &c.Labels[i]
		if labelled[l.key()] {
			continue
		}
		labelled[l.key()] = true
		o := Outcome{File: files[l.File], Kind: kindOf(l.File), Label: l, Finding: found[l.key()]}
		if o.Finding == nil {
			s.Misses = append(s.Misses, o)
			continue
		}
		s.Hits = append(s.Hits, o)
		if l.Fixable && o.Finding.Fix == nil {
			s.FixMisses = append(s.FixMisses, o)
		}
	}
	contested := map[key]bool{}
	for _, l := range c.Contested {
		contested[l.key()] = true
	}
	for k, fd := range found {
		if !labelled[k] && !contested[k] {
			s.False = append(s.False, Outcome{File: files[k.file], Kind: kindOf(k.file), Finding: fd})
		}
	}
	for _, list := range [][]Outcome{s.Hits, s.Misses, s.False, s.FixMisses} {
		slices.SortFunc(list, func(a, b Outcome) int {
			ka, kb := a.key(), b.key()
			return cmp.Or(cmp.Compare(ka.file, kb.file), cmp.Compare(ka.line, kb.line), cmp.Compare(ka.rule, kb.rule))
		})
	}
	return s, nil
}

func (o Outcome) key() key {
	if o.Label != nil {
		return o.Label.key()
	}
	return key{o.Finding.Path, o.Finding.Line, o.Finding.Rule}
}

// Figure is recall and precision over one scope (all, a rule, a kind).
type Figure struct {
	Scope, Name         string
	Hits, Misses, False int
}

// Recall is hits over labels; 1 when nothing was labelled.
func (f Figure) Recall() float64 { return ratio(f.Hits, f.Hits+f.Misses) }

// Precision is hits over findings; 1 when nothing was found.
func (f Figure) Precision() float64 { return ratio(f.Hits, f.Hits+f.False) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Figures sums the score over the whole corpus, per rule and per kind.
func (s *Score) Figures() []Figure {
	idx := map[[2]string]*Figure{}
	add := func(scope, name string, hit, miss, fp int) {
		k := [2]string{scope, name}
		f := idx[k]
		if f == nil {
			f = &Figure{Scope: scope, Name: name}
			idx[k] = f
		}
		f.Hits += hit
		f.Misses += miss
		f.False += fp
	}
	each := func(list []Outcome, hit, miss, fp int) {
		for _, o := range list {
			add("all", "all", hit, miss, fp)
			add("rule", o.key().rule, hit, miss, fp)
			add("kind", o.Kind, hit, miss, fp)
		}
	}
	each(s.Hits, 1, 0, 0)
	each(s.Misses, 0, 1, 0)
	each(s.False, 0, 0, 1)
	var out []Figure
	for _, f := range idx {
		out = append(out, *f)
	}
	order := map[string]int{"all": 0, "rule": 1, "kind": 2}
	slices.SortFunc(out, func(a, b Figure) int {
		return cmp.Or(cmp.Compare(order[a.Scope], order[b.Scope]), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// Floor is the lowest recall and precision a scope may score.
type Floor struct {
	Scope, Name       string
	Recall, Precision float64
}

// ReadFloors reads floors.tsv.
func ReadFloors(path string) ([]Floor, error) {
	rows, err := readTSV(path, "scope", "name", "recall", "precision")
	if err != nil {
		return nil, err
	}
	var out []Floor
	for _, r := range rows {
		f := Floor{Scope: r.get("scope"), Name: r.get("name")}
		var e1, e2 error
		f.Recall, e1 = strconv.ParseFloat(r.get("recall"), 64)
		f.Precision, e2 = strconv.ParseFloat(r.get("precision"), 64)
		if e1 != nil || e2 != nil {
			return nil, fmt.Errorf("%s: bad figure", r.pos)
		}
		out = append(out, f)
	}
	return out, nil
}

// WriteFloors writes the current figures as floors, never lowering an
// existing floor (a ratchet). Figures are rounded down to two places.
func WriteFloors(path string, old []Floor, figs []Figure) error {
	prev := map[[2]string]Floor{}
	for _, f := range old {
		prev[[2]string{f.Scope, f.Name}] = f
	}
	var b strings.Builder
	b.WriteString("scope\tname\trecall\tprecision\n")
	for _, f := range figs {
		r, p := floor2(f.Recall()), floor2(f.Precision())
		if o, ok := prev[[2]string{f.Scope, f.Name}]; ok {
			r, p = max(r, o.Recall), max(p, o.Precision)
		}
		fmt.Fprintf(&b, "%s\t%s\t%.2f\t%.2f\n", f.Scope, f.Name, r, p)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func floor2(x float64) float64 { return float64(int(x*100+1e-9)) / 100 }

// Below lists the floors the figures fall under.
func Below(floors []Floor, figs []Figure) []string {
	cur := map[[2]string]Figure{}
	for _, f := range figs {
		cur[[2]string{f.Scope, f.Name}] = f
	}
	var out []string
	for _, fl := range floors {
		f, ok := cur[[2]string{fl.Scope, fl.Name}]
		if !ok {
			continue
		}
		if f.Recall()+1e-9 < fl.Recall {
			out = append(out, fmt.Sprintf("%s %s: recall %.3f is below its floor %.2f", fl.Scope, fl.Name, f.Recall(), fl.Recall))
		}
		if f.Precision()+1e-9 < fl.Precision {
			out = append(out, fmt.Sprintf("%s %s: precision %.3f is below its floor %.2f", fl.Scope, fl.Name, f.Precision(), fl.Precision))
		}
	}
	return out
}

// Print writes the figures, then every miss and false positive.
func (s *Score) Print(w io.Writer) {
	fmt.Fprintf(w, "%-6s %-30s %6s %6s %6s %7s %9s\n", "scope", "name", "hits", "misses", "false", "recall", "precision")
	for _, f := range s.Figures() {
		fmt.Fprintf(w, "%-6s %-30s %6d %6d %6d %7.3f %9.3f\n", f.Scope, f.Name, f.Hits, f.Misses, f.False, f.Recall(), f.Precision())
	}
	for _, o := range s.Misses {
		fmt.Fprintf(w, "miss  %s:%d [%s] (%s, %s) %s\n", o.File.Disk, o.Label.Line, o.Label.Rule, o.Kind, o.File.Class, o.Label.Note)
	}
	for _, o := range s.False {
		fmt.Fprintf(w, "false %s:%d [%s] (%s) %s\n", o.File.Disk, o.Finding.Line, o.Finding.Rule, o.Kind, o.Finding.Message)
	}
	for _, o := range s.FixMisses {
		fmt.Fprintf(w, "nofix %s:%d [%s] %s\n", o.File.Disk, o.Label.Line, o.Label.Rule, o.Finding.NoFix)
	}
	for _, e := range s.Errors {
		fmt.Fprintf(w, "error %s\n", e.Error())
	}
}
