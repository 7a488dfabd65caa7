// Package fact holds the small vocabulary that file kinds and rules share:
// byte spans, the facts a file kind extracts, and the intents a rule states.
// File kinds know syntax and nothing about etcd versions; rules know etcd
// versions and nothing about syntax. They meet only here.
package fact

import (
	"fmt"
	"slices"
	"strings"
)

// Span is a half-open byte range [Start, End) in the original file.
type Span struct{ Start, End int }

// Len is the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Overlaps reports whether s and o share a byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Shift moves the span by delta bytes; used when nested content is mapped
// back into its outer file.
func (s Span) Shift(delta int) Span { return Span{s.Start + delta, s.End + delta} }

// Edit replaces the bytes of Span with NewText.
type Edit struct {
	Span    Span
	NewText string
}

// Surface is where a setting is written.
type Surface int

const (
	// Flag is a command-line flag of an etcd invocation.
	Flag Surface = iota
	// Env is an ETCD_* environment variable.
	Env
	// ConfigKey is a key of etcd's YAML --config-file.
	ConfigKey
)

func (s Surface) String() string {
	switch s {
	case Flag:
		return "flag"
	case Env:
		return "env"
	case ConfigKey:
		return "key"
	}
	return fmt.Sprintf("surface(%d)", int(s))
}

// Noun is how messages name a setting on this surface.
func (s Surface) Noun() string {
	switch s {
	case Env:
		return "environment variable"
	case ConfigKey:
		return "config-file key"
	}
	return "flag"
}

// Setting is one etcd server setting, whatever surface carries it.
type Setting struct {
	// Name is the canonical flag name without dashes ("log-output"),
	// also for env vars and config keys.
	Name    string
	Surface Surface
	// Raw is the name as written: "--log-output", "ETCD_LOG_OUTPUT", "log-output".
	Raw string
	// Span covers the whole item: "--log-output=stderr", "--log-output stderr",
	// "ETCD_LOG_OUTPUT=stderr", "log-output: [stderr]".
	Span Span
	// NameSpan covers the name only, without dashes: "log-output", "ETCD_LOG_OUTPUT".
	NameSpan Span
	// Value is the decoded value; HasValue is false for a bare boolean flag.
	Value    string
	HasValue bool
	// ValueSpan covers the value as written (quotes included); empty when
	// HasValue is false. For a config key whose value is a list, it covers the
	// whole list and Value joins the items with commas.
	ValueSpan Span
	// Templated is true when the value contains template markup ({{ }}, ${X}),
	// so its decoded text is not the value etcd will see.
	Templated bool
	// YAMLType is how YAML 1.1, as etcd's config loader reads it, types a
	// config-file value: "str", "int", "float", "bool", "null", "seq",
	// "map" (a quoted scalar is "str"); empty on other surfaces.
	YAMLType string
	// Process is the etcd process this setting configures.
	Process *Process
	// Branches are the template conditionals' branches that hold the
	// setting, when the file is a template.
	Branches []Branch
}

// Branch is one branch of a template conditional: Block numbers the
// conditional in its file, Arm the branch in it ({% if %} 0, {% elif %}
// 1, {% else %} 2). Repeats is true when a loop holds the conditional.
type Branch struct {
	Block, Arm int
	Repeats    bool
}

// RendersWith reports whether s is in every rendering of its file that
// holds o: every template branch that holds s holds o too.
func (s *Setting) RendersWith(o *Setting) bool {
	for _, a := range s.Branches {
		if !slices.Contains(o.Branches, a) {
			return false
		}
	}
	return true
}

// Excludes reports whether s and o are written in different branches of
// one conditional, so that a rendering of the file holds one of them only
// (not in a loop, whose turns may take different branches).
func (s *Setting) Excludes(o *Setting) bool {
	for _, a := range s.Branches {
		for _, b := range o.Branches {
			if a.Block == b.Block && a.Arm != b.Arm && !a.Repeats {
				return true
			}
		}
	}
	return false
}

// Form is the shape of the configuration a process comes from.
type Form int

