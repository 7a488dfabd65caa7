package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var v2APIUsage = &Rule{
	ID:       "v2-api-usage",
	Title:    "v2 API clients: etcdctl in v2 mode, /v2/ requests, v2 client libraries",
	Severity: Warning,
	Surfaces: []string{"endpoint", "invocation", "import"},
	Rationale: `etcd 3.4 and 3.5 serve the v2 API (/v2/keys, /v2/members, /v2/stats/*) only with --enable-v2;
without it every /v2/ request is a 404. etcd 3.6 removes the v2 API and the flag. etcdctl 3.4 and 3.5
still have a v2 mode (ETCDCTL_API=2: set, ls, mk, cluster-health, backup, …); etcdctl 3.6 does not
("unknown command"), and reports ETCDCTL_API itself as an unrecognized variable. v2 client libraries
(go.etcd.io/etcd/client/v2, github.com/coreos/etcd/client, python-etcd, node-etcd, etcd4j) speak
only v2; besides the import, the calls that make a client through it (client.New, etcd.Client) are
reported. Nothing rewrites v2 calls into v3 ones, so there is no automatic fix: health checks move to
/health or /readyz, membership to "etcdctl member list" or POST /v3/cluster/member/list, keys to the
v3 API.`,
	Before:      "ETCDCTL_API=2 etcdctl cluster-health",
	After:       "etcdctl endpoint health --cluster",
	ExampleFile: "run.sh",
	Since:       "3.5",
	Check: func(p *Pass) {
		sev, effect := Warning, "etcd 3.5 serves it only with --enable-v2 (404 otherwise) and 3.6 removes it"
		ctlEffect := "etcdctl 3.5 still runs it, but only against members started with --enable-v2, and etcdctl 3.6 has no v2 mode"
		if p.Upgrade.To != "3.5" {
			sev, effect = Error, "etcd "+p.Upgrade.To+" has no v2 API (404)"
			ctlEffect = "etcdctl " + p.Upgrade.To + " has no v2 mode (unknown command)"
		}
		for _, e := range p.Facts.Endpoints {
			if !strings.HasPrefix(e.Path, "/v2/") {
				continue
			}
			if e.InComment {
				p.Report(Diagnostic{Severity: Info, Span: e.Span, Message: fmt.Sprintf("a comment names the v2 path %s: %s", e.Path, effect)})
				continue
			}
			if strings.HasPrefix(e.Path, "/v2/admin") {
				p.Report(Diagnostic{Severity: sev, Span: e.Span,
					Message: fmt.Sprintf("request path %s%s is etcd 0.4's admin API: no etcd since 2.0 serves it (404); use etcdctl member list or GET /health instead", e.Path, endpointWhere(e))})
				continue
			}
			instead := v2Instead(e.Path) + " instead"
			if e.Instead != "" {
				instead = e.Instead
			}
			p.Report(Diagnostic{Severity: sev, Span: e.Span,
				Message: fmt.Sprintf("request path %s%s uses the v2 API: %s; %s", e.Path, endpointWhere(e), effect, instead)})
		}
		t := etcdctlTable()
		for _, inv := range invocations(p, "etcdctl") {
			api := ctlAPI(inv)
			cmd, cmdSpan, ok := inv.Command(1)
			span := fromProgram(inv, cmdSpan)
			switch {
			case ok && t.v2[cmd] && api == "2":
				effect := ctlEffect
				if cmd == "backup" && p.Upgrade.To == "3.5" {
					// an offline copy of the data directory: no member is asked
					effect = "etcdctl 3.5 still runs it (it copies the data directory offline), but etcdctl 3.6 has no v2 mode"
				}
				p.Report(Diagnostic{Severity: sev, Span: span,
					Message: fmt.Sprintf("etcdctl %s runs in v2 mode (ETCDCTL_API=2): %s; %s", cmd, effect, v2CtlInstead(cmd))})
			case !ok && api == "2":
				// a wrapper (ETCDCTL_API=2 etcdctl "$@"): whatever it runs is v2
				if e, _ := inv.Getenv("ETCDCTL_API"); e.Span.End <= inv.ProgramSpan.Start && inv.ProgramSpan.Start-e.Span.End < 200 {
					p.Report(Diagnostic{Severity: sev, Span: e.Span,
						Message: fmt.Sprintf("ETCDCTL_API=2 runs this etcdctl in v2 mode: %s; drop it and use v3 etcdctl commands", ctlEffect)})
				}
			case ok && t.v2[cmd] && api == "" && !t.v3(cmd):
				p.Report(Diagnostic{Severity: sev, Span: span,
					Message: fmt.Sprintf("etcdctl %s is a v2 command, which etcdctl 3.4 and later run only with ETCDCTL_API=2 from the environment: %s; %s", cmd, ctlEffect, v2CtlInstead(cmd))})
			default:
				for _, f := range inv.Flags {
					if t.v2Flags[f.Name] && api != "3" {
						p.Report(Diagnostic{Severity: sev, Span: fromProgram(inv, f.Span),
							Message: fmt.Sprintf("etcdctl flag %s is a v2 flag: etcdctl 3.4 and later default to v3 and fail on it (unknown flag), and %s; %s", dashed(f.Name), ctlEffect, v2FlagInstead(f.Name))})
						break
					}
					if ok && api != "3" && t.v2CommandFlag(cmd, f.Name) {
						p.Report(Diagnostic{Severity: sev, Span: fromProgram(inv, f.Span),
							Message: fmt.Sprintf("etcdctl %s %s is the v2 form of %s: etcdctl 3.4 and later default to v3, whose %s has no %s (unknown flag), and %s; %s", cmd, dashed(f.Name), cmd, cmd, dashed(f.Name), ctlEffect, v2CommandFlagInstead(cmd, f.Name))})
						break
					}
				}
			}
		}
		for _, v := range p.Facts.ClientEnv {
			switch {
			case v.Name == "ETCDCTL_API" && v.Value == "2":
				p.Report(Diagnostic{Severity: sev, Span: v.Span,
					Message: fmt.Sprintf("ETCDCTL_API=2 puts etcdctl in v2 mode: %s; drop it and use v3 etcdctl commands", ctlEffect)})
			case v2CtlVars[v.Name] != "":
				p.Report(Diagnostic{Severity: sev, Span: v.Span,
					Message: fmt.Sprintf("%s is read only by etcdctl's v2 mode: etcdctl 3.4 and later default to v3 and ignore it, and etcdctl 3.6 has no v2 mode; set %s for v3 etcdctl", v.Name, v2CtlVars[v.Name])})
			}
		}
		for _, im := range p.Facts.Imports {
			v3, ok := v2Library(im)
			if !ok {
				continue
			}
			if !im.Implied {
				p.Report(Diagnostic{Severity: sev, Span: im.Span,
					Message: fmt.Sprintf("%s is a v2 API client library: %s; use %s instead", im.Path, effect, v3)})
			}
			for _, c := range im.Calls {
				if v2Constructor(im, c) {
					p.Report(Diagnostic{Severity: sev, Span: c.Span,
						Message: fmt.Sprintf("%s(…) makes a client of the v2 API library %s: %s; build the client with %s instead", c.Name, im.Path, effect, v3)})
				}
			}
		}
	},
}

