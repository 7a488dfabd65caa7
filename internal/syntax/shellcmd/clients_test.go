package shellcmd

import (
	"fmt"
	"strings"
	"testing"
)

// describeClients lists the invocations of a script as
// "prog API=v [operands] {flags}" and its endpoints as "METHOD path".
func describeClients(t *testing.T, src string) string {
	t.Helper()
	f, errs := ParseScript([]byte(src), testSchema, nil)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs[0])
	}
	var out []string
	for _, inv := range f.Invocations {
		api := "-"
		if e, ok := inv.Getenv("ETCDCTL_API"); ok {
			api = e.Value
			if q(src, e.Span) == "" {
				t.Errorf("empty span for ETCDCTL_API")
			}
		}
		var ops, flags []string
		for _, o := range inv.Operands {
			ops = append(ops, o.Value)
		}
		for _, fl := range inv.Flags {
			flags = append(flags, fmt.Sprintf("%s=%s", fl.Name, fl.Value))
		}
		out = append(out, fmt.Sprintf("%s API=%s %v %v", q(src, inv.ProgramSpan), api, ops, flags))
	}
	for _, e := range f.Endpoints {
		if e.Address != "" {
			if q(src, e.Span) != e.Address {
				t.Errorf("address %s: span covers %q", e.Address, q(src, e.Span))
			}
			out = append(out, "addr "+e.Context+" "+e.Address)
			continue
		}
		if q(src, e.Span) != e.Path && e.Render != nil {
			t.Errorf("endpoint %s: span covers %q", e.Path, q(src, e.Span))
		}
		out = append(out, e.Method+" "+e.Path)
	}
	for _, l := range f.LogParsers {
		out = append(out, "log "+q(src, l.Span))
	}
	return strings.Join(out, "\n")
}

