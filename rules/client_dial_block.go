package rules

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

var clientDialBlock = &Rule{
	ID:       "client-dial-block",
	Title:    "grpc.WithBlock() in a clientv3 program is no longer honoured by the 3.7 client",
	Severity: Warning,
	Surfaces: []string{"import"},
	Rationale: `The Go client go.etcd.io/etcd/client/v3 used to honour grpc.WithBlock() in Config.DialOptions:
clientv3.New waited until a connection was up (or DialTimeout passed) and returned an error otherwise.
The 3.7 client creates its connection without blocking and no longer honours the option
(CHANGELOG-3.7, etcd-io/etcd#21942): New returns at once, and a program that relied on its error to
find a down cluster learns it only from its first request. This matters when the program's go.mod moves
to client/v3 3.7 with the cluster. The finding is on each grpc.WithBlock() call in a Go file that uses
clientv3; there is no automatic fix: check the first request's error (or watch the connection state)
instead.`,
	Before:      "import (\n\tclientv3 \"go.etcd.io/etcd/client/v3\"\n\t\"google.golang.org/grpc\"\n)\n…\ncli, err := clientv3.New(clientv3.Config{Endpoints: eps, DialOptions: []grpc.DialOption{grpc.WithBlock()}})",
	After:       "cli, err := clientv3.New(clientv3.Config{Endpoints: eps})\n_, err = cli.Status(ctx, eps[0]) // the first request says whether the cluster is up",
	ExampleFile: "main.go",
	Since:       "3.7",
	Check: func(p *Pass) {
		usesV3 := false
		for _, im := range p.Facts.Imports {
			if im.Lang == "go" && (strings.HasPrefix(im.Path, "go.etcd.io/etcd/client/v3") || strings.HasSuffix(im.Path, "/clientv3")) {
				usesV3 = true
			}
		}
		if !usesV3 {
			return
		}
		for _, im := range p.Facts.Imports {
			if im.Lang != "go" || im.Path != "google.golang.org/grpc" {
				continue
			}
			for _, c := range im.Calls {
				if c.Member == "WithBlock" && !othersOption(c) {
					p.Report(Diagnostic{Severity: Warning, Span: c.Span, Message: fmt.Sprintf(
						"%s() is not honoured by the etcd %s client: clientv3.New returns without waiting for a connection (etcd-io/etcd#21942), so a down cluster shows only in the first request's error; check that error instead", c.Name, p.Upgrade.To)})
				}
			}
		}
	},
}

// othersOption reports a call written in the arguments of a call that is
// not the etcd client's: grpc's own dial ("grpc.Dial(t, grpc.WithBlock())",
// through etcd's name resolver, say), or another client's option that takes
// dial options ("pdopt.WithGRPCDialOptions(grpc.WithBlock())"). Any other
// call (append, a helper of the program's) may hand it to clientv3.
func othersOption(c fact.Call) bool {
	grpc := strings.TrimSuffix(c.Name, "."+c.Member)
	return strings.HasPrefix(c.In, grpc+".") || strings.Contains(strings.ToLower(c.In), "dialoption")
}
