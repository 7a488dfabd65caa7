package systemd

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// A unit's Environment= variables reach its command line through systemd's
// own expansion: an argument that is exactly $VAR becomes the words of
// VAR's value (split at whitespace, quotes removed), one that is exactly
// ${VAR} becomes the value as one word. When the unit defines VAR the words
// are spliced in with the offsets of the value inside the Environment= line,
// so that findings point there and fixes edit there.

// varDef is the last Environment= assignment of a variable in the unit.
type varDef struct {
	name string
	word cmdline.Word // the assignment word
	item envItem
	// value is the assignment's value as written: from after "=" to
	// before a closing quote.
	value fact.Span
}

// decodedValue is the value of the assignment with its offsets.
func (v varDef) decodedValue() (string, []int) {
	eq := len(v.name) + 1
	return v.word.Value[eq:], v.word.Offsets[eq:]
}

// spliced is one variable spliced into the etcd command line.
type spliced struct {
	def varDef
	// whole is true for ${VAR}: one word, the value as written.
	whole bool
	// words are the spliced words, in order.
	words []cmdline.Word
	// shared names another directive that uses the variable too, so that
	// an edit of its value would change that directive as well.
	shared string
}

// defineVar records an Environment= word that assigns any variable.
func (u *unit) defineVar(w cmdline.Word, only bool) {
	name, _, ok := strings.Cut(w.Value, "=")
	if !ok || !validEnvName(name) || w.Offsets == nil {
		return
	}
	valEnd := w.Span.End
	q := u.wholeQuote(w)
	if q != 0 && u.src[valEnd-1] == q {
		valEnd--
	}
	if u.vars == nil {
		u.vars = map[string]varDef{}
	}
	u.vars[name] = varDef{
		name:  name,
		word:  w,
		item:  envItem{only: only, quote: q},
		value: fact.Span{Start: w.Offset(len(name) + 1), End: valEnd},
	}
}

func validEnvName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := range len(s) {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}

// reference is the variable an ExecStart= argument consists of ($VAR or
// ${VAR}), or "".
func (u *unit) reference(w cmdline.Word) (name string, whole bool) {
	if !w.Dynamic || u.masked.Templated(w.Span) {
		return "", false
	}
	v := w.Value
	switch {
	case strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}"):
		name, whole = v[2:len(v)-1], true
	case strings.HasPrefix(v, "$"):
		name = v[1:]
	}
	if !validEnvName(name) {
		return "", false
	}
	return name, whole
}

// splice replaces the arguments that are exactly $VAR or ${VAR} of a
// variable the unit defines with the words of its value. With an
// EnvironmentFile= the file may define any variable: nothing is spliced.
func (u *unit) splice(exec directive, args []cmdline.Word) ([]cmdline.Word, []*spliced) {
	if u.envFile {
		return args, nil
	}
	var out []cmdline.Word
	var sps []*spliced
	for _, a := range args {
		name, whole := u.reference(a)
		def, ok := u.vars[name]
		if name == "" || !ok {
			out = append(out, a)
			continue
		}
		sp := &spliced{def: def, whole: whole, shared: u.sharedUse(exec, name)}
		if whole {
			v, offs := def.decodedValue()
			sp.words = []cmdline.Word{{Value: v, Span: def.value, Offsets: offs, Dynamic: def.word.Dynamic}}
		} else {
			sp.words = u.splitValue(def)
		}
		out = append(out, sp.words...)
		sps = append(sps, sp)
	}
	return out, sps
}

// sharedUse names a directive other than exec that refers to the variable.
func (u *unit) sharedUse(exec directive, name string) string {
	for _, d := range u.all {
		if d.span == exec.span || d.key == "Environment" {
			continue
		}
		t := string(d.text)
		if strings.Contains(t, "${"+name+"}") || containsVar(t, name) {
			return d.key + "="
		}
	}
	return ""
}

// containsVar reports whether t has $name not followed by a name byte.
func containsVar(t, name string) bool {
	for i := 0; ; {
		j := strings.Index(t[i:], "$"+name)
		if j < 0 {
			return false
		}
		end := i + j + 1 + len(name)
		if end == len(t) || !isNameByte(t[end]) {
			return true
		}
		i = end
	}
}

// splitValue splits a variable's value the way systemd splits $VAR:
// at whitespace, with quotes removed and "\" taking the next byte.
func (u *unit) splitValue(def varDef) []cmdline.Word {
	v, offs := def.decodedValue()
	// rawEnd is the file offset after the text of decoded byte i
	rawEnd := func(i int) int {
		o := offs[i]
		if o+1 < len(u.src) && (u.src[o] == '\\' || u.src[o] == '%' && u.src[o+1] == '%') {
			return o + 2
		}
		return o + 1
	}
	var out []cmdline.Word
	for i := 0; i < len(v); {
		if strings.IndexByte(" \t\n\r", v[i]) >= 0 {
			i++
			continue
		}
		first := i
		var val []byte
		var vo []int
		valEnd := offs[i]
		quote := byte(0)
		for i < len(v) && (quote != 0 || strings.IndexByte(" \t\n\r", v[i]) < 0) {
			c := v[i]
			switch {
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case quote != 0 && c == quote:
				quote = 0
			case c == '\\' && i+1 < len(v):
				i++
				val, vo = append(val, v[i]), append(vo, offs[i])
				valEnd = rawEnd(i)
			default:
				val, vo = append(val, c), append(vo, offs[i])
				valEnd = rawEnd(i)
			}
			i++
		}
		w := cmdline.Word{
			Value:   string(val),
			Span:    fact.Span{Start: offs[first], End: rawEnd(i - 1)},
			Offsets: append(vo, valEnd),
		}
		w.Dynamic = u.masked.Templated(w.Span)
		for _, o := range vo {
			// a specifier (%H), not a written "%%"
			w.Dynamic = w.Dynamic || u.src[o] == '%' && o+1 < len(u.src) && u.src[o+1] != '%'
		}
		out = append(out, w)
	}
	return out
}

