package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

func TestKnownBadVersion(t *testing.T) {
	src := `quay.io/coreos/etcd:v3.5.1
registry.k8s.io/etcd:3.5.33-0
etcd-v3.4.20-linux-amd64.tar.gz etcd-v3.4.20-linux-amd64
gcr.io/etcd-development/etcd:v3.6.4
ETCD_VER=v3.5
quay.io/coreos/etcd:v3.3.10
`
	c := rules.MustLoadCatalog()
	up, _ := rules.ParseUpgrade("", "3.6")
	var got []string
	for _, d := range rules.Run(up, c, &fact.Facts{Images: image.Scan([]byte(src))}, nil) {
		if d.Rule == "known-bad-version" {
			got = append(got, fmt.Sprintf("%d:%s:%s", strings.Count(src[:d.Span.Start], "\n")+1, d.Severity, src[d.Span.Start:d.Span.End]))
			if !strings.Contains(d.Message, "or later") {
				t.Errorf("no fixed release named: %s", d.Message)
			}
		}
	}
	want := "1:error:v3.5.1 3:warning:v3.4.20 4:warning:v3.6.4"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
