package lint

import (
	"path"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/kinds/etcdconfig"
	"github.com/etcdlint/etcdlint/internal/kinds/kubeadm"
	"github.com/etcdlint/etcdlint/internal/kinds/text"
	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlcmd"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// Facts classifies doc and returns what its file kind extracts, without
// running the rules (etcdlint verify boots the processes it finds). It
// returns nil facts when no file kind claims the document.
func (e *Engine) Facts(doc Document) (*fact.Facts, []FileError) {
	k := e.kind(doc)
	if k == nil {
		return nil, nil
	}
	facts, perrs := e.extract(k, doc)
	lines := fact.NewLines(doc.Src)
	var errs []FileError
	for _, pe := range perrs {
		line, col := lines.Position(pe.Offset)
		errs = append(errs, FileError{Path: doc.Path, Line: line, Column: col, Msg: pe.Msg})
	}
	return facts, errs
}

// kind is the file kind of doc: forced by the options, else classified.
func (e *Engine) kind(doc Document) fact.Kind {
	if e.opts.KindFor != nil {
		if k := e.opts.KindFor(doc.Path); k != nil {
			return k
		}
	}
	return Classify(doc.Path, doc.Src)
}

// extract runs the kind's parser, then the scans that hold for every kind:
// etcd builds pinned anywhere, etcd key sets at any depth of a YAML file,
// and a line scan of the lines a failed parse left unread.
func (e *Engine) extract(k fact.Kind, doc Document) (*fact.Facts, []*fact.ParseError) {
	facts, perrs := k.Parse(doc.Path, doc.Src, e.catalog)
	// etcd builds are pinned the same way in every kind of file; a kind
	// that read a pin in its own syntax (a values file's image map) keeps it
	for _, img := range image.Scan(doc.Src) {
		if text.CommentAt(doc.Src, img.Span.Start) {
			continue // a version someone tested once and commented out
		}
		if !slices.ContainsFunc(facts.Images, func(o *fact.Image) bool { return o.Span.Overlaps(img.Span) }) {
			facts.Images = append(facts.Images, img)
		}
	}
	if k.Name() != etcdconfig.Kind.Name() && (k == text.Kind || yamlName(doc.Path)) {
		read := settingSpans(facts)
		if k == text.Kind {
			// YAML no kind claims (an old compose file, a CI file): its
			// command vectors and strings, before the line scan's guesses
			cmds := yamlcmd.Commands(doc.Src, e.catalog, read)
			facts = merged(cmds, facts, doc.Src)
			read = append(read, settingSpans(cmds)...)
		}
		yamlScans(facts, doc.Src, e.catalog, read)
	}
	switch {
	case len(perrs) > 0 && k != text.Kind:
		degrade(facts, text.Scan(doc.Src, nil, e.catalog), doc.Src)
	case !proseOrCode[k.Name()] && k != text.Kind:
		// an etcd URL, metric name or client run outside what the kind
		// reads (a compose healthcheck, a probe's shell string)
		scanned := text.Scan(doc.Src, nil, e.catalog)
		scanned.Processes = nil // the kind knows which processes are etcd
		degrade(facts, scanned, doc.Src)
	}
	return facts, perrs
}

// yamlScans adds to facts what the engine looks for in every YAML file:
// the configurations of platforms and installers that start etcd (k3s,
// RKE, Talos, kOps, the etcd operators, Patroni), then etcd key sets at any
// depth. read are the spans of the settings read already.
func yamlScans(facts *fact.Facts, src []byte, schema fact.Schema, read []fact.Span) {
	dist := kubeadm.Distributions(src, schema, read)
	dist.Images = slices.DeleteFunc(dist.Images, func(img *fact.Image) bool {
		return slices.ContainsFunc(facts.Images, func(o *fact.Image) bool { return o.Span.Overlaps(img.Span) })
	})
	facts.Merge(dist)
	read = append(read, settingSpans(dist)...)
	facts.Processes = append(facts.Processes, etcdconfig.Nested(src, schema, read)...)
}

// settingSpans are the spans of the settings of f.
func settingSpans(f *fact.Facts) []fact.Span {
	var out []fact.Span
	for _, s := range f.Settings() {
		out = append(out, s.Span)
	}
	return out
}

// proseOrCode are the kinds that tell prose and comments from what runs:
// their paths and metric names are all theirs to report.
var proseOrCode = map[string]bool{"markdown": true, "source": true}

// merged is first with the facts of second on the lines first has none on.
func merged(first, second *fact.Facts, src []byte) *fact.Facts {
	if len(first.Processes)+len(first.Invocations)+len(first.Endpoints) == 0 {
		return second
	}
	out := &fact.Facts{}
	out.Merge(first)
	out.Images = second.Images
	degrade(out, second, src)
	return out
}

// yamlName reports a file named as YAML, also as a template or a sample
// (values.yaml.tpl, etcd.yml.sample).
func yamlName(p string) bool {
	base := path.Base(p)
	return strings.Contains(base, ".yml") || strings.Contains(base, ".yaml")
}

// degrade adds the line scan's facts on the lines where the kind found
// nothing: the part of the file its parser could not read.
func degrade(facts, scanned *fact.Facts, src []byte) {
	lines := fact.NewLines(src)
	line := func(sp fact.Span) int { l, _ := lines.Position(sp.Start); return l }
	seen := map[int]bool{}
	for _, s := range facts.Settings() {
		seen[line(s.Span)] = true
	}
	for _, sp := range spansOf(facts) {
		seen[line(sp)] = true
	}
	fresh := func(sp fact.Span) bool { return sp.Start >= 0 && !seen[line(sp)] }
	facts.Processes = appendFresh(facts.Processes, scanned.Processes, fresh, func(p *fact.Process) fact.Span {
		if len(p.Settings) == 0 {
			return fact.Span{Start: -1, End: -1}
		}
		return p.Settings[0].Span
	})
	facts.Invocations = appendFresh(facts.Invocations, scanned.Invocations, fresh, func(v *fact.Invocation) fact.Span { return v.ProgramSpan })
	facts.Endpoints = appendFresh(facts.Endpoints, scanned.Endpoints, fresh, func(e *fact.Endpoint) fact.Span { return e.Span })
	facts.Metrics = appendFresh(facts.Metrics, scanned.Metrics, fresh, func(m *fact.MetricRef) fact.Span { return m.Span })
	facts.ClientEnv = appendFresh(facts.ClientEnv, scanned.ClientEnv, fresh, func(v fact.EnvVar) fact.Span { return v.Span })
}

// spansOf are where the client, path, metric and variable facts are.
func spansOf(f *fact.Facts) []fact.Span {
	var out []fact.Span
	for _, v := range f.Invocations {
		out = append(out, v.ProgramSpan)
		for _, a := range v.Args {
			out = append(out, a.Span) // a run whose program an alias names is on other lines
		}
	}
	for _, e := range f.Endpoints {
		out = append(out, e.Span)
	}
	for _, m := range f.Metrics {
		out = append(out, m.Span)
	}
	for _, v := range f.ClientEnv {
		out = append(out, v.Span)
	}
	return out
}

// appendFresh appends the items of src whose span keep accepts.
func appendFresh[T any](dst, src []T, keep func(fact.Span) bool, span func(T) fact.Span) []T {
	for _, it := range src {
		if keep(span(it)) {
			dst = append(dst, it)
		}
	}
	return dst
}
