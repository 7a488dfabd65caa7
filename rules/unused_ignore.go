package rules

// unusedIgnore documents the findings the engine's suppression pass
// (lint/suppress.go) makes about etcdlint:ignore directives. Directives are
// comments, not facts, so its Check finds nothing in facts.
var unusedIgnore = &Rule{
	ID:       "unused-ignore",
	Title:    "an etcdlint:ignore directive that suppresses nothing",
	Severity: Warning,
	Surfaces: []string{"comment"},
	Rationale: `An inline "etcdlint:ignore RULE -- reason" silences RULE on its own line and the next one;
"etcdlint:ignore-file RULE -- reason" silences it in the whole file. A directive that silences nothing
is reported: the setting it was written for was fixed or moved, and a stale ignore would hide the next
real finding there. A directive without a reason after "--", naming an unknown rule, or past its
"until=YYYY-MM-DD" date does not suppress anything either and is reported the same way: upgrade
windows end, and so should their exceptions.`,
	Before:      "# etcdlint:ignore debug-flag\nETCD_DEBUG=true",
	After:       "# etcdlint:ignore debug-flag until=2027-03-31 -- 3.4 nodes still read this file\nETCD_DEBUG=true",
	ExampleFile: "etcd.env",
	Check:       func(*Pass) {},
}
