package nested

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Escape writes decoded text in the syntax of the host file, to replace
// the bytes span of src; it may widen the edit over bytes next to span
// that it writes again (a blank that would end up before a line break).
// It fails when the host cannot take the text there (a line break into a
// folded YAML scalar); the engine shows the error as the reason a finding
// has no fix.
type Escape func(text string, src []byte, span fact.Span) (fact.Edit, error)

// Mapping ties content decoded from a file (a JSON string, a quoted YAML
// scalar, a data: URL) to the bytes it was decoded from. Offsets[i] is the
// file offset of decoded byte i, and Offsets[len] the offset just past the
// content. Consecutive bytes with the same offset were made by one escape
// sequence (\u00e9, %3D, a folded line break): spans and edits never cut
// one in two.
type Mapping struct {
	Text    []byte
	Offsets []int
	Escape  Escape
}

// NewMapping checks that offsets fit decoded: one more than its bytes,
// never decreasing.
func NewMapping(decoded []byte, offsets []int, escape Escape) (*Mapping, error) {
	if len(offsets) != len(decoded)+1 {
		return nil, fmt.Errorf("nested: %d offsets for %d decoded bytes", len(offsets), len(decoded))
	}
	for i := 1; i < len(offsets); i++ {
		if offsets[i] < offsets[i-1] {
			return nil, fmt.Errorf("nested: offsets decrease at decoded byte %d", i)
		}
	}
	return &Mapping{Text: decoded, Offsets: offsets, Escape: escape}, nil
}

// groupStart moves i back to the first byte of the escape sequence that
// made byte i.
func (m *Mapping) groupStart(i int) int {
	i = min(max(i, 0), len(m.Text))
	// the end too: a block scalar's final line break maps to where it ends
	for i > 0 && m.Offsets[i-1] == m.Offsets[i] {
		i--
	}
	return i
}

// groupEnd moves j forward past the escape sequence that made byte j-1
// when j cuts it in two.
func (m *Mapping) groupEnd(j int) int {
	j = min(max(j, 0), len(m.Text))
	for j > 0 && j < len(m.Text) && m.Offsets[j-1] == m.Offsets[j] {
		j++
	}
	return j
}

// Offset maps a decoded offset to the file.
func (m *Mapping) Offset(i int) int { return m.Offsets[m.groupStart(i)] }

// Span maps a decoded span to the file, widened to whole escape sequences.
func (m *Mapping) Span(s fact.Span) fact.Span {
	if s.End <= s.Start {
		o := m.Offset(s.Start)
		return fact.Span{Start: o, End: o}
	}
	return fact.Span{Start: m.Offsets[m.groupStart(s.Start)], End: m.Offsets[m.groupEnd(s.End)]}
}

// Edit maps an edit of the decoded text to an edit of src: its span is
// widened to whole escape sequences, the decoded bytes that widening takes
// in are written again, and the new text is escaped for the host.
func (m *Mapping) Edit(src []byte, e fact.Edit) (fact.Edit, error) {
	a, b := min(max(e.Span.Start, 0), len(m.Text)), min(max(e.Span.End, 0), len(m.Text))
	if b < a {
		return fact.Edit{}, fmt.Errorf("nested: edit ends before it starts")
	}
	gs, ge := m.groupStart(a), m.groupEnd(b)
	if a == b {
		ge = m.groupEnd(a)
	}
	text := string(m.Text[gs:a]) + e.NewText + string(m.Text[b:ge])
	span := fact.Span{Start: m.Offsets[gs], End: m.Offsets[ge]}
	// bytes at the end that take no room in the file (the final line
	// break of a block scalar, which its chomping makes) stay as they are
	z := len(m.Text)
	for z > 0 && m.Offsets[z-1] == m.Offsets[len(m.Text)] {
		z--
	}
	if ge > z {
		tail := string(m.Text[z:])
		var ok bool
		if text, ok = strings.CutSuffix(text, tail); !ok {
			return fact.Edit{}, fmt.Errorf("this change would remove the final line break of the embedded file; edit it by hand")
		}
	}
	return m.Escape(text, src, span)
}

// ParseMapped runs kind k on decoded content as a file of its own named
// path, and adds its facts to into with every span mapped to the outer
// file through offsets (see Mapping). Renderers are wrapped: they render
// on the decoded text and their edits are mapped back and escaped for the
// host. Images are left to the caller, as with Parse. Parse errors land
// on the bytes they were found in.
func ParseMapped(into *fact.Facts, k fact.Kind, path string, decoded []byte, offsets []int, escape Escape, schema fact.Schema) []*fact.ParseError {
	m, err := NewMapping(decoded, offsets, escape)
	if err != nil {
		at := 0
		if len(offsets) > 0 {
			at = offsets[0]
		}
		return []*fact.ParseError{{Offset: at, Msg: err.Error()}}
	}
	f, errs := k.Parse(path, decoded, schema)
	for _, e := range errs {
		e.Offset = m.Offset(e.Offset)
	}
	if f != nil {
		out := m.Facts(f)
		out.Images = nil
		into.Merge(out)
	}
	return errs
}

