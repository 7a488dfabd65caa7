// Package httpurl finds the path of an HTTP request target as written in a
// command argument or a string literal: "http://10.0.0.1:2379/v2/keys/x",
// "${EP}/health", ":2379/version" (httpie), "localhost:2379/v3/kv/range".
package httpurl

import (
	"regexp"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// hostPort is a bare "host:port" or ":port" before the path (curl and
// httpie accept URLs without a scheme).
var hostPort = regexp.MustCompile(`^(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])?:[0-9]+/`)

// varPrefix is a shell or template expansion standing for the base URL:
// "$EP/", "${EP}/", "{{ .url }}/", a command's output "$(printenv EP)/".
var varPrefix = regexp.MustCompile("^(?:\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[^}]*\\}|\\{\\{[^}]*\\}\\}|\\$\\([^()]*\\)|`[^`]*`)/")

// Path returns the byte range [start, end) of the path in a URL-shaped
// value, without query or fragment; ok is false for values that are not
// request targets (file paths, flags, plain words).
func Path(v string) (start, end int, ok bool) {
	switch {
	case strings.Contains(v, "://"):
		i := strings.Index(v, "://") + 3
		j := strings.IndexByte(v[i:], '/')
		if j < 0 {
			return 0, 0, false
		}
		start = i + j
	case hostPort.MatchString(v):
		start = strings.IndexByte(v, '/')
	case varPrefix.MatchString(v):
		start = len(varPrefix.FindString(v)) - 1
	default:
		return 0, 0, false
	}
	end = len(v)
	if k := strings.IndexAny(v[start:], "?# \"'"); k >= 0 {
		end = start + k
	}
	return start, end, end > start
}

var (
	// gatewayEnd is a URL that ends in a gateway prefix: http://h:2379/v3beta.
	gatewayEnd = regexp.MustCompile(`(?:://[^/\s"']+|:[0-9]+)(/v3(?:beta|alpha))(?:["'\s,;)]|$)`)
	// gatewayWord is the gateway version alone in quotes, kept in a variable:
	// $version = 'v3alpha'.
	gatewayWord = regexp.MustCompile(`["'](v3(?:beta|alpha))["']`)
)

// v2Base is an etcd URL (port 2379 or 4001, or a host named etcd) that
// ends in the v2 prefix: a client's base URL, http://127.0.0.1:2379/v2/.
var v2Base = regexp.MustCompile(`(?:://(?:[^/\s"':]*etcd[^/\s"']*|[^/\s"']*:(?:2379|4001))|:(?:2379|4001))(/v2)/?(?:["'\s,;)]|$)`)

// V2Bases returns the v2 prefixes of etcd base URLs in text; off is the
// offset of text in the file.
func V2Bases(text []byte, off int) []*fact.Endpoint {
	var out []*fact.Endpoint
	for _, m := range v2Base.FindAllSubmatchIndex(text, -1) {
		out = append(out, &fact.Endpoint{Path: "/v2/", Span: fact.Span{Start: off + m[2], End: off + m[3]}, Context: "API base URL"})
	}
	return out
}

// Gateways returns the gateway prefixes of text written without a
// full path after them; off is the offset of text in the file.
func Gateways(text []byte, off int) []*fact.Endpoint {
	var out []*fact.Endpoint
	for _, re := range []*regexp.Regexp{gatewayEnd, gatewayWord} {
		for _, m := range re.FindAllSubmatchIndex(text, -1) {
			word := strings.Trim(string(text[m[2]:m[3]]), "/")
			out = append(out, &fact.Endpoint{Path: "/" + word + "/", Span: fact.Span{Start: off + m[2], End: off + m[3]},
				Context: "gateway prefix", Render: textedit.GatewayRenderer{}})
		}
	}
	return out
}
