package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/source"
	"github.com/etcdlint/etcdlint/internal/syntax/shellcmd"
	"github.com/etcdlint/etcdlint/rules"
)

// clientFindings runs the rules on a shell script and lists the findings
// of the given rule as "line: text under the span".
func clientFindings(t *testing.T, to, rule, src string) string {
	t.Helper()
	up, err := rules.ParseUpgrade("", to)
	if err != nil {
		t.Fatal(err)
	}
	c := rules.MustLoadCatalog()
	facts, errs := shellcmd.ParseScript([]byte(src), c, nil)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var out []string
	for _, d := range rules.Run(up, c, facts, nil) {
		if d.Rule == rule {
			line := strings.Count(src[:d.Span.Start], "\n") + 1
			out = append(out, fmt.Sprintf("%d: %s", line, src[d.Span.Start:d.Span.End]))
		}
	}
	return strings.Join(out, "\n")
}

func TestClientRules(t *testing.T) {
	for _, tc := range []struct{ name, to, rule, src, want string }{
		{"peer url only for 3.6", "3.5", "client-on-peer-url", `etcd --listen-peer-urls http://10.0.0.1:2380 &
etcdctl --endpoints http://10.0.0.1:2380 get k`, ``},
		{"peer url by port, not by look", "3.6", "client-on-peer-url", `etcd --listen-peer-urls http://10.0.0.1:2390 --initial-advertise-peer-urls "$PEER" &
etcdctl --endpoints http://10.0.0.1:2380,10.0.0.2:2390 get k
etcdctl --endpoints http://10.0.0.1:2390/ get k
etcdctl --endpoints http://10.0.0.1 get k`, `2: 10.0.0.2:2390
3: http://10.0.0.1:2390/`},
		{"no etcd process shown, or one whose peer URLs are elsewhere", "3.6", "client-on-peer-url", `. /etc/etcd.env
etcdctl --endpoints http://127.0.0.1:2380 get k`, ``},
		{"partial process gets no default", "3.6", "client-on-peer-url", `etcd $ETCD_ARGS &
etcdctl --endpoints http://127.0.0.1:2380 get k`, ``},
		{"del range only for 3.6", "3.5", "etcdctl-del-range", `etcdctl del a c`, ``},
		{"del range", "3.6", "etcdctl-del-range", `etcdctl del a c
etcdctl del a
etcdctl del --range a c
etcdctl --prefix del a c
ETCDCTL_API=2 etcdctl del a c
etcdctl del "$A" "$B"
TO=$(etcdctl get x)
etcdctl del $FROM $TO`, `1: del a c
6: del "$A" "$B"
8: del`},
		{"v3 command groups are not v2 commands", "3.6", "v2-api-usage", `etcdctl member list
etcdctl user add bob
etcdctl get k
etcdctl watch k
etcdctl ls /
etcdctl cluster-health
ETCDCTL_API=2 etcdctl member list`, `5: etcdctl ls
6: etcdctl cluster-health
7: etcdctl member`},
		{"clients run in a container", "3.5", "v2-api-usage", `docker run --rm -it $IMG etcdctl --endpoints=$E set /k v
docker exec -e ETCDCTL_API=2 etcd0 etcdctl ls /
docker run -e ETCDCTL_API=3 quay.io/coreos/etcd:v3.4.0 etcdctl get /k
podman run --name x img sh -c "etcdctl mk /a b"
docker -H unix:///var/run/bootstrap.sock run --net=host etcd:2.0.12 etcdctl set /a b
"${ETCDCTL}" "${OPTS[@]}" rmdir /a`, `1: etcdctl --endpoints=$E set
2: etcdctl ls
4: etcdctl mk
5: etcdctl set
6: "${ETCDCTL}" "${OPTS[@]}" rmdir`},
		{"v2-only flags and ETCDCTL_API=2 set for later runs", "3.5", "v2-api-usage", `etcdctl --ca-file ca.pem --peers https://a:2379 member list
ETCDCTL_API=3 etcdctl --cacert ca.pem member list
etcdctl -C http://a:2379 get /k
export ETCDCTL_API=2
etcdctl --endpoints http://a:2379 endpoint health
export ETCDCTL_CA_FILE=/ca.pem ETCDCTL_CACERT=/ca.pem`, `1: etcdctl --ca-file ca.pem
3: etcdctl -C http://a:2379
4: ETCDCTL_API=2
6: ETCDCTL_CA_FILE=/ca.pem`},
		{"etcdutl backup and check v2store on 3.6", "3.6", "etcdutl-backup", `etcdutl backup --data-dir d --backup-dir b
etcdutl snapshot status s.db
etcdctl backup`, `1: backup`},
		{"etcdutl backup on 3.5 is fine", "3.5", "etcdutl-backup", `etcdutl backup --data-dir d --backup-dir b`, ``},
		{"check v2store", "3.6", "etcdutl-check-v2store", `etcdutl check v2store --data-dir d
etcdutl check
etcdctl check perf`, `1: check v2store`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := clientFindings(t, tc.to, tc.rule, tc.src); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// go-etcd, the first Go client, speaks only the v2 API: its import and the
// clients it makes are v2 uses; clientv3 is not.
func TestGoEtcdClient(t *testing.T) {
	src := `package x

import (
	etcd2 "github.com/coreos/go-etcd/etcd"
	clientv3 "go.etcd.io/etcd/client/v3"
)

func f(urls []string) {
	c := etcd2.NewClient(urls)
	v3, _ := clientv3.New(clientv3.Config{Endpoints: urls})
	_, _ = c, v3
}
`
	up, _ := rules.ParseUpgrade("", "3.6")
	c := rules.MustLoadCatalog()
	facts, _ := source.NewKind(nil).Parse("x.go", []byte(src), c)
	var got []string
	for _, d := range rules.Run(up, c, facts, nil) {
		if d.Rule == "v2-api-usage" {
			got = append(got, src[d.Span.Start:d.Span.End])
		}
	}
	if strings.Join(got, "|") != "github.com/coreos/go-etcd/etcd|etcd2.NewClient" {
		t.Errorf("findings %q", got)
	}
}
