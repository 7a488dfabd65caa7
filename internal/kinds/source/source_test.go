package source

import (
	"fmt"
	"strings"
	"testing"
)

func describe(t *testing.T, name, src string) string {
	t.Helper()
	f, _ := Kind.Parse(name, []byte(src), nil)
	var out []string
	for _, e := range f.Endpoints {
		got := src[e.Span.Start:e.Span.End]
		if strings.Trim(got, "/") != strings.Trim(e.Path, "/") && e.Context != "gateway prefix" {
			t.Errorf("%s: span covers %q, path %q", name, got, e.Path)
		}
		out = append(out, fmt.Sprintf("%s %s render=%v", e.Context, e.Path, e.Render != nil))
	}
	for _, im := range f.Imports {
		if got := src[im.Span.Start:im.Span.End]; got != im.Path && !im.Implied {
			t.Errorf("%s: import span covers %q, path %q", name, got, im.Path)
		}
		out = append(out, "import "+im.Lang+" "+im.Path)
		for _, c := range im.Calls {
			if got := src[c.Span.Start:c.Span.End]; got != c.Name {
				t.Errorf("%s: call span covers %q, name %q", name, got, c.Name)
			}
			out = append(out, fmt.Sprintf("  call %s (%s)", c.Name, c.Member))
		}
	}
	return strings.Join(out, "\n")
}