const (
	// CommandLine is an etcd invocation, possibly with environment from the
	// same unit or script.
	CommandLine Form = iota
	// EnvFile is a file of ETCD_* variables whose command line is elsewhere.
	EnvFile
	// ConfigFile is an etcd YAML --config-file.
	ConfigFile
)

// Process is one etcd process's configuration as far as one file shows it:
// the flags of a command line, the environment it runs with, or a config file.
type Process struct {
	Form Form
	// Anchor is where findings about the process as a whole point: the etcd
	// command word, or the start of a config file.
	Anchor Span
	// UnderSystemd is true when systemd starts the process (PPID 1), which
	// decides where etcd 3.4 sent logs with log-outputs=default.
	UnderSystemd bool
	// Partial is true when settings may also come from somewhere the file
	// does not show (EnvironmentFile=, "$@", an env file sourced at run
	// time), so rules about unset settings stay quiet.
	Partial bool
	// Via names the variable that holds these flags when the command line
	// that passes it to etcd is not in the file (ETCD_OPTS of an
	// /etc/default file or a drop-in).
	Via string
	// Subcommand is the first argument when it is not a flag ("etcd
	// grpc-proxy", "etcd gateway", "etcd help"): no server runs.
	Subcommand string
	Settings   []*Setting
	// Render turns an intent on this process or its settings into edits.
	Render Renderer

	// byName indexes Settings for Lookup; indexed is how many settings it
	// holds, so appending later rebuilds it.
	byName  map[string][]*Setting
	indexed int
}

// Lookup returns the settings of the process with the given canonical name.
// Rules look up names once per setting: an index keeps a file of thousands
// of settings linear.
func (p *Process) Lookup(name string) []*Setting {
	if p.byName == nil || p.indexed != len(p.Settings) {
		p.byName = make(map[string][]*Setting, len(p.Settings))
		for _, s := range p.Settings {
			p.byName[s.Name] = append(p.byName[s.Name], s)
		}
		p.indexed = len(p.Settings)
	}
	return slices.Clone(p.byName[name])
}

// Has reports whether the process sets name on any surface.
func (p *Process) Has(name string) bool { return len(p.Lookup(name)) > 0 }

// Facts is everything a file kind found in one file.
type Facts struct {
	Processes []*Process
	Metrics   []*MetricRef
	Images    []*Image
	// Endpoints are HTTP paths requested (or described) in the file.
	Endpoints []*Endpoint
	// Invocations are client programs run: etcdctl, etcdutl, curl, wget, http.
	Invocations []*Invocation
	// Imports are etcd client libraries a source file imports.
	Imports []*Import
	// LogParsers are patterns that read etcd's log lines.
	LogParsers []*LogParser
	// AuthSwitches are places that turn etcd's authentication on other
	// than "etcdctl auth enable" and the auth settings.
	AuthSwitches []*AuthSwitch
	// ClientEnv are ETCDCTL_* variables the file sets for the etcdctl runs
	// it holds or documents (an export, an env file line, a task's
	// environment), not the prefix assignment of one command.
	ClientEnv []EnvVar
}

// AuthSwitch is a value that makes a deployment turn etcd's
// authentication on: the Bitnami chart's auth.rbac.enabled (or create):
// true, with which the chart's setup runs "etcdctl auth enable".
type AuthSwitch struct {
	// What is the setting as written: "auth.rbac.create: true".
	What string
	Span Span
}

// ImageSource is how a file pins the etcd build it runs.
type ImageSource int

const (
	// ContainerImage is an image reference: quay.io/coreos/etcd:v3.3.12.
	ContainerImage ImageSource = iota
	// Download is a release tarball: etcd-v3.3.18-linux-amd64.tar.gz.
	Download
	// PackagePin is a distribution package pinned to a version: etcd=3.3.*.
	PackagePin
	// VersionVar is a variable that feeds a release download: ETCD_VER=v3.3.10.
	VersionVar
	// Distribution is a release of a platform that runs the etcd it bundles:
	// kubeadm's kubernetesVersion, a k3s or rke2 release. Repository names
	// the platform ("kubeadm", "k3s", "rke2"); Tag is its version, not etcd's.
	Distribution
	// SourceBuild is etcd built from its repository at a release tag: git
	// clone -b v3.4.3 …/etcd-io/etcd, a Homebrew formula's url and tag.
	SourceBuild
)