func TestClients(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"over ssh and behind a prefix variable", `
ssh -i key.pem -o StrictHostKeyChecking=no core@host "${ETCDCTL_VARS} etcdctl cluster-health"
ssh -t core@host etcdctl ls /x
ssh core@host
ETCDCTL_API=2 ssh -qi key.pem core@host "etcdctl get /y"
ssh core@host cd /tmp '&&' etcdctl snapshot save s.db
$SUDO etcdctl member list
$RUNNER ls /x`, `etcdctl API=- [cluster-health] []
etcdctl API=- [ls /x] []
etcdctl API=- [get /y] []
etcdctl API=- [snapshot save s.db] []
etcdctl API=- [member list] []`},
		{"api from export, then prefix, then unset", `
export ETCDCTL_API=3
etcdctl get foo --prefix
ETCDCTL_API=2 etcdctl ls /registry
unset ETCDCTL_API
etcdctl --endpoints $EP member list`, `etcdctl API=3 [get foo] [prefix=]
etcdctl API=2 [ls /registry] []
etcdctl API=- [member list] [endpoints=$EP]`},
		{"server addresses", `
export ETCDCTL_ENDPOINTS="https://10.0.0.1:2379, https://10.0.0.2:2379"
ETCDCTL_ENDPOINTS=http://127.0.0.1:2380 etcdctl endpoint health
env ETCDCTL_ENDPOINTS=10.0.0.3:2379 etcdctl --endpoints 'http://a:2379,$X,http://b:2379' get k
ETCDCTL_API=2 etcdctl -C http://c:4001 ls
etcdctl --endpoints=https://[::1]:2379 put k v
/usr/local/bin/kube-apiserver --etcd-servers=https://10.0.0.1:2379,https://10.0.0.2:2380 --v=2
kube-apiserver --etcd-servers "${ETCD_SERVERS}"
etcdutl --endpoints=http://x:2379 snapshot status s.db
curl --endpoints=http://y:2379 http://z:2379/health`, `etcdctl API=- [endpoint health] []
etcdctl API=- [get k] [endpoints=http://a:2379,$X,http://b:2379]
etcdctl API=2 [ls] [C=http://c:4001]
etcdctl API=- [put k v] [endpoints=https://[::1]:2379]
etcdutl API=- [snapshot status s.db] [endpoints=http://x:2379]
curl API=- [] [endpoints=http://y:2379]
addr ETCDCTL_ENDPOINTS https://10.0.0.1:2379
addr ETCDCTL_ENDPOINTS https://10.0.0.2:2379
addr ETCDCTL_ENDPOINTS http://127.0.0.1:2380
addr ETCDCTL_ENDPOINTS 10.0.0.3:2379
addr etcdctl --endpoints http://a:2379
addr etcdctl --endpoints http://b:2379
addr etcdctl -C http://c:4001
addr etcdctl --endpoints https://[::1]:2379
addr kube-apiserver --etcd-servers https://10.0.0.1:2379
addr kube-apiserver --etcd-servers https://10.0.0.2:2380
GET /health`},
		{"kube-apiserver overrides; --etcd-servers elsewhere", `
kube-apiserver --etcd-servers-overrides='/events#https://10.0.0.5:2380;https://10.0.0.6:2379,apps/deployments#http://d:2379' \
  --etcd-servers-overrides "/pods#$X;http://e:2380,bad-item"
etcd-proxy --etcd-servers=http://10.0.0.7:2380
kube-controller-manager --etcd-servers http://10.0.0.8:2380`, `addr kube-apiserver --etcd-servers-overrides https://10.0.0.5:2380
addr kube-apiserver --etcd-servers-overrides https://10.0.0.6:2379
addr kube-apiserver --etcd-servers-overrides http://d:2379
addr kube-apiserver --etcd-servers-overrides http://e:2380`},
		{"kubectl exec runs the command in the container", `
export ETCDCTL_API=2
kubectl -n kube-system exec -it etcd-master -c etcd -- etcdctl --endpoints=https://127.0.0.1:2379 member list
kubectl exec etcd-0 -- env ETCDCTL_API=3 etcdctl snapshot save /tmp/s.db
oc exec etcd-0 -- sh -c "ETCDCTL_API=2 etcdctl ls /"
kubectl logs etcd-0 -- etcdctl get k
kubectl exec etcd-0 etcdctl get k`, `etcdctl API=- [member list] [endpoints=https://127.0.0.1:2379]
etcdctl API=3 [snapshot save /tmp/s.db] []
etcdctl API=2 [ls /] []
addr etcdctl --endpoints https://127.0.0.1:2379`},
		{"export after the call does not count", `
etcdctl set /a b
export ETCDCTL_API=2`, `etcdctl API=- [set /a b] []`},
		{"env and sudo operands, wrappers, paths", `
sudo -E env ETCDCTL_API=2 /usr/local/bin/etcdctl cluster-health
timeout 10 etcdutl snapshot status /b.db -w table`, `/usr/local/bin/etcdctl API=2 [cluster-health] []
etcdutl API=- [snapshot status /b.db] [w=table]`},
		{"sh -c inherits exports", `
export ETCDCTL_API=3
sudo sh -c "etcdctl snapshot restore /b.db --data-dir /var/lib/etcd"`, `etcdctl API=3 [snapshot restore /b.db] [data-dir=/var/lib/etcd]`},
		{"curl, wget and httpie", `
curl -fsS -X PUT -d '{"Level":"DEBUG"}' http://127.0.0.1:2379/config/local/log
curl -L --cacert /etc/ssl/ca.pem "$EP/v2/stats/self?pretty" -o /tmp/out
wget -qO- https://etcd:2379/health
http POST :2379/v3beta/kv/range key=Zm9v
curl -XDELETE "http://${HOST}:2379/v2/keys/a%20b"
curl -X POST http://localhost:8182/v2/backends -d '{}'`, `curl API=- [] [fsS= X=PUT d={"Level":"DEBUG"}]
curl API=- [] [L= cacert=/etc/ssl/ca.pem o=/tmp/out]
wget API=- [] [qO-=]
http API=- [] []
curl API=- [] [X=DELETE]
curl API=- [] [X=POST d={}]
PUT /config/local/log
GET /v2/stats/self
GET /health
POST /v3beta/kv/range
DELETE /v2/keys/a%20b`},
		{"an alias with flags", `
alias etcdctl="/snap/bin/etcd.etcdctl --ca-file /ca.pem"
etcdctl cluster-health
unalias etcdctl`, `etcdctl API=- [cluster-health] [ca-file=/ca.pem]`},
		{"greps over the etcd journal", `
journalctl -u etcd --since today | grep -c ' E | '
journalctl --unit=etcd.service | grep -E '(W|E) \| etcdserver'
journalctl -u kubelet | grep ' E | '
journalctl -u etcd | grep 'took too long'`, `log ' E | '
log '(W|E) \| etcdserver'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := describeClients(t, tc.src); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// A sed insert writes a line into a file: a client variable it sets is set
// as an export would; a delete or a plain sed is no setting.
func TestSedInsert(t *testing.T) {
	src := `sudo sed -i "1iETCDCTL_CA_FILE=/etc/ca.pem" /etc/environment
sed -i "/^ETCDCTL_CA_FILE/d" /etc/environment
sed -i '$a ETCDCTL_CACERT=/etc/ca.pem' /etc/environment
sed "1iETCDCTL_PEERS=http://a:2379" in.txt
`
	f, errs := ParseScript([]byte(src), testSchema, nil)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var got []string
	for _, v := range f.ClientEnv {
		got = append(got, v.Name+"="+v.Value+" @"+q(src, v.Span))
	}
	want := "ETCDCTL_CA_FILE=/etc/ca.pem @ETCDCTL_CA_FILE=/etc/ca.pem|ETCDCTL_CACERT=/etc/ca.pem @ETCDCTL_CACERT=/etc/ca.pem"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
