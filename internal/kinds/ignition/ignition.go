// Package ignition is the file kind for Ignition configs (.ign, or JSON
// with an "ignition": {"version": …} object): the contents of systemd
// units and drop-ins, which are JSON strings, and of storage files written
// as data: URLs (percent-encoded), each read as the kind of file it writes
// with offsets mapped back through the escapes. Base64 and compressed
// contents, and remote sources, are not read.
package ignition

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/internal/syntax/jsonpos"
	"github.com/etcdlint/etcdlint/internal/syntax/nested"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// NewKind returns the kind; kinds classifies the files a config writes by
// their path and content.
func NewKind(kinds fact.Classifier) fact.Kind { return kind{kinds: kinds} }

type kind struct{ kinds fact.Classifier }

func (kind) Name() string { return "ignition" }

// An Ignition config has an "ignition" object with its spec version,
// which may follow the object's "config", "security" or "timeouts"
// members. (One regexp with .{0,1000} between them took 10 ms to compile,
// a fifth of the program's start.)
var (
	ignitionObject = regexp.MustCompile(`"ignition"\s*:\s*\{`)
	specVersion    = regexp.MustCompile(`"version"\s*:\s*"[0-9]`)
)

// hasMarker reports whether src declares an Ignition spec version within
// the first 1000 bytes of an "ignition" object.
func hasMarker(src []byte) bool {
	for _, loc := range ignitionObject.FindAllIndex(src, -1) {
		window := src[loc[1]:min(len(src), loc[1]+2000)]
		if v := specVersion.FindIndex(window); v != nil && v[0] <= 1000 {
			return true
		}
	}
	return false
}

func (kind) Match(p string, src []byte) bool {
	switch path.Ext(p) {
	case ".ign":
		return true
	case ".json":
		return hasMarker(src)
	case "", ".sample", ".example", ".tmpl", ".tpl", ".j2", ".in", ".dist":
		// names lie (config.ign.sample, an ignition file with no
		// extension): a JSON object that declares an Ignition version is one
		return bytes.HasPrefix(bytes.TrimLeft(src, " \t\r\n"), []byte("{")) && hasMarker(src)
	}
	return false
}

// parse holds what one Parse call builds.
type parse struct {
	kinds  fact.Classifier
	src    []byte
	schema fact.Schema
	facts  *fact.Facts
	errs   []*fact.ParseError
}

func (k kind) Parse(_ string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	p := &parse{kinds: k.kinds, src: src, schema: schema, facts: &fact.Facts{Images: image.Scan(src)}}
	root, err := jsonpos.Parse(src)
	if err != nil {
		return p.facts, []*fact.ParseError{{Offset: err.Offset, Msg: "invalid Ignition JSON: " + err.Msg}}
	}
	const unitDir = "/etc/systemd/system/"
	for _, u := range root.Get("systemd").Get("units").Items() {
		name, ok := p.text(u.Get("name"))
		if !ok || name.Value == "" || strings.Contains(name.Value, "/") {
			continue
		}
		p.content(unitDir+name.Value, u.Get("contents"), false)
		for _, d := range u.Get("dropins").Items() {
			if dn, ok := p.text(d.Get("name")); ok && dn.Value != "" && !strings.Contains(dn.Value, "/") {
				p.content(unitDir+name.Value+".d/"+dn.Value, d.Get("contents"), false)
			}
		}
	}
	for _, f := range root.Get("storage").Get("files").Items() {
		fp, ok := p.text(f.Get("path"))
		if !ok || !strings.HasPrefix(fp.Value, "/") {
			continue
		}
		for _, c := range append([]*jsonpos.Value{f.Get("contents")}, f.Get("append").Items()...) {
			if comp, _ := p.text(c.Get("compression")); comp != nil && comp.Value != "" {
				continue
			}
			p.content(fp.Value, c.Get("source"), true)
		}
	}
	return p.facts, p.errs
}

// text decodes a string value; a bad escape is reported.
func (p *parse) text(v *jsonpos.Value) (*jsonpos.Str, bool) {
	if v == nil || v.Kind != '"' {
		return nil, false
	}
	s, ok := jsonpos.String(p.src, v)
	if !ok {
		p.errs = append(p.errs, &fact.ParseError{Offset: v.Start, Msg: "invalid escape in Ignition JSON string"})
	}
	return s, ok
}

// content reads the file the string v writes at name: the string itself,
// or for a storage file the data: URL it holds.
func (p *parse) content(name string, v *jsonpos.Value, dataURL bool) {
	s, ok := p.text(v)
	if !ok || p.kinds == nil {
		return
	}
	text, offsets, escape := []byte(s.Value), s.Offsets, nested.Escape(nested.JSONString)
	if dataURL {
		var ok bool
		text, offsets, ok = p.data(s, v.Start)
		if !ok {
			return
		}
		escape = nested.Percent(nested.JSONString)
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return
	}
	if m, err := nested.NewMapping(text, offsets, escape); err == nil {
		// an image reference hidden by escapes (%2F) is found in the
		// decoded text; one written as is, in the file
		for _, im := range m.Facts(&fact.Facts{Images: image.Scan(text)}).Images {
			if !p.hasImage(im.Span) {
				p.facts.Images = append(p.facts.Images, im)
			}
		}
	}
	inner := p.kinds.Classify(name, text)
	if inner == nil || inner.Name() == "ignition" {
		return
	}
	p.errs = append(p.errs, nested.ParseMapped(p.facts, inner, name, text, offsets, escape, p.schema)...)
}

func (p *parse) hasImage(span fact.Span) bool {
	for _, im := range p.facts.Images {
		if im.Span == span {
			return true
		}
	}
	return false
}

// data decodes a data: URL without base64 (RFC 2397): the bytes after the
// comma, %XX escapes decoded, with the file offset of each.
func (p *parse) data(s *jsonpos.Str, at int) ([]byte, []int, bool) {
	rest, ok := strings.CutPrefix(s.Value, "data:")
	if !ok {
		return nil, nil, false // a remote source
	}
	meta, _, ok := strings.Cut(rest, ",")
	if !ok {
		p.errs = append(p.errs, &fact.ParseError{Offset: at, Msg: "data: URL without a comma"})
		return nil, nil, false
	}
	if strings.HasSuffix(strings.ToLower(meta), ";base64") {
		return nil, nil, false
	}
	var out []byte
	var offs []int
	for j := len("data:") + len(meta) + 1; j < len(s.Value); j++ {
		c := s.Value[j]
		if c == '%' {
			if j+2 >= len(s.Value) || unhex(s.Value[j+1]) < 0 || unhex(s.Value[j+2]) < 0 {
				p.errs = append(p.errs, &fact.ParseError{Offset: s.Offsets[j], Msg: "invalid %-escape in data: URL"})
				return nil, nil, false
			}
			c = byte(unhex(s.Value[j+1])<<4 | unhex(s.Value[j+2]))
			out = append(out, c)
			offs = append(offs, s.Offsets[j])
			j += 2
			continue
		}
		out = append(out, c)
		offs = append(offs, s.Offsets[j])
	}
	return out, append(offs, s.Offsets[len(s.Value)]), true
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