// Image is a reference to a build of etcd that a file runs or installs: a
// container image with its tag, a release download, a package pin.
type Image struct {
	Source ImageSource
	// Ref is the reference as written: "quay.io/coreos/etcd:v3.3.12",
	// "etcd-v3.3.18-linux-amd64.tar.gz", "etcd=3.3.*", "ETCD_VER=v3.3.10".
	Ref string
	// Repository is the image without its tag ("quay.io/coreos/etcd"); for
	// downloads, pins and variables it is "etcd"; for a Distribution, the
	// platform.
	Repository string
	// Tag is the version part as written: "v3.3.12", "3.3.15-0", "3.3.*".
	Tag string
	// Span covers Ref; TagSpan covers Tag.
	Span, TagSpan Span
}

// Classifier picks the file kind of nested content (a Markdown code block,
// a cloud-init write_files entry) from a path and the content.
type Classifier interface {
	Classify(path string, src []byte) Kind
}

// MetricUse is how an expression names a metric.
type MetricUse int

const (
	// Selector is a plain series selector: etcd_mvcc_put_total{job="etcd"}.
	Selector MetricUse = iota
	// NameMatcher is an equality matcher on the name: {__name__="x"}.
	NameMatcher
	// NameRegex is a regex on the name: {__name__=~"etcd_debugging_.*"};
	// Name holds the regex.
	NameRegex
	// RecordedName is the name a recording rule writes (record: x).
	RecordedName
)

// MetricRef is a metric name used in PromQL, a dashboard or a mixin.
type MetricRef struct {
	Name string
	// Span covers exactly the name token in the file (for NameRegex, the
	// regex text), so a rename replaces nothing else.
	Span Span
	Use  MetricUse
	// Context names where the expression lives, for messages:
	// "alert: EtcdNoLeader", "record: job:x:rate5m", "panel: DB size".
	Context string
	// InAbsent is true inside absent() or absent_over_time(), where a
	// vanished series makes the expression true instead of empty.
	InAbsent bool
	// Render turns a rename of this reference into edits.
	Render Renderer
}

// Endpoint is an HTTP path used against etcd: a curl URL, a probe path, a
// string literal in source code.
type Endpoint struct {
	// Path is the path as used, without scheme, host, query or fragment.
	Path string
	// Span covers exactly the path in the file.
	Span Span
	// Method is the HTTP method when known ("PUT"), else empty.
	Method string
	// Context names where the path is used, for messages: "curl",
	// "httpGet probe", "string literal".
	Context string
	// InComment is true for a path in a comment: described, not requested.
	InComment bool
	// Instead is what to write in this file's own terms when the path is a
	// setting's effect, not text (a collector's mode): "use the metrics
	// metricset". Empty for the rule's general advice.
	Instead string
	// Render turns a rewrite of the path into edits; nil when the path is
	// not written byte for byte in the file (escapes, line continuations).
	Render Renderer
	// Address is set, and Path empty, for a server address a client is
	// pointed at rather than a request: one item of etcdctl --endpoints,
	// ETCDCTL_ENDPOINTS or kube-apiserver --etcd-servers, as written
	// ("https://10.0.0.1:2379", "10.0.0.1:2379"). Span covers it.
	Address string
}

// Arg is one argument of an invocation, decoded.
type Arg struct {
	Value string
	Span  Span
	// Dynamic is true when the value holds expansions or template markup.
	Dynamic bool
}

// ClientFlag is a flag of a client invocation ("--data-dir=/x", "-d x").
type ClientFlag struct {
	// Name is without dashes: "data-dir", "X".
	Name     string
	Value    string
	HasValue bool
	// Span covers the flag and its value, also when they are two words.
	Span Span
	// ValueApart is true when the value is a variable's, written where the
	// variable is set: Span is then the flag alone.
	ValueApart bool
}

// EnvVar is an environment variable in effect for an invocation: a prefix
// assignment, an env or sudo operand, or an earlier export.
type EnvVar struct {
	Name, Value string
	// Span covers the assignment.
	Span Span
}

