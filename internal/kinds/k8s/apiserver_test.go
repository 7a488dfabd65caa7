package k8s

import (
	"strings"
	"testing"
)

func TestAPIServerEtcdServers(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"static pod command list", `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.30.0
    command:
    - kube-apiserver
    - --advertise-address=10.0.0.1
    - "--etcd-servers=https://10.0.0.1:2380,https://10.0.0.2:2379"
    - --etcd-servers-overrides
    - /events#https://10.0.0.9:2380
`, "kube-apiserver --etcd-servers https://10.0.0.1:2380|kube-apiserver --etcd-servers https://10.0.0.2:2379|kube-apiserver --etcd-servers-overrides https://10.0.0.9:2380"},
		{"flow list in a Deployment, path to the binary", `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
      - image: x
        command: [/usr/local/bin/kube-apiserver]
        args: ['--etcd-servers=http://etcd-0.etcd:2380']
`, "kube-apiserver --etcd-servers http://etcd-0.etcd:2380"},
		{"arguments to the kube-apiserver image", `apiVersion: v1
kind: Pod
spec:
  containers:
  - image: registry.k8s.io/kube-apiserver-amd64:v1.30.0@sha256:abc
    args: [--etcd-servers=http://127.0.0.1:2379]
`, "kube-apiserver --etcd-servers http://127.0.0.1:2379"},
		{"look-alikes: another program, another image, $(VAR)", `apiVersion: v1
kind: Pod
spec:
  containers:
  - image: registry.k8s.io/kube-apiserver:v1.30.0
    command: [etcd-proxy, --etcd-servers=http://10.0.0.1:2380]
  - image: example/etcd-gateway
    args: [--etcd-servers=http://10.0.0.1:2380]
  - image: registry.k8s.io/kube-apiserver:v1.30.0
    command: [kube-apiserver, "--etcd-servers=$(ETCD_SERVERS)"]
  - image: registry.k8s.io/kube-apiserver:v1.30.0
    args: [kube-apiserver-wrapper, --etcd-servers=http://10.0.0.1:2380]
`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := parse(t, tc.src)
			var got []string
			for _, e := range f.Endpoints {
				if tc.src[e.Span.Start:e.Span.End] != e.Address {
					t.Errorf("%s: span covers %q", e.Address, tc.src[e.Span.Start:e.Span.End])
				}
				got = append(got, e.Context+" "+e.Address)
			}
			if g := strings.Join(got, "|"); g != tc.want {
				t.Errorf("got\n%s\nwant\n%s", g, tc.want)
			}
			if len(f.Processes) != 0 {
				t.Errorf("%d etcd processes", len(f.Processes))
			}
		})
	}
}
