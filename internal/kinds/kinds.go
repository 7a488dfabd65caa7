// Package kinds is every file kind in classification order, and what the
// engine reads in every file whatever its kind.
package kinds

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/kinds/ansible"
	"github.com/etcdlint/etcdlint/internal/kinds/cloudinit"
	"github.com/etcdlint/etcdlint/internal/kinds/compose"
	"github.com/etcdlint/etcdlint/internal/kinds/dockerfile"
	"github.com/etcdlint/etcdlint/internal/kinds/envfile"
	"github.com/etcdlint/etcdlint/internal/kinds/etcdconfig"
	"github.com/etcdlint/etcdlint/internal/kinds/grafana"
	"github.com/etcdlint/etcdlint/internal/kinds/ignition"
	"github.com/etcdlint/etcdlint/internal/kinds/jsonnet"
	"github.com/etcdlint/etcdlint/internal/kinds/k8s"
	"github.com/etcdlint/etcdlint/internal/kinds/kubeadm"
	"github.com/etcdlint/etcdlint/internal/kinds/logpipeline"
	"github.com/etcdlint/etcdlint/internal/kinds/markdown"
	"github.com/etcdlint/etcdlint/internal/kinds/procfile"
	"github.com/etcdlint/etcdlint/internal/kinds/promrules"
	"github.com/etcdlint/etcdlint/internal/kinds/shell"
	"github.com/etcdlint/etcdlint/internal/kinds/source"
	"github.com/etcdlint/etcdlint/internal/kinds/supervisord"
	"github.com/etcdlint/etcdlint/internal/kinds/systemd"
	"github.com/etcdlint/etcdlint/internal/kinds/text"
	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/internal/syntax/template"
	"github.com/etcdlint/etcdlint/internal/syntax/yamlcmd"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// kinds is every file kind, in the order classification tries them: the
// more specific first.
var kinds = []fact.Kind{
	// By name: a runbook or a Dockerfile is never another kind.
	markdown.NewKind(nestedKinds{}),
	dockerfile.Kind,
	procfile.Kind,
	// By extension: application source is never another kind.
	source.NewKind(nestedKinds{}),
	// By markers: a log shipper config is never an etcd config.
	logpipeline.Kind,
	systemd.Kind,
	supervisord.Kind,
	cloudinit.NewKind(nestedKinds{}),
	// Before grafana: an Ignition config is JSON with an "ignition" marker.
	ignition.NewKind(nestedKinds{}),
	ansible.NewKind(nestedKinds{}),
	envfile.Kind,
	// Before any generic YAML kind: a rule file is never an etcd config.
	promrules.Kind,
	grafana.Kind,
	jsonnet.Kind,
	// Before k8s: kubeadm's ClusterConfiguration (and Cluster API's
	// embedding of it) gives etcd's flags; the file's other manifests
	// still go to the Kubernetes kind.
	kubeadm.NewKind(k8s.NewKind(nestedKinds{})),
	// Before etcdconfig: a manifest or compose file is never an etcd
	// config file; etcd config files inside ConfigMaps are handed on.
	k8s.NewKind(nestedKinds{}),
	compose.Kind,
	etcdconfig.Kind,
	shell.NewKind(nestedKinds{}),
	// Last: a file that mentions etcd and is no other kind is still read
	// line by line.
	text.Kind,
}

// nestedKinds classifies content embedded in another file with the same
// kinds. It is an interface value so that kinds can refer to Classify
// without an initialization cycle.
type nestedKinds struct{}

func (nestedKinds) Classify(p string, src []byte) fact.Kind {
	k := Classify(p, src)
	if k == text.Kind && yamlName(p) {
		return embeddedYAML{}
	}
	return k
}

// embeddedYAML is YAML held by another file (a script's here-document, a
// Markdown block, a ConfigMap value) that no kind claims: read as the engine
// reads such a file on its own, line by line and for the platform
// configurations (an RKE2 config.yaml's etcd-arg) and etcd key sets at any
// depth that the engine looks for in every YAML file.
type embeddedYAML struct{}

func (embeddedYAML) Name() string              { return "yaml" }
func (embeddedYAML) Match(string, []byte) bool { return false }

func (embeddedYAML) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts, errs := text.Kind.Parse(p, src, schema)
	yamlScans(facts, src, schema, settingSpans(facts))
	return facts, errs
}

// Names returns the names of the file kinds, for --help and docs.
func Names() []string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.Name())
	}
	return out
}

// ByName returns the file kind with the given name, or nil.
func ByName(name string) fact.Kind {
	for _, k := range kinds {
		if k.Name() == name {
			return k
		}
	}
	return nil
}

// Classify picks the file kind of a file from its path and content, or nil.
func Classify(path string, src []byte) fact.Kind {
	for _, k := range kinds {
		if k.Match(path, src) {
			return k
		}
	}
	return nil
}

// Extract runs the kind's parser, then the scans that hold for every kind:
// etcd builds pinned anywhere, etcd key sets at any depth of a YAML file,
// and a line scan of the lines a failed parse left unread.
func Extract(k fact.Kind, path string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts, perrs := k.Parse(path, src, schema)
	// etcd builds are pinned the same way in every kind of file; a kind
	// that read a pin in its own syntax (a values file's image map) keeps it
	for _, img := range image.Scan(src) {
		if text.CommentAt(src, img.Span.Start) {
			continue // a version someone tested once and commented out
		}
		if !slices.ContainsFunc(facts.Images, func(o *fact.Image) bool { return o.Span.Overlaps(img.Span) }) {
			facts.Images = append(facts.Images, img)
		}
	}
	if k.Name() != etcdconfig.Kind.Name() && (k == text.Kind || yamlName(path)) {
		read := settingSpans(facts)
		if k == text.Kind {
			// YAML no kind claims (an old compose file, a CI file): its
			// command vectors and strings, before the line scan's guesses
			cmds := yamlcmd.Commands(src, schema, read)
			facts = merged(cmds, facts, src)
			read = append(read, settingSpans(cmds)...)
		}
		yamlScans(facts, src, schema, read)
	}
	switch {
	case len(perrs) > 0 && k != text.Kind:
		degrade(facts, text.Scan(src, nil, schema), src)
	case !proseOrCode[k.Name()] && k != text.Kind:
		// an etcd URL, metric name or client run outside what the kind
		// reads (a compose healthcheck, a probe's shell string)
		scanned := text.Scan(src, nil, schema)
		scanned.Processes = nil // the kind knows which processes are etcd
		degrade(facts, scanned, src)
	}
	optionVariables(facts, src, schema)
	return facts, perrs
}