// v2Library returns the v3 library to use instead of a v2 client import.
func v2Library(im *fact.Import) (string, bool) {
	switch im.Lang {
	case "go":
		switch im.Path {
		case "go.etcd.io/etcd/client/v2", "go.etcd.io/etcd/client", "github.com/coreos/etcd/client",
			"github.com/coreos/go-etcd/etcd", "gopkg.in/coreos/go-etcd.v0/etcd": // go-etcd, the first Go client
			return "go.etcd.io/etcd/client/v3", true
		}
	case "python":
		if im.Path == "etcd" || strings.HasPrefix(im.Path, "etcd.") {
			return "a v3 client (etcd3)", true
		}
	case "js":
		if im.Path == "node-etcd" {
			return "a v3 client (etcd3)", true
		}
	case "java":
		if strings.HasPrefix(im.Path, "mousio.etcd4j") || strings.HasPrefix(im.Path, "org.boon.etcd") { // Boon's etcd client speaks /v2/keys
			return "jetcd (io.etcd.jetcd)", true
		}
	case "ruby":
		if im.Path == "etcd" {
			return "a v3 client (etcdv3)", true
		}
	}
	return "", false
}

// v2Constructor reports whether a call through a v2 client import makes a
// client: python-etcd's Client, the Go v2 client's New, node-etcd's
// constructor, etcd-ruby's Etcd.client, etcd4j's new EtcdClient.
func v2Constructor(im *fact.Import, c fact.Call) bool {
	switch im.Lang {
	case "go":
		return c.Member == "New" || c.Member == "NewClient" || c.Member == "NewTLSClient" // go-etcd's
	case "python":
		return c.Member == "Client"
	case "js":
		return c.Member == "default"
	case "ruby":
		return c.Member == "client"
	case "java":
		return c.Member == "EtcdClient" // etcd4j's new EtcdClient(…)
	}
	return false
}