// fixSpans keeps a setting whose flag and value come from different places
// (--name ${ETCD_NAME}, a flag in a variable and its value after it) to the
// flag word, so that its span covers no unrelated text.
func fixSpans(proc *fact.Process, sps []*spliced) {
	for _, s := range proc.Settings {
		if s.HasValue && splicedFrom(sps, s.NameSpan) != splicedFrom(sps, s.ValueSpan) {
			s.Span.End = s.NameSpan.End
		}
	}
}

// splicedFrom is the spliced variable whose value holds span, or nil.
func splicedFrom(sps []*spliced, span fact.Span) *spliced {
	for _, sp := range sps {
		if sp.def.value.Contains(span) {
			return sp
		}
	}
	return nil
}

// renderSpliced renders an intent on a setting that comes from a spliced
// variable; ok is false when the setting does not.
func (r *renderer) renderSpliced(src []byte, in fact.Intent) (edits []fact.Edit, ok bool, err error) {
	s := in.Setting
	if s == nil {
		return nil, false, nil
	}
	nameVar, valueVar := splicedFrom(r.spliced, s.NameSpan), (*spliced)(nil)
	if s.HasValue {
		valueVar = splicedFrom(r.spliced, s.ValueSpan)
	}
	if nameVar == nil && valueVar == nil {
		return nil, false, nil
	}
	for _, sp := range []*spliced{nameVar, valueVar} {
		if sp != nil && sp.shared != "" {
			return nil, true, fmt.Errorf("$%s is also used by %s: editing its Environment= value would change that line too; edit it by hand", sp.def.name, sp.shared)
		}
	}
	switch in.Kind {
	case fact.Remove:
		if nameVar == nil || valueVar != nil && valueVar != nameVar {
			return nil, true, fmt.Errorf("%s and its value come from different places (the value from $%s); delete them by hand", s.Raw, valueVar.def.name)
		}
		if nameVar.whole {
			return nil, true, fmt.Errorf("%s is the whole value of ${%s}; delete it by hand", s.Raw, nameVar.def.name)
		}
		e, err := removeInValue(src, s.Span, nameVar.def)
		return []fact.Edit{e}, true, err
	case fact.Replace:
		if in.Name != "" && in.Name != s.Name {
			edits = append(edits, fact.Edit{Span: s.NameSpan, NewText: in.Name})
		}
		if in.Value == nil {
			return edits, true, nil
		}
		v := *in.Value
		switch {
		case valueVar != nil && valueVar.whole:
			// ${VAR} is the value: write VAR's value
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: envValue(src, s.ValueSpan, valueVar.def.item.quote, v)})
			return edits, true, nil
		case nameVar == nil:
			// a flag on the command line, its value a word of $VAR
			return nil, true, fmt.Errorf("the value of %s is a word of $%s; set it by hand", s.Raw, valueVar.def.name)
		}
		word, err := valueWord(v, nameVar.def)
		if err != nil {
			return nil, true, err
		}
		switch {
		case !s.HasValue:
			edits = append(edits, fact.Edit{Span: fact.Span{Start: s.NameSpan.End, End: s.NameSpan.End}, NewText: "=" + word})
		case valueVar != nameVar:
			return nil, true, fmt.Errorf("the value of %s comes from elsewhere; set it by hand", s.Raw)
		default:
			edits = append(edits, fact.Edit{Span: s.ValueSpan, NewText: word})
		}
		return edits, true, nil
	}
	return nil, true, fmt.Errorf("systemd unit: cannot render intent %d on a flag of $%s", in.Kind, nameVar.def.name)
}

