// Package rules is the catalogue of etcd upgrade checks. A rule looks at
// facts (settings of etcd processes) and knows nothing about file syntax; it
// reports diagnostics that carry intents, which the file kinds render.
package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Severity orders findings; --fail-on compares against it.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity accepts "info", "warning" and "error".
func ParseSeverity(s string) (Severity, error) {
	for _, sev := range []Severity{Info, Warning, Error} {
		if sev.String() == s {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want info, warning or error)", s)
}

// Phase says when a fix can ship.
type Phase string

const (
	// Pre fixes work on the old and the new etcd: ship them now.
	Pre Phase = "pre"
	// Cutover fixes are rejected by the old etcd: ship them with the binary swap.
	Cutover Phase = "cutover"
)

// Safety says whether a fix keeps behaviour.
type Safety string

const (
	// Safe fixes keep what the old etcd did.
	Safe Safety = "safe"
	// Unsafe fixes change behaviour or make a choice a person should review.
	Unsafe Safety = "unsafe"
)

// Fix is a rule's proposed change, as intents.
type Fix struct {
	Description string
	Phase       Phase
	Safety      Safety
	Intents     []fact.Intent
}

// Diagnostic is what a rule reports.
type Diagnostic struct {
	Rule     string
	Severity Severity
	Span     fact.Span
	Message  string
	Fix      *Fix
	// Hop is the hop of a chain the diagnostic belongs to (zero for one
	// hop), and Planned the fix it has within that hop: a chain's findings
	// carry no Fix, since a chain is fixed hop by hop, but its plan says
	// which ship before a swap and which with it.
	Hop     Upgrade
	Planned *Fix
}

// Upgrade is the hop being audited.
type Upgrade struct{ From, To string }

func (u Upgrade) String() string { return u.From + " → " + u.To }

// Hops splits the upgrade into the one-minor hops etcd takes: 3.4 → 3.6 is
// 3.4 → 3.5, then 3.5 → 3.6.
func (u Upgrade) Hops() []Upgrade {
	fi, ti := slices.Index(Versions, u.From), slices.Index(Versions, u.To)
	if fi < 0 || ti <= fi {
		return []Upgrade{u}
	}
	var hops []Upgrade
	for i := fi; i < ti; i++ {
		hops = append(hops, Upgrade{From: Versions[i], To: Versions[i+1]})
	}
	return hops
}

// Chain reports whether the upgrade takes more than one hop.
func (u Upgrade) Chain() bool { return len(u.Hops()) > 1 }

// Applies reports whether the rule speaks for the one-hop upgrade up.
func (r *Rule) Applies(up Upgrade) bool {
	to := slices.Index(Versions, up.To)
	return (r.Since == "" || to >= slices.Index(Versions, r.Since)) && (r.Until == "" || to <= slices.Index(Versions, r.Until))
}

// AppliesTo reports whether the rule is relevant to some hop of up.
func (r *Rule) AppliesTo(up Upgrade) bool {
	return slices.ContainsFunc(up.Hops(), r.Applies)
}

// Targets says which upgrades the rule checks: "of every hop", "to 3.6
// and later", "to 3.5 only".
func (r *Rule) Targets() string {
	switch {
	case r.Since == "" && r.Until == "":
		return "of every hop"
	case r.Until == r.Since:
		return "to " + r.Since + " only"
	case r.Until == "":
		return "to " + r.Since + " and later"
	}
	return "to " + r.Since + " … " + r.Until
}

// DefaultUpgrade is the upgrade audited when neither from nor to is given
// (by a flag, the configuration or an editor): the first the tables know.
var DefaultUpgrade = Upgrade{From: Versions[0], To: Versions[1]}

// ParseUpgrade validates a from/to pair. etcd upgrades one minor version at
// a time; a pair further apart is a chain of hops, audited hop by hop.
//
// Versions may be written as releases ("v3.5", "3.5.17"): the minor counts.
// An empty to is the minor after from, or DefaultUpgrade when from is empty
// too.
func ParseUpgrade(from, to string) (Upgrade, error) {
	from, to = minorVersion(from), minorVersion(to)
	if to == "" {
		to = DefaultUpgrade.To
		switch fi := slices.Index(Versions, from); {
		case from != "" && fi < 0:
			return Upgrade{}, fmt.Errorf("unsupported --from %q: etcdlint knows %s", from, strings.Join(Versions, ", "))
		case from != "" && fi+1 == len(Versions):
			return Upgrade{}, fmt.Errorf("unsupported --to: etcdlint knows no release after %s (it audits upgrades to %s)", from, strings.Join(Versions[1:], ", "))
		case from != "":
			to = Versions[fi+1]
		}
	}
	ti := slices.Index(Versions, to)
	if ti < 1 {
		return Upgrade{}, fmt.Errorf("unsupported --to %q: etcdlint audits upgrades to %s", to, strings.Join(Versions[1:], ", "))
	}
	if from == "" {
		from = Versions[ti-1]
	}
	fi := slices.Index(Versions, from)
	switch {
	case fi < 0:
		return Upgrade{}, fmt.Errorf("unsupported --from %q: etcdlint knows %s", from, strings.Join(Versions, ", "))
	case fi >= ti:
		return Upgrade{}, fmt.Errorf("--from %s --to %s is not an upgrade", from, to)
	}
	return Upgrade{From: from, To: to}, nil
}

// minorVersion is the minor of a version as people write it: "v3.5.17",
// "3.5.17" and "v3.5" are "3.5".
func minorVersion(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	if parts := strings.SplitN(v, ".", 3); len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return v
}

// Pass is what a rule sees of one file.
type Pass struct {
	Upgrade Upgrade
	// Chain is the whole audit when Upgrade is one hop of a chain
	// (3.4 → 3.6 for the hop 3.5 → 3.6); else Upgrade itself.
	Chain   Upgrade
	Catalog *Catalog
	Facts   *fact.Facts
	diags   []Diagnostic
	rule    *Rule
	// owners are the rules of the hop that own settings or metrics,
	// enabled or not: what a catch-all defers to.
	owners []*Rule
}

// Report records a diagnostic of the running rule. A zero Severity means
// the rule's default.
func (p *Pass) Report(d Diagnostic) {
	d.Rule = p.rule.ID
	p.diags = append(p.diags, d)
}

// ownSettings are the settings of server processes the running rule
// reports, in file order.
func (p *Pass) ownSettings() []*fact.Setting {
	var out []*fact.Setting
	for _, proc := range p.ServerProcesses() {
		for _, s := range proc.Settings {
			if p.owns(s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// owns reports whether the running rule owns s and no rule it falls back
// to does.
func (p *Pass) owns(s *fact.Setting) bool {
	return p.rule.OwnsSetting(p, s) && !p.deferred(s)
}

// deferred reports whether a rule this hop's running rule falls back to
// owns s. Owners are asked, not run: disabling one does not hand its
// settings to a catch-all.
func (p *Pass) deferred(s *fact.Setting) bool {
	for _, r := range p.owners {
		if r.Fallback < p.rule.Fallback && r.OwnsSetting != nil && r.OwnsSetting(p, s) {
			return true
		}
	}
	return false
}

// deferredMetric is deferred for a metric reference.
func (p *Pass) deferredMetric(m *fact.MetricRef) bool {
	for _, r := range p.owners {
		if r.Fallback < p.rule.Fallback && r.OwnsMetric != nil && r.OwnsMetric(p, m) {
			return true
		}
	}
	return false
}

// ServerProcesses are the processes that run an etcd server (not
// "etcd grpc-proxy" or "etcd gateway").
func (p *Pass) ServerProcesses() []*fact.Process {
	var out []*fact.Process
	for _, proc := range p.Facts.Processes {
		if proc.Subcommand == "" {
			out = append(out, proc)
		}
	}
	return out
}

// Settings returns the settings of server processes with the given names.
func (p *Pass) Settings(names ...string) []*fact.Setting {
	var out []*fact.Setting
	for _, proc := range p.ServerProcesses() {
		for _, s := range proc.Settings {
			if slices.Contains(names, s.Name) {
				out = append(out, s)
			}
		}
	}
	return out
}

// Rule is one check with the documentation that `etcdlint explain`, the
// docs and SARIF rule entries are generated from.
type Rule struct {
	ID    string
	Title string
	// Severity is the default; a rule may report lower or higher per surface.
	Severity Severity
	// Surfaces lists where the rule looks: "flag", "env", "key".
	Surfaces []string
	Fixable  bool
	// FixSafety says in one line whether the rule's fixes keep what the old
	// etcd did ("safe: …", "unsafe: …", or when each applies).
	FixSafety string
	// Rationale says what etcd really does, as measured on the binaries.
	Rationale string
	// Before is an example the rule reports, After the same fixed; an After
	// in parentheses says what to do instead of showing a file.
	Before string
	After  string
	// ExampleFile names a file Before and After could be (run.sh,
	// etcd.service): its kind is how a test reads them. Empty when they are
	// no file's text (a command line of etcdlint itself).
	ExampleFile string
	// ExampleTo is the target the example shows, when it is not the first
	// one the rule checks (Since, or 3.5).
	ExampleTo string
	// Since and Until bound the targets the rule speaks for: it checks an
	// upgrade to Since or later, and up to Until when set ("" is open).
	Since, Until string
	// OwnsSetting says which settings of server processes the rule speaks
	// for: exactly those its Check reports (the Check filters with it, so
	// the two cannot drift). OwnsMetric is the same for metric references.
	OwnsSetting func(p *Pass, s *fact.Setting) bool
	OwnsMetric  func(p *Pass, m *fact.MetricRef) bool
	// Fallback ranks a catch-all: 0 is a specific rule, and a rule with
	// Fallback n leaves alone what any rule of the hop with a lower
	// Fallback owns, enabled or not. Precedence, not the order of All,
	// decides who reports a setting.
	Fallback int
	Check    func(*Pass)
}

// FixKind is how safe the rule's fixes are in a word: safe, unsafe, or
// mixed when that depends on the case; "" for a rule without fixes.
func (r *Rule) FixKind() string {
	switch {
	case !r.Fixable:
		return ""
	case strings.HasPrefix(r.FixSafety, "safe:"):
		return "safe"
	case strings.HasPrefix(r.FixSafety, "unsafe:"):
		return "unsafe"
	}
	return "mixed"
}

// URL is the rule's documentation page.
func (r *Rule) URL() string {
	return "https://github.com/etcdlint/etcdlint/blob/main/docs/rules.md#" + r.ID
}

// All is every rule, in the order docs and listings show them; the order
// they run in changes no finding (see Rule.Fallback).
var All = []*Rule{
	loggerCapnslog,
	logOutputFlag,
	logOutputsDefault,
	logPackageLevels,
	debugFlag,
	bboltFreelistExperimental,
	enableV2,
	loggingDefaultsChanged,
	flagEnvConflict,
	configFileOverrides,
	grpcGatewayDefault,
	etcdVersionEnv,
	legacyIgnoredFlag,
	rejectedValue,
	configValueType,
	deprecatedSetting,
	unknownFlag,
	debuggingMvccMetric,
	removedMetric,
	v3betaEndpoint,
	configLocalLogEndpoint,
	v2APIUsage,
	etcdctlToEtcdutl,
	etcdctlMigrate,
	etcdutlBackup,
	etcdutlCheckV2store,
	etcdctlDelRange,
	clientOnPeerURL,
	clientDialBlock,
	embedConfigField,
	logConsumerCapnslog,
	authRollingUpgrade,
	upgradePathTooOld,
	knownBadVersion,
	metricMissingInTarget,
	unusedIgnore,
}

// ByID returns the rule with the given id, or nil.
func ByID(id string) *Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Run runs the enabled rules (every rule when enabled is nil) on one
// file's facts. A disabled rule does not run, yet still owns its
// settings: turning it off does not wake unknown-flag up on them.
func Run(up Upgrade, cat *Catalog, facts *fact.Facts, enabled func(*Rule) bool) []Diagnostic {
	if up.Chain() {
		return runChain(up, cat, facts, enabled)
	}
	return runHop(up, up, cat, facts, enabled)
}

// newPass is the pass of one hop of chain over facts.
func newPass(up, chain Upgrade, cat *Catalog, facts *fact.Facts) *Pass {
	p := &Pass{Upgrade: up, Chain: chain, Catalog: cat, Facts: facts}
	for _, r := range All {
		if r.Applies(up) && (r.OwnsSetting != nil || r.OwnsMetric != nil) {
			p.owners = append(p.owners, r)
		}
	}
	return p
}

// runHop runs the rules of one hop of chain.
func runHop(up, chain Upgrade, cat *Catalog, facts *fact.Facts, enabled func(*Rule) bool) []Diagnostic {
	p := newPass(up, chain, cat, facts)
	for _, r := range All {
		if !r.Applies(up) || enabled != nil && !enabled(r) {
			continue
		}
		p.rule = r
		r.Check(p)
	}
	return p.diags
}

// runChain audits each hop of a chain and keeps, of the findings several
// hops make on the same text with the same rule, the most severe (the
// earliest hop on a tie). Each message names its hop. Fixes are kept as
// Planned only: a fix is written for one hop (its phase says whether the
// old etcd of that hop accepts it), so a chain is fixed hop by hop.
func runChain(up Upgrade, cat *Catalog, facts *fact.Facts, enabled func(*Rule) bool) []Diagnostic {
	type key struct {
		rule string
		span fact.Span
	}
	var out []Diagnostic
	at := map[key]int{}
	for _, hop := range up.Hops() {
		for _, d := range runHop(hop, up, cat, facts, enabled) {
			d.Message = fmt.Sprintf("(%s) %s", hop, d.Message)
			d.Hop, d.Planned, d.Fix = hop, d.Fix, nil
			k := key{d.Rule, d.Span}
			if i, ok := at[k]; ok {
				if d.Severity > out[i].Severity {
					out[i] = d
				}
				continue
			}
			at[k] = len(out)
			out = append(out, d)
		}
	}
	return out
}