func v2Instead(path string) string {
	switch {
	case strings.HasPrefix(path, "/v2/stats/"), strings.HasPrefix(path, "/v2/machines"):
		return "check /health or /readyz"
	case strings.HasPrefix(path, "/v2/members"):
		return "use POST /v3/cluster/member/list or etcdctl member list"
	}
	return "use the v3 API (/v3/kv/range, /v3/kv/put) or etcdctl get/put"
}

// fromProgram spans a finding about a whole run from its program word to
// the part at fault, so a run over several lines is reported where it
// starts; when the part comes first (flags kept in a variable set before
// the run) it is the part alone.
func fromProgram(inv *fact.Invocation, part fact.Span) fact.Span {
	if inv.ProgramSpan.Start <= part.Start {
		part.Start = inv.ProgramSpan.Start
	}
	return part
}

// v2CtlVars maps the variables of etcdctl's v2 mode to their v3 names.
var v2CtlVars = map[string]string{
	"ETCDCTL_CA_FILE": "ETCDCTL_CACERT", "ETCDCTL_CERT_FILE": "ETCDCTL_CERT", "ETCDCTL_KEY_FILE": "ETCDCTL_KEY",
	"ETCDCTL_PEERS": "ETCDCTL_ENDPOINTS", "ETCDCTL_ENDPOINT": "ETCDCTL_ENDPOINTS", "ETCDCTL_USERNAME": "ETCDCTL_USER",
	"ETCDCTL_NO_SYNC": "nothing (v3 etcdctl does not sync)",
}

func dashed(flag string) string {
	if len(flag) == 1 {
		return "-" + flag
	}
	return "--" + flag
}

func v2FlagInstead(flag string) string {
	switch flag {
	case "peers", "C", "endpoint":
		return "use --endpoints with v3 etcdctl"
	case "ca-file":
		return "use --cacert with v3 etcdctl"
	case "cert-file":
		return "use --cert with v3 etcdctl"
	case "key-file":
		return "use --key with v3 etcdctl"
	case "username", "u":
		return "use --user with v3 etcdctl"
	case "output", "o":
		return "use --write-out with v3 etcdctl"
	}
	return "rewrite the command for v3 etcdctl"
}

func v2CtlInstead(cmd string) string {
	switch cmd {
	case "cluster-health":
		return "use etcdctl endpoint health --cluster instead"
	case "backup":
		return "use etcdctl snapshot save instead"
	case "ls":
		return "use etcdctl get --prefix --keys-only instead"
	case "set", "mk", "update":
		return "use etcdctl put instead"
	case "rm", "rmdir":
		return "use etcdctl del instead"
	}
	return "rewrite it with v3 etcdctl commands"
}

// v2CommandFlagInstead is the v3 way to write a v2 command's flag.
func v2CommandFlagInstead(cmd, flag string) string {
	switch flag {
	case "recursive", "r":
		return "use " + cmd + " --prefix with v3 etcdctl"
	case "forever", "f":
		return "v3 etcdctl " + cmd + " already runs until interrupted"
	}
	return "write the command for v3 etcdctl (etcdctl " + cmd + " --help)"
}