// addSpliced adds a flag after the last word of a variable that ends the
// command line; ok is false when the command line does not end in one.
func (r *renderer) addSpliced(in fact.Intent) ([]fact.Edit, bool, error) {
	sp := r.lastArg
	if sp == nil {
		return nil, false, nil
	}
	if sp.shared != "" {
		return nil, true, fmt.Errorf("$%s is also used by %s: adding to its Environment= value would change that line too; add --%s by hand", sp.def.name, sp.shared, in.Name)
	}
	if sp.whole {
		return nil, true, fmt.Errorf("the command line ends in ${%s}, one word; add --%s by hand", sp.def.name, in.Name)
	}
	word, err := valueWord(*in.Value, sp.def)
	if err != nil {
		return nil, true, err
	}
	at := sp.def.value.Start
	if len(sp.words) > 0 {
		at = sp.words[len(sp.words)-1].Span.End
	}
	text := "--" + in.Name + "=" + word
	if at > sp.def.value.Start {
		text = " " + text
	}
	def := sp.def
	if def.item.quote != 0 {
		return []fact.Edit{{Span: fact.Span{Start: at, End: at}, NewText: text}}, true, nil
	}
	// an unquoted assignment ends at a space: quote it as a whole
	raw := r.src[def.word.Span.Start:def.word.Span.End]
	if bytes.ContainsAny(raw, "\"'\\") || at != def.word.Span.End {
		return nil, true, fmt.Errorf("cannot add --%s to the unquoted value of %s safely; add it by hand", in.Name, def.name)
	}
	return []fact.Edit{
		{Span: fact.Span{Start: def.word.Span.Start, End: def.word.Span.Start}, NewText: `"`},
		{Span: fact.Span{Start: at, End: at}, NewText: text + `"`},
	}, true, nil
}

// valueWord writes v as one word of a variable's value, or fails when that
// needs quoting on two levels (a space, a quote, a backslash).
func valueWord(v string, def varDef) (string, error) {
	if v == "" || strings.ContainsAny(v, " \t\n\"'\\") {
		return "", fmt.Errorf("cannot write %q as one word of $%s safely; edit it by hand", v, def.name)
	}
	return strings.ReplaceAll(v, "%", "%%"), nil
}

// removeInValue deletes the words of span from a variable's value: as
// from a command line, and when they are alone on the value's last line
// before its closing quote, with the continuation that led to them, and
// when they start the value and a continuation follows, with the line
// break, so the next line's words move up.
func removeInValue(src []byte, span fact.Span, def varDef) (fact.Edit, error) {
	lineStart := bytes.LastIndexByte(src[:span.Start], '\n') + 1
	lineEnd := len(src)
	if i := bytes.IndexByte(src[span.End:], '\n'); i >= 0 {
		lineEnd = span.End + i
	}
	before := bytes.TrimSpace(src[lineStart:span.Start])
	after := bytes.TrimSpace(src[span.End:lineEnd])
	e := cmdline.RemoveWords(src, span)
	switch {
	case len(before) == 0 && def.item.quote != 0 && string(after) == string(def.item.quote) && lineStart > 0:
		// "  --debug"": cut from the backslash at the end of the line before
		prev := bytes.TrimRight(src[:lineStart-1], "\r \t")
		if len(prev) == 0 || prev[len(prev)-1] != '\\' {
			break
		}
		start := len(prev) - 1
		for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
			start--
		}
		end := span.End
		for end < def.value.End && (src[end] == ' ' || src[end] == '\t') {
			end++
		}
		e = fact.Edit{Span: fact.Span{Start: start, End: end}}
	case span.Start == def.value.Start && string(after) == `\` && lineEnd < len(src):
		// "ETCD_OPTS=--name s1 \": the next line's words move up
		next := lineEnd + 1
		for next < len(src) && (src[next] == ' ' || src[next] == '\t') {
			next++
		}
		if next < def.value.End && src[next] != '#' && src[next] != ';' && src[next] != '\n' && src[next] != '\r' {
			e = fact.Edit{Span: fact.Span{Start: span.Start, End: next}}
		}
	}
	if e.Span.Start < def.word.Span.Start || e.Span.End > def.value.End {
		return fact.Edit{}, fmt.Errorf("cannot delete %q from the value of %s safely; delete it by hand", src[span.Start:span.End], def.name)
	}
	return e, nil
}

// envValue writes v as the value of an Environment= assignment in place
// of the text at span, in the assignment's quoting.
func envValue(src []byte, span fact.Span, quote byte, v string) string {
	v = strings.ReplaceAll(v, "%", "%%")
	switch quote {
	case '"':
		return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v)
	case '\'':
		return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v)
	}
	return textedit.Requote(string(src[span.Start:span.End]), v)
}

// feedsCommand fails for an intent that would delete or rename an
// Environment= assignment the command line reads through $VAR or ${VAR}.
func (r *renderer) feedsCommand(in fact.Intent) error {
	if in.Kind != fact.Remove && (in.Kind != fact.Replace || in.Name == "" || in.Name == in.Setting.Name) {
		return nil
	}
	for _, sp := range r.spliced {
		if sp.def.word.Span == in.Setting.Span {
			ref := "$" + sp.def.name
			if sp.whole {
				ref = "${" + sp.def.name + "}"
			}
			return fmt.Errorf("the command line reads %s through %s: deleting or renaming the assignment would change etcd's flags too; rename the variable in both places by hand", in.Setting.Raw, ref)
		}
	}
	return nil
}

// holdsFlags reports whether name is a variable spliced as $VAR: its
// words are flags and values on the command line.
func holdsFlags(sps []*spliced, name string) bool {
	for _, sp := range sps {
		if !sp.whole && sp.def.name == name {
			return true
		}
	}
	return false
}
