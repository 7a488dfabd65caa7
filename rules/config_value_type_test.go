package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/etcdconfig"
	"github.com/etcdlint/etcdlint/rules"
)

func TestConfigValueType(t *testing.T) {
	src := `name: n1
listen-client-urls: http://127.0.0.1:2379
log-outputs: stderr
experimental-corrupt-check-time: "1m"
proxy: off
snapshot-count: "10000"
initial-cluster-token: 1234
enable-grpc-gateway: "true"
cipher-suites: [TLS_AES_128_GCM_SHA256]
heartbeat-interval: 100
initial-cluster-state: "new"
auto-compaction-retention: "1h"
strict-reconfig-check: true
wal-dir:
`
	c := rules.MustLoadCatalog()
	facts, errs := etcdconfig.Kind.Parse("etcd.yml", []byte(src), c)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	up, _ := rules.ParseUpgrade("", "3.5")
	var got []string
	for _, d := range rules.Run(up, c, facts, nil) {
		if d.Rule == "config-value-type" {
			fix := ""
			if d.Fix != nil {
				fix = *d.Fix.Intents[0].Value
			}
			got = append(got, fmt.Sprintf("%d:%s:%s", strings.Count(src[:d.Span.Start], "\n")+1, d.Severity, fix))
		}
	}
	want := `3:error:[stderr] 4:error:60000000000 5:warning:"off" 6:error:10000 7:error:"1234" 8:error:true`
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
