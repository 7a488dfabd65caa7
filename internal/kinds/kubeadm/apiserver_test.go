package kubeadm_test

import (
	"strings"
	"testing"
)

func TestAPIServerEtcdServers(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"v1beta3 map", `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer:
  extraArgs:
    etcd-servers: "https://10.0.0.1:2380,https://10.0.0.2:2379"
    etcd-servers-overrides: /events#https://10.0.0.3:2380
    advertise-address: 10.0.0.1
etcd:
  local:
    extraArgs:
      listen-peer-urls: https://10.0.0.1:2380
`, "kubeadm apiServer.extraArgs etcd-servers https://10.0.0.1:2380|kubeadm apiServer.extraArgs etcd-servers https://10.0.0.2:2379|kubeadm apiServer.extraArgs etcd-servers-overrides https://10.0.0.3:2380"},
		{"v1beta4 list in Cluster API", `apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: KubeadmControlPlane
spec:
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        extraArgs:
        - name: etcd-servers
          value: http://127.0.0.1:2380
        - name: etcd-cafile
          value: http://127.0.0.1:2380
`, "kubeadm apiServer.extraArgs etcd-servers http://127.0.0.1:2380"},
		{"look-alikes: etcd's own extraArgs, controllerManager, a template", `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
controllerManager:
  extraArgs:
    etcd-servers: http://10.0.0.1:2380
apiServer:
  extraArgs:
    etcd-servers: "{{ etcd_servers }}"
etcd:
  local:
    extraArgs:
      etcd-servers: http://10.0.0.1:2380
`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := parse(t, "kubeadm.yaml", tc.src)
			if len(errs) > 0 {
				t.Fatal(errs[0])
			}
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
		})
	}
}
