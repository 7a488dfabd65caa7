package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// A Writer writes one report while a run streams its files past: File
// for each linted file in path order, then End once with the run's
// errors, notices and counts. No report keeps more than it must show.
type Writer interface {
	File(f *lint.File) error
	End(res *lint.Result) error
}

// WriteAll writes a report of a result held in memory.
func WriteAll(wr Writer, res *lint.Result) error {
	for _, f := range res.Files {
		if err := wr.File(f); err != nil {
			return err
		}
	}
	return wr.End(res)
}

// Tally counts the findings reported, by severity.
type Tally [3]int

// Count counts the findings of a result held in memory.
func Count(res *lint.Result) Tally {
	var t Tally
	for _, f := range res.Files {
		t.Add(f)
	}
	return t
}

// Add counts the findings of f.
func (t *Tally) Add(f *lint.File) {
	for _, fd := range f.Findings {
		t[fd.Severity]++
	}
}

// Summary writes the closing line: counts by severity and files scanned.
func (t Tally) Summary(w io.Writer, res *lint.Result) {
	fmt.Fprintf(w, "%s, %s, %s in %s scanned", plural(t[rules.Error], "error"), plural(t[rules.Warning], "warning"), plural(t[rules.Info], "info"), plural(res.FilesScanned, "file"))
	if len(res.Errors) > 0 {
		fmt.Fprintf(w, "; %s", plural(len(res.Errors), "file error"))
	}
	fmt.Fprintln(w)
}

// jsonArray writes an indented JSON document one of whose arrays grows
// while the run goes, byte for byte what encoding/json writes for the
// whole document: the document is encoded with that array empty, the text
// before it is written at the start, the elements one by one, and the
// text after it at the end, from the document as it is then.
type jsonArray struct {
	w      io.Writer
	key    []byte // `"results": []`, or `[]` for a document that is the array
	indent string // of the array's closing bracket
	n      int
	err    error
}

// startJSONArray writes doc up to its array named key ("" when doc is the
// array). Everything before the array must be known at the start.
func startJSONArray(w io.Writer, doc any, key string) *jsonArray {
	a := &jsonArray{w: w, key: []byte("[]")}
	if key != "" {
		a.key = []byte(fmt.Sprintf("%q: []", key))
	}
	head, _, err := a.split(doc)
	if err != nil {
		a.err = err
		return a
	}
	line := head[bytes.LastIndexByte(head, '\n')+1:]
	a.indent = string(line[:len(line)-len(bytes.TrimLeft(line, " "))])
	a.write(head, []byte("["))
	return a
}

// split encodes doc and cuts it around the empty array; a string in doc
// cannot hold the key's text, since encoding escapes its quotes.
func (a *jsonArray) split(doc any) (head, tail []byte, err error) {
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	i := bytes.Index(b, a.key)
	if i < 0 {
		return nil, nil, fmt.Errorf("report: no %s in the document", a.key)
	}
	return b[:i+len(a.key)-2], b[i+len(a.key):], nil
}

func (a *jsonArray) add(v any) {
	if a.err != nil {
		return
	}
	in := a.indent + "  "
	b, err := json.MarshalIndent(v, in, "  ")
	if err != nil {
		a.err = err
		return
	}
	sep := ",\n"
	if a.n == 0 {
		sep = "\n"
	}
	a.n++
	a.write([]byte(sep+in), b)
}

// end closes the array and writes the rest of doc.
func (a *jsonArray) end(doc any) error {
	if a.err != nil {
		return a.err
	}
	_, tail, err := a.split(doc)
	if err != nil {
		return err
	}
	if a.n > 0 {
		a.write([]byte("\n" + a.indent))
	}
	a.write([]byte("]"), tail, []byte("\n"))
	return a.err
}

func (a *jsonArray) write(parts ...[]byte) {
	for _, p := range parts {
		if a.err == nil {
			_, a.err = a.w.Write(p)
		}
	}
}
