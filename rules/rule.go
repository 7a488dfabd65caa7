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

// ParseUpgrade validates a from/to pair. etcd upgrades one minor version at
// a time; a pair further apart is a chain of hops, audited hop by hop.
//
// Versions may be written as releases ("v3.5", "3.5.17"): the minor counts.
// An empty to is the minor after from, or the first upgrade the tables
// know when from is empty too.
func ParseUpgrade(from, to string) (Upgrade, error) {
	from, to = minorVersion(from), minorVersion(to)
	if to == "" {
		to = Versions[1]
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
	// fired records settings a specific rule already reported, so the
	// generic unknown-flag rule stays quiet about them.
	fired map[*fact.Setting]bool
	diags []Diagnostic
	rule  *Rule
}

// Report records a diagnostic of the running rule. A zero Severity means
// the rule's default.
func (p *Pass) Report(d Diagnostic) {
	d.Rule = p.rule.ID
	p.diags = append(p.diags, d)
}

// Claim marks a setting as reported by a specific rule, which must say
// so (Rule.Claims): a disabled rule runs only when it does.
func (p *Pass) Claim(s *fact.Setting) {
	if !p.rule.Claims {
		panic("rule " + p.rule.ID + " claims settings without Claims set")
	}
	p.fired[s] = true
}

// Claimed reports whether a specific rule already reported s.
func (p *Pass) Claimed(s *fact.Setting) bool { return p.fired[s] }

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
	// Claims is set on a rule whose findings later rules defer to (the
	// catch-all unknown-flag, deprecated-setting and rejected-value leave
	// its settings alone; metric-missing-in-target its metrics). Such a
	// rule runs even when disabled, its findings unreported, so that
	// disabling it does not hand its settings to a catch-all; any other
	// disabled rule does not run at all.
	Claims bool
	Check  func(*Pass)
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

// All is every rule, in the order they run. Specific rules come before
// unknown-flag, which stays quiet about settings they already reported.
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

// Run runs the rules on one file's facts and keeps the diagnostics of the
// enabled ones. Disabled rules still run, so that turning off a specific
// rule does not wake unknown-flag up on the same settings.
func Run(up Upgrade, cat *Catalog, facts *fact.Facts, enabled func(*Rule) bool) []Diagnostic {
	if up.Chain() {
		return runChain(up, cat, facts, enabled)
	}
	return runHop(up, up, cat, facts, enabled)
}

// runHop runs the rules of one hop of chain.
func runHop(up, chain Upgrade, cat *Catalog, facts *fact.Facts, enabled func(*Rule) bool) []Diagnostic {
	p := &Pass{Upgrade: up, Chain: chain, Catalog: cat, Facts: facts, fired: map[*fact.Setting]bool{}}
	for _, r := range All {
		if !r.Applies(up) || enabled != nil && !r.Claims && !enabled(r) {
			continue
		}
		p.rule = r
		r.Check(p)
	}
	if enabled == nil {
		return p.diags
	}
	var out []Diagnostic
	for _, d := range p.diags {
		if enabled(ByID(d.Rule)) {
			out = append(out, d)
		}
	}
	return out
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