// optionsAssign is a quoted assignment of an options variable in shell
// syntax, or an append to one (ETCD_OPTS="$ETCD_OPTS -peers ${P}").
var optionsAssign = regexp.MustCompile(`(?:^|[;&|\s])(?:export[ \t]+)?(` + optionsNames + `)\+?=(["'])`)

// maxQuoted bounds the search for the end of an assigned value, so that a
// file of unclosed quotes costs its size once per assignment at most this.
const maxQuoted = 16 << 10

// assignedOptions reads the options variables a file assigns in shell
// syntax that its kind did not read as settings (a sourced sysconfig
// file, a script read as text, an ERB template of one): the flags of each
// quoted value, after a reference to the variable itself, are a process
// of their own. vars are the options variables read already.
func assignedOptions(facts *fact.Facts, src []byte, schema fact.Schema, vars []*fact.Setting, read []fact.Span) {
	if !bytes.Contains(src, []byte("ETCD_")) || !optionsAssign.Match(src) {
		return
	}
	masked := template.Mask(src).Src // ERB or Jinja statements inside the value read as blanks
	for _, m := range optionsAssign.FindAllSubmatchIndex(masked, -1) {
		name := fact.Span{Start: m[2], End: m[3]}
		if slices.ContainsFunc(vars, func(s *fact.Setting) bool { return s.Span.Overlaps(name) }) {
			continue
		}
		quote, start := masked[m[4]], m[5]
		limit := min(len(masked), start+maxQuoted)
		end := start
		for end < limit && (masked[end] != quote || masked[end-1] == '\\' && quote == '"') {
			end++
		}
		if end == limit || slices.ContainsFunc(read, func(sp fact.Span) bool { return start <= sp.Start && sp.End <= end }) {
			continue // unclosed, or a command of this file passes it on, read there
		}
		words := cmdline.Fields(masked, start, end)
		self := string(masked[m[2]:m[3]])
		for len(words) > 0 && (words[0].Value == "$"+self || words[0].Value == "${"+self+"}") {
			words = words[1:] // an append: the flags after the value so far
		}
		if proc := optionsProcess(words, self, schema); proc != nil {
			facts.Processes = append(facts.Processes, proc)
		}
	}
}

// optionsVariable names a variable that holds etcd's command-line options
// for a unit or script to pass on.
var optionsVariable = regexp.MustCompile(`^(?:` + optionsNames + `)$`)

// optionsNames are the names of variables that hold etcd's options.
const optionsNames = `ETCD_(?:OPTS|OPTIONS|ARGS|EXTRA_ARGS|EXTRA_OPTS|FLAGS|PARAMETERS|PARAMS|CMD_ARGS|ARGUMENTS)`

// optionVariables reads the flags such a variable holds (ETCD_OPTS="--name
// n1 --debug") where nothing in the file passes it to etcd: the unit or
// script that does is elsewhere, and the flags are etcd's all the same.
func optionVariables(facts *fact.Facts, src []byte, schema fact.Schema) {
	var vars []*fact.Setting
	for _, s := range facts.Settings() {
		if s.Surface == fact.Env && optionsVariable.MatchString(s.Raw) {
			vars = append(vars, s)
		}
	}
	read := settingSpans(facts)
	for _, s := range vars {
		vs := s.ValueSpan
		if vs.End-vs.Start >= 2 && vs.End <= len(src) && (src[vs.Start] == '"' || src[vs.Start] == '\'') && src[vs.End-1] == src[vs.Start] {
			vs = fact.Span{Start: vs.Start + 1, End: vs.End - 1} // inside its quotes
		}
		if vs.End <= vs.Start || vs.End > len(src) || string(src[vs.Start:vs.End]) != s.Value {
			continue // no value, or one written with escapes: its words have no place
		}
		if slices.ContainsFunc(read, func(sp fact.Span) bool { return sp != s.Span && vs.Start <= sp.Start && sp.End <= vs.End }) {
			continue // a unit or script of this file passes it on, read there
		}
		if proc := optionsProcess(cmdline.Fields(src, vs.Start, vs.End), s.Raw, schema); proc != nil {
			facts.Processes = append(facts.Processes, proc)
		}
	}
	assignedOptions(facts, src, schema, vars, read)
}

// optionsProcess is the process of the flags an options variable holds,
// anchored at its flags (the variable is a setting of its own process);
// nil when words are no flags of etcd's.
func optionsProcess(words []cmdline.Word, via string, schema fact.Schema) *fact.Process {
	if len(words) == 0 || !strings.HasPrefix(words[0].Value, "-") {
		return nil
	}
	proc := &fact.Process{Form: fact.CommandLine, Anchor: words[0].Span, Partial: true, Via: via}
	cmdline.Parse(proc, words, schema)
	if len(proc.Settings) == 0 {
		return nil
	}
	proc.Render = &cmdline.Renderer{InsertAt: words[len(words)-1].Span.End}
	return proc
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
