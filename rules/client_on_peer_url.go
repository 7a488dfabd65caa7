package rules

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var clientOnPeerURL = &Rule{
	ID:       "client-on-peer-url",
	Title:    "clients pointed at a member's peer URL fail on 3.6",
	Severity: Error,
	Surfaces: []string{"endpoint"},
	Rationale: `etcd 3.4 and 3.5 also serve the gRPC client API on their peer listeners (--listen-peer-urls,
port 2380 by default), so an "etcdctl --endpoints", ETCDCTL_ENDPOINTS or kube-apiserver
--etcd-servers that names a peer URL works by accident. etcd 3.6 serves only peer traffic there: the
client fails with "context deadline exceeded". When a file shows both an etcd member and such a
client, the client's address is compared with the member's --listen-peer-urls and
--initial-advertise-peer-urls (or the default http://localhost:2380 when it sets neither) by port,
and the message names the member's --advertise-client-urls to use instead. The address is not
rewritten automatically: the client URL may need another scheme and TLS flags.`,
	Before:      "etcd --listen-peer-urls http://10.0.0.1:2380 --advertise-client-urls http://10.0.0.1:2379 …\netcdctl --endpoints http://10.0.0.1:2380 endpoint health",
	After:       "etcdctl --endpoints http://10.0.0.1:2379 endpoint health",
	ExampleFile: "run.sh",
	Since:       "3.6",
	Check: func(p *Pass) {
		type peer struct {
			proc *fact.Process
			url  string
			from string // the setting, or "default"
		}
		var peers []peer
		for _, proc := range p.ServerProcesses() {
			found := false
			for _, s := range proc.Settings {
				if s.Name != "listen-peer-urls" && s.Name != "initial-advertise-peer-urls" {
					continue
				}
				found = true
				if s.Templated {
					continue
				}
				for _, u := range strings.Split(s.Value, ",") {
					if u = strings.TrimSpace(u); u != "" {
						peers = append(peers, peer{proc, u, "--" + s.Name})
					}
				}
			}
			if !found && !proc.Partial {
				peers = append(peers, peer{proc, "http://localhost:2380", "the default --listen-peer-urls"})
			}
		}
		if len(peers) == 0 {
			return
		}
		for _, e := range p.Facts.Endpoints {
			if e.Address == "" {
				continue
			}
			host, port, ok := hostPort(e.Address)
			if !ok {
				continue
			}
			// the peer URL on the same host and port, else on the same port
			match := -1
			for i, pr := range peers {
				if ph, pp, ok := hostPort(pr.url); ok && pp == port && (match < 0 || ph == host) {
					match = i
				}
			}
			if match >= 0 {
				pr := peers[match]
				use, from := clientURL(pr.proc, host)
				p.Report(Diagnostic{
					Severity: Error,
					Span:     e.Span,
					Message: fmt.Sprintf("%s names %s, a peer URL of the etcd member in this file (%s %s): etcd %s serves no client requests on peer listeners, and the client fails with \"context deadline exceeded\" (etcd %s still serves them); point it at the client URL %s (%s) instead",
						e.Context, e.Address, pr.from, pr.url, p.Upgrade.To, p.Upgrade.From, use, from),
				})
			}
		}
	},
}

// hostPort splits a URL ("https://10.0.0.1:2380") or a host:port into its
// host and port; ok is false without an explicit port.
func hostPort(addr string) (host, port string, ok bool) {
	if strings.Contains(addr, "://") {
		u, err := url.Parse(addr)
		if err != nil || u.Port() == "" {
			return "", "", false
		}
		return u.Hostname(), u.Port(), true
	}
	host, port, err := net.SplitHostPort(addr)
	return host, port, err == nil && port != ""
}

// clientURL is the client URL of a member to suggest: the one of its
// --advertise-client-urls on host, else the first, else etcd's default.
func clientURL(proc *fact.Process, host string) (string, string) {
	var urls []string
	for _, s := range proc.Lookup("advertise-client-urls") {
		if s.Templated {
			continue
		}
		for _, u := range strings.Split(s.Value, ",") {
			if u = strings.TrimSpace(u); u != "" {
				urls = append(urls, u)
			}
		}
	}
	if len(urls) == 0 {
		return "http://localhost:2379", "the default --advertise-client-urls"
	}
	for _, u := range urls {
		if h, _, ok := hostPort(u); ok && h == host {
			return u, "--advertise-client-urls"
		}
	}
	return urls[0], "--advertise-client-urls"
}