// Invocation is a client program run with its arguments and environment.
type Invocation struct {
	// Program is the base name: "etcdctl", "etcdutl", "curl", "wget", "http".
	Program string
	// ProgramSpan covers the program word as written ("/usr/bin/etcdctl").
	ProgramSpan Span
	// Args are the words after the program.
	Args []Arg
	// Env holds the ETCDCTL_* variables in effect, last one wins.
	Env []EnvVar
	// Operands are the arguments that are neither flags nor flag values:
	// the command path of etcdctl/etcdutl ("snapshot", "restore") and its
	// arguments; the URLs of curl.
	Operands []Arg
	Flags    []ClientFlag
	// Render turns intents on the invocation into edits.
	Render Renderer
}

// Flag returns the invocation's last flag with the given name.
func (v *Invocation) Flag(name string) (ClientFlag, bool) {
	for i := len(v.Flags) - 1; i >= 0; i-- {
		if v.Flags[i].Name == name {
			return v.Flags[i], true
		}
	}
	return ClientFlag{}, false
}

// Command joins the first n operands ("snapshot restore") and returns the
// span they cover; ok is false when there are fewer or one is dynamic.
func (v *Invocation) Command(n int) (cmd string, span Span, ok bool) {
	ops := v.Operands
	for len(ops) > 0 && ops[0].Dynamic && strings.HasPrefix(ops[0].Value, "$") && !strings.ContainsAny(ops[0].Value, "/ ") {
		ops = ops[1:] // "${ETCDCTL_OPTS[@]}": options expanded before the command
	}
	if n < 1 || len(ops) < n {
		return "", Span{}, false
	}
	words := make([]string, n)
	for i, a := range ops[:n] {
		if a.Dynamic {
			return "", Span{}, false
		}
		words[i] = a.Value
	}
	return strings.Join(words, " "), Span{Start: ops[0].Span.Start, End: ops[n-1].Span.End}, true
}

// Getenv returns the variable in effect with the given name.
func (v *Invocation) Getenv(name string) (EnvVar, bool) {
	for i := len(v.Env) - 1; i >= 0; i-- {
		if v.Env[i].Name == name {
			return v.Env[i], true
		}
	}
	return EnvVar{}, false
}

// Import is an etcd client library a source file imports ("import etcd",
// "go.etcd.io/etcd/client/v2").
type Import struct {
	// Path is the module, package or gem name as written, without quotes.
	Path string
	Span Span
	// Lang is the source language: "go", "python", "js", "java", "ruby", "php".
	Lang string
	// Calls are the calls in the same file through the name this import
	// binds ("etcd.Client(" after "import etcd", "Client(" after "from
	// etcd import Client", "client.New(" after a Go import of package client).
	Calls []Call
	// Implied is true when the file uses the library without importing it
	// (Ruby requires a gem once, in another file): Span is its first use.
	Implied bool
	// Fields are the fields of the library's configuration struct that the
	// file sets or reads (cfg.EnableV2 after cfg := embed.NewConfig(), a key
	// of an embed.Config{} literal): etcd's embed package only.
	Fields []Field
}

// Field is a struct field named in source code.
type Field struct {
	Name string
	Span Span
}

// Call is a call of a member of an imported library.
type Call struct {
	// Name is the callee as written ("etcd.Client"); Member is the member
	// called ("Client").
	Name, Member string
	// Span covers Name.
	Span Span
	// In is the callee of the call whose arguments hold this one, as
	// written ("grpc.Dial" for grpc.Dial(t, grpc.WithBlock())); empty when
	// the call is not written directly in another's arguments.
	In string
}

// LogParser is a pattern that reads etcd's log lines: a fluent-bit or
// promtail regex, a grok pattern, a grep over journalctl -u etcd.
type LogParser struct {
	Pattern string
	// Span covers the pattern as written.
	Span Span
	// Context names the consumer, for messages: "fluent-bit parser etcd".
	Context string
}