// Clients of v2 libraries are made in each language's own way: new on a
// required module, a call without parentheses, a subclass; a library's
// imports of itself are not uses.
func TestV2Clients(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"b.js", "var Etcd = require('node-etcd');\nthis.etcd = new Etcd(hosts);\nthis.x = notEtcd(1);\n", "import js node-etcd\n  call Etcd (default)"},
		{"b.ts", "import Etcd from \"node-etcd\";\nconst e = new Etcd();\n", "import js node-etcd\n  call Etcd (default)"},
		{"c.rb", "require 'etcd'\nclient = Etcd.client\nc2 = Etcd.client(host: 'x')\n", "import ruby etcd\n  call Etcd.client (client)\n  call Etcd.client (client)"},
		{"d.py", "import etcd\nclass Client(etcd.Client):\n    pass\nc = Client(config)\n", "import python etcd\n  call Client (Client)"},
		{"E.java", "package mousio.etcd4j.requests;\nimport mousio.etcd4j.transport.EtcdClientImpl;\n", ""},
	} {
		if got := describe(t, tc.name, tc.src); got != tc.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a.go", `package x

import (
	"fmt" // "/v3beta/" in a comment
	client "go.etcd.io/etcd/client/v2"
	v3 "go.etcd.io/etcd/client/v3"
)

import "github.com/coreos/etcd/client"

/* the gateway used to live at /v3alpha/kv/range */
var u = "http://127.0.0.1:2379/config/local/log"
var r = ` + "`" + `/v3beta/kv/range` + "`" + `
var s = "quoted \"/v2/keys/x\" inside"
var notAPath = "go.etcd.io/etcd/api/v3/etcdserverpb"
var x = 'a' + "/v3/kv/put"
`, `comment /v3beta/ render=false
comment /v3alpha/kv/range render=false
string literal /config/local/log render=true
string literal /v3beta/kv/range render=true
string literal /v3/kv/put render=true
import go go.etcd.io/etcd/client/v2
import go go.etcd.io/etcd/client/v3
import go github.com/coreos/etcd/client`},
		{"c.py", `import etcd
import etcd3
from etcd import Client  # not /v2/keys
DEFAULT = f"{base}/v3beta/kv/range"
RAW = r'\d+/v3alpha/watch'
DOC = """Talks to /v2/stats/self like in 2016."""
s = 'it\'s "/v2/members"'
API_VERSION = '/v2/'
url = "%s/v2/%s" % (base, endpoint)
`, `comment /v2/keys render=false
string literal /v3beta/kv/range render=true
API prefix /v2/ render=false
URL template /v2/ render=false
import python etcd
import python etcd3
import python etcd`},
		{"d.js", "const Etcd = require('node-etcd'); // http://x/v3beta/\nimport x from \"etcd3\";\nfetch(`${url}/v2/members`)\n", `comment /v3beta/ render=false
string literal /v2/members render=true
import js node-etcd
import js etcd3`},
		{"e.rb", "require 'etcd'\n# see /config/local/log\nURL = \"#{host}:2379/v3beta/kv/put\"\n", `comment /config/local/log render=false
string literal /v3beta/kv/put render=true
import ruby etcd`},
		{"urls.rb", "r = Resource.new(\"#{protocol}://#{config[:server]}:#{config[:port]}/v2/members\")\ns = \"until curl -sf http://localhost:2379/v2/keys/; do sleep 1; done\"\nt = \"see the docs on /v2/keys for more\"\n", `string literal /v2/members render=true
string literal /v2/keys/ render=true`},
		{"percent.rb", "n = total % (count)\nsh %(curl -s http://127.0.0.1:2379/v2/keys/message -XPUT)\nx = %w[a b]\n", `string literal /v2/keys/message render=true`},
		{"gw.php", "<?php // talks to etcd\n$version = 'v3alpha';\n$base = \"http://etcd:2379/v3beta\";\n$ok = 'v3';\nswitch ($v) {\n  case 'v3beta':\n}\nif ($v == 'v3alpha') {}\n", `gateway prefix /v3alpha/ render=true
gateway prefix /v3beta/ render=true`},
		{"base.java", "// an etcd client\nString BASE_PATH = \"{location}/v2\";\nString V3 = \"{location}/v3\";\nString doc = \"see {location}/v2 docs\";\n", `API base path /v2/ render=false`},
		{"dial.go", "package x\n\nimport (\n\tclientv3 \"go.etcd.io/etcd/client/v3\"\n\t\"google.golang.org/grpc\"\n)\n\nvar o = grpc.WithBlock()\n", `import go go.etcd.io/etcd/client/v3
import go google.golang.org/grpc
  call grpc.WithBlock (WithBlock)`},
		{"other.go", "package x\n\nimport \"google.golang.org/grpc\"\n\nvar o = grpc.WithBlock()\n", ``},
		// a snippet (a README's example) uses packages it does not import
		{"snippet.go", "cli, err := clientv3.New(clientv3.Config{DialOptions: []grpc.DialOption{grpc.WithBlock()}})\n", `import go go.etcd.io/etcd/client/v3
  call clientv3.New (New)
import go google.golang.org/grpc
  call grpc.WithBlock (WithBlock)`},
		{"admin.py", "# etcd charm\nfh = urllib.urlopen(\"http://localhost:7001/v2/admin/machines\")\n", `string literal /v2/admin/machines render=true`},
		{"stats.rs", "// etcd stats\nlet url = build_url(&endpoints[0], \"v2/stats/leader\");\nlet other = \"v2/widgets\";\n", `relative path /v2/stats/leader render=false`},
		{"index.coffee", "# etcd v2 client\nEtcd = require 'node-etcd'\nopt = @_prepareOpts (\"keys/\" + key), \"/v2\", value\n", `API prefix /v2/ render=false
import ruby node-etcd`},
		{"Client.java", "import mousio.etcd4j.EtcdClient;\nimport java.net.URI;\nclass A {\n  EtcdClient c = new EtcdClient(URI.create(\"http://x:2379\"));\n  EtcdClient get() { return c; }\n}\n", `import java mousio.etcd4j.EtcdClient
  call EtcdClient (EtcdClient)`},
		{"unterminated.java", "import mousio.etcd4j.EtcdClient;\nString s = \"/v2/keys\n/* /v3beta/", `string literal /v2/keys render=true
comment /v3beta/ render=false
import java mousio.etcd4j.EtcdClient`},
		{"calls.go", `package x

import (
	"context"

	etcdv2 "go.etcd.io/etcd/client/v2"
	"go.etcd.io/etcd/client/v3"
)

import "github.com/coreos/etcd/client"

func f() {
	c, _ := etcdv2.New(etcdv2.Config{})
	k := client.NewKeysAPI(c) // client.New( in a comment
	v3, _ := clientv3.New(clientv3.Config{})
	s := "etcdv2.New(x)"
	x.etcdv2.New()
	notetcdv2.New()
}
`, `import go go.etcd.io/etcd/client/v2
  call etcdv2.New (New)
import go go.etcd.io/etcd/client/v3
  call clientv3.New (New)
import go github.com/coreos/etcd/client
  call client.NewKeysAPI (NewKeysAPI)`},
		{"calls.py", `import etcd
import etcd3 as etcdv3, os
from etcd import Client as C, Lock  # Client(
from etcd3 import client

c = etcd.Client(host="h")  # etcd.Client( in a comment
d = C(port=2379)
l = Lock(c, "x")
e = etcdv3.client()
f = client(host="h")
g = self.etcd.Client()
s = "etcd.Client()"
def C():
    pass
`, `import python etcd
  call etcd.Client (Client)
import python etcd3
  call etcdv3.client (client)
import python etcd
  call C (Client)
  call Lock (Lock)
import python etcd3
  call client (client)`},
	} {
		if got := describe(t, tc.name, tc.src); got != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

// A regex literal written for capnslog's text lines in a program about etcd
// is a log consumer; other patterns and other programs' logs are not.
func TestLogParsers(t *testing.T) {
	src := `# parses etcd's log
FORMAT = %q{/^(?<time>\d[^\s]*\s[^\s]*)\s(?<severity>\w)\s[/|]\s(?<source>[^\s]*[\:])/}
TABLE = "a | b: c"
JSON = '^\{"level":"(?<level>\w+)"'
`
	f, _ := Kind.Parse("parser_etcd.rb", []byte(src), nil)
	if len(f.LogParsers) != 1 || !strings.HasPrefix(src[f.LogParsers[0].Span.Start:], "/^(?<time>") {
		t.Errorf("log parsers: %+v", f.LogParsers)
	}
	if f, _ := Kind.Parse("parser.rb", []byte(strings.ReplaceAll(src, "etcd", "nginx")), nil); len(f.LogParsers) != 0 {
		t.Errorf("a file not about etcd: %+v", f.LogParsers)
	}
}

// Relative imports inside a package named etcd are that library, as its
// users import it; a sibling module of the library itself is not a use.
func TestRelativeImports(t *testing.T) {
	src := "from ...client import Client\nfrom . import helpers\nfrom .lock import Lock\nc = Client(port=6001)\n"
	f, _ := Kind.Parse("src/etcd/tests/integration/test_ssl.py", []byte(src), nil)
	if len(f.Imports) != 1 || f.Imports[0].Path != "etcd.client" || src[f.Imports[0].Span.Start:f.Imports[0].Span.End] != "...client" {
		t.Fatalf("imports %+v", f.Imports)
	}
	if calls := f.Imports[0].Calls; len(calls) != 1 || calls[0].Member != "Client" {
		t.Errorf("calls %+v", calls)
	}
	if f, _ := Kind.Parse("src/myapp/tests/test_x.py", []byte(src), nil); len(f.Imports) != 0 {
		t.Errorf("another package's relative imports: %+v", f.Imports)
	}
}

// A Ruby file that uses the etcd gem required elsewhere in its program
// still makes v2 clients; the etcdv3 gem's does not.
func TestRubyImpliedGem(t *testing.T) {
	f, _ := Kind.Parse("client.rb", []byte("module D\n  def self.create(c)\n    Etcd.client host: c.host, port: c.port\n  end\nend\n"), nil)
	if len(f.Imports) != 1 || !f.Imports[0].Implied || len(f.Imports[0].Calls) != 1 {
		t.Fatalf("imports %+v", f.Imports)
	}
	if f, _ := Kind.Parse("v3.rb", []byte("conn = Etcdv3.new(endpoints: 'http://127.0.0.1:2379')\n"), nil); len(f.Imports) != 0 {
		t.Errorf("etcdv3: %+v", f.Imports)
	}
}