// Facts is a copy of f, found in the decoded text, with every span mapped
// to the file and every renderer wrapped to edit the file.
func (m *Mapping) Facts(f *fact.Facts) *fact.Facts {
	t := &translation{
		settings: map[*fact.Setting]*fact.Setting{}, procs: map[*fact.Process]*fact.Process{},
		metrics: map[*fact.MetricRef]*fact.MetricRef{}, endpoints: map[*fact.Endpoint]*fact.Endpoint{},
		invocations: map[*fact.Invocation]*fact.Invocation{},
	}
	wrap := func(r fact.Renderer) fact.Renderer {
		if r == nil {
			return nil
		}
		return &renderer{m: m, inner: r, t: t}
	}
	out := &fact.Facts{}
	for _, p := range f.Processes {
		c := *p
		c.Anchor = m.Span(p.Anchor)
		c.Render = wrap(p.Render)
		c.Settings = nil
		t.procs[&c] = p
		out.Processes = append(out.Processes, &c)
	}
	outer := map[*fact.Process]*fact.Process{}
	for o, p := range t.procs {
		outer[p] = o
	}
	for i, p := range f.Processes {
		for _, s := range p.Settings {
			c := *s
			c.Span, c.NameSpan = m.Span(s.Span), m.Span(s.NameSpan)
			if s.HasValue || s.ValueSpan.Len() > 0 {
				c.ValueSpan = m.Span(s.ValueSpan)
			}
			if o, ok := outer[s.Process]; ok {
				c.Process = o
			} else if s.Process == nil {
				c.Process = nil
			} else {
				c.Process = out.Processes[i]
			}
			t.settings[&c] = s
			out.Processes[i].Settings = append(out.Processes[i].Settings, &c)
		}
	}
	for _, r := range f.Metrics {
		c := *r
		c.Span = m.Span(r.Span)
		c.Render = wrap(r.Render)
		t.metrics[&c] = r
		out.Metrics = append(out.Metrics, &c)
	}
	for _, e := range f.Endpoints {
		c := *e
		c.Span = m.Span(e.Span)
		c.Render = wrap(e.Render)
		t.endpoints[&c] = e
		out.Endpoints = append(out.Endpoints, &c)
	}
	for _, v := range f.Invocations {
		c := *v
		c.ProgramSpan = m.Span(v.ProgramSpan)
		c.Args = m.args(v.Args)
		c.Operands = m.args(v.Operands)
		c.Env = append([]fact.EnvVar(nil), v.Env...)
		for i := range c.Env {
			c.Env[i].Span = m.Span(c.Env[i].Span)
		}
		c.Flags = append([]fact.ClientFlag(nil), v.Flags...)
		for i := range c.Flags {
			c.Flags[i].Span = m.Span(c.Flags[i].Span)
		}
		c.Render = wrap(v.Render)
		t.invocations[&c] = v
		out.Invocations = append(out.Invocations, &c)
	}
	for _, im := range f.Images {
		c := *im
		c.Span, c.TagSpan = m.Span(im.Span), m.Span(im.TagSpan)
		out.Images = append(out.Images, &c)
	}
	for _, im := range f.Imports {
		c := *im
		c.Span = m.Span(im.Span)
		c.Calls = append([]fact.Call(nil), im.Calls...)
		for i := range c.Calls {
			c.Calls[i].Span = m.Span(c.Calls[i].Span)
		}
		out.Imports = append(out.Imports, &c)
	}
	for _, lp := range f.LogParsers {
		c := *lp
		c.Span = m.Span(lp.Span)
		out.LogParsers = append(out.LogParsers, &c)
	}
	for _, a := range f.AuthSwitches {
		c := *a
		c.Span = m.Span(a.Span)
		out.AuthSwitches = append(out.AuthSwitches, &c)
	}
	for _, v := range f.ClientEnv {
		v.Span = m.Span(v.Span)
		out.ClientEnv = append(out.ClientEnv, v)
	}
	return out
}

func (m *Mapping) args(in []fact.Arg) []fact.Arg {
	out := append([]fact.Arg(nil), in...)
	for i := range out {
		out[i].Span = m.Span(out[i].Span)
	}
	return out
}

// translation leads from the mapped facts the rules see back to the facts
// the inner kind found, which its renderers know.
type translation struct {
	settings    map[*fact.Setting]*fact.Setting
	procs       map[*fact.Process]*fact.Process
	metrics     map[*fact.MetricRef]*fact.MetricRef
	endpoints   map[*fact.Endpoint]*fact.Endpoint
	invocations map[*fact.Invocation]*fact.Invocation
}

func inner[T any](m map[*T]*T, p *T) *T {
	if p == nil {
		return nil
	}
	if q, ok := m[p]; ok {
		return q
	}
	return p
}

// renderer renders an intent on the decoded text with the inner kind's
// renderer and maps its edits to the file.
type renderer struct {
	m     *Mapping
	inner fact.Renderer
	t     *translation
}

func (r *renderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	in.Setting = inner(r.t.settings, in.Setting)
	in.Process = inner(r.t.procs, in.Process)
	in.Metric = inner(r.t.metrics, in.Metric)
	in.Endpoint = inner(r.t.endpoints, in.Endpoint)
	in.Invocation = inner(r.t.invocations, in.Invocation)
	edits, err := r.inner.Render(r.m.Text, in)
	if err != nil {
		return nil, err
	}
	out := make([]fact.Edit, 0, len(edits))
	for _, e := range edits {
		fe, err := r.m.Edit(src, e)
		if err != nil {
			return nil, err
		}
		out = append(out, fe)
	}
	return out, nil
}