// Merge appends the facts of o, found in a region of the same file.
func (f *Facts) Merge(o *Facts) {
	f.Processes = append(f.Processes, o.Processes...)
	f.Metrics = append(f.Metrics, o.Metrics...)
	f.Images = append(f.Images, o.Images...)
	f.Endpoints = append(f.Endpoints, o.Endpoints...)
	f.Invocations = append(f.Invocations, o.Invocations...)
	f.Imports = append(f.Imports, o.Imports...)
	f.LogParsers = append(f.LogParsers, o.LogParsers...)
	f.AuthSwitches = append(f.AuthSwitches, o.AuthSwitches...)
	f.ClientEnv = append(f.ClientEnv, o.ClientEnv...)
}

// Settings returns every setting of every process, in file order per process.
func (f *Facts) Settings() []*Setting {
	var out []*Setting
	for _, p := range f.Processes {
		out = append(out, p.Settings...)
	}
	return out
}

// IntentKind is what a rule wants done.
type IntentKind int

const (
	// Replace renames a setting and/or changes its value.
	Replace IntentKind = iota
	// Remove deletes a setting.
	Remove
	// Add adds a setting to a process.
	Add
)

// Intent is a change stated in terms of settings; each file kind renders it
// in its own syntax.
type Intent struct {
	Kind IntentKind
	// Setting is the target of Replace and Remove.
	Setting *Setting
	// Process is the target of Add.
	Process *Process
	// Metric is the target of a metric rename (Replace with Name).
	Metric *MetricRef
	// Endpoint is the target of a path rewrite (Replace with Value, the
	// new text of the endpoint's Span).
	Endpoint *Endpoint
	// Invocation is the target of a program swap (Replace with Name, the
	// new program) or of deleting one of its flags (Remove with Name, the
	// flag without dashes).
	Invocation *Invocation
	// Name is the new canonical name (Replace: empty keeps it; Add: required).
	Name string
	// Value is the new value; nil keeps the old one (Replace).
	Value *string
	// Literal says Value is written as is, in the syntax of the file (a
	// YAML scalar or flow list), because its type is what changes: "off"
	// quoted, 10000 unquoted, [stderr].
	Literal bool
}

// Renderer returns the renderer of the fact the intent targets, or nil.
func (in Intent) Renderer() Renderer {
	switch {
	case in.Endpoint != nil:
		return in.Endpoint.Render
	case in.Invocation != nil:
		return in.Invocation.Render
	case in.Metric != nil:
		return in.Metric.Render
	case in.Setting != nil && in.Setting.Process != nil:
		return in.Setting.Process.Render
	case in.Process != nil:
		return in.Process.Render
	}
	return nil
}

// Renderer turns intents into byte edits in the syntax of one file kind.
type Renderer interface {
	Render(src []byte, in Intent) ([]Edit, error)
}

// EnvName is the environment variable etcd reads for a flag
// (pkg/flags.FlagToEnv).
func EnvName(flag string) string {
	return "ETCD_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// FlagFromEnv is the inverse of EnvName; ok is false for names without the
// ETCD_ prefix.
func FlagFromEnv(env string) (flag string, ok bool) {
	rest, ok := strings.CutPrefix(env, "ETCD_")
	if !ok || rest == "" {
		return "", false
	}
	return strings.ToLower(strings.ReplaceAll(rest, "_", "-")), true
}

// ParseError is bad input found while extracting facts. The file's other
// facts are still used.
type ParseError struct {
	Offset int
	Msg    string
}

func (e *ParseError) Error() string { return e.Msg }

// Schema is what a file kind needs to know about etcd's flag grammar
// without knowing versions: which flags are boolean (they never take a
// separate value) and which flag a config key or env var sets.
type Schema interface {
	IsBool(flag string) bool
	FlagForKey(key string) string
	FlagForEnv(env string) string
	// Defines reports whether some etcd version has the flag: an ETCD_*
	// name outside a file etcd reads is etcd's only then (ETCD_ENDPOINTS
	// of an application is not).
	Defines(flag string) bool
}

// Kind is a file kind: it recognises its files and turns them into facts.
type Kind interface {
	Name() string
	// Match reports whether the kind handles a file, from its path and content.
	Match(path string, src []byte) bool
	// Parse extracts facts. Errors describe bad input; the facts found
	// around it are still returned.
	Parse(path string, src []byte, schema Schema) (*Facts, []*ParseError)
}
