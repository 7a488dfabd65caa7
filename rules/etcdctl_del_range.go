package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var etcdctlDelRange = &Rule{
	ID:        "etcdctl-del-range",
	Title:     "etcdctl del with a range end waits 2 s in 3.6 unless --range is given",
	Severity:  Warning,
	Surfaces:  []string{"invocation"},
	Fixable:   true,
	FixSafety: "safe: --range keeps the meaning the range end had",
	Rationale: `"etcdctl del KEY RANGE_END" deletes the keys in [KEY, RANGE_END). etcdctl 3.6 still does, but first
prints 'Warning: Keys between "a" and "c" will be deleted. Please interrupt the command within next 2
seconds to cancel. You can provide ` + "`--range`" + ` flag to avoid the delay.' to stderr and sleeps 2 seconds,
in every run of a script. The --range flag states the intent and skips the delay; etcdctl 3.5 already
accepts it (3.4 does not), so the fix ships before the 3.5 → 3.6 upgrade.`,
	Before:      "etcdctl del /jobs/a /jobs/b",
	After:       "etcdctl del --range /jobs/a /jobs/b",
	ExampleFile: "run.sh",
	Since:       "3.6",
	Check: func(p *Pass) {
		t := etcdctlTable()
		for _, inv := range invocations(p, "etcdctl") {
			cmd, span, ok := inv.Command(1)
			if !ok || cmd != "del" || ctlAPI(inv) == "2" || len(inv.Operands) != 3 {
				continue
			}
			if _, ok := inv.Flag("range"); ok {
				continue
			}
			if _, ok := inv.Flag("prefix"); ok {
				continue // etcdctl refuses a range end with --prefix
			}
			if _, ok := inv.Flag("from-key"); ok {
				continue
			}
			phase := Cutover
			if t.flags["del --range"][p.Upgrade.From] == Present {
				phase = Pre
			}
			key, end := inv.Operands[1].Value, inv.Operands[2].Value
			if placeholder(end) {
				continue // "etcdctl del $KEY [$END_KEY]" in a runbook: the range end is optional there
			}
			at := span
			if op := inv.Operands[2].Span; op.Start >= span.End {
				at.End = op.End // up to the range end, when it is written here (not a variable's definition)
			}
			p.Report(Diagnostic{
				Severity: Warning,
				Span:     at,
				Message: fmt.Sprintf("etcdctl del with a range end and no --range: etcdctl %s prints 'Warning: Keys between %q and %q will be deleted. Please interrupt the command within next 2 seconds to cancel.' and waits 2 s before deleting; add --range (etcdctl %s accepts it)",
					p.Upgrade.To, key, end, p.Upgrade.From),
				Fix: &Fix{Description: "add --range", Phase: phase, Safety: Safe,
					Intents: []fact.Intent{{Kind: fact.Add, Invocation: inv, Name: "range"}}},
			})
		}
	},
}

// placeholder reports whether a runbook operand stands for something to
// fill in ("[$END_KEY]", "<range_end>") rather than a value.
func placeholder(v string) bool {
	return strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") || strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">")
}
