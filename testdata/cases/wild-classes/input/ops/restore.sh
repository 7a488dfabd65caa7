#!/bin/bash
ETCD_IMG="quay.io/coreos/etcd:v3.3.13"
ETCD_IMG+="-arm64"
docker run --rm "$ETCD_IMG" sh -c "curl -XPUT http://127.0.0.1:2379/config/local/log -d '{\"Level\":\"DEBUG\"}'"
docker -H unix:///var/run/bootstrap.sock run --net=host "$ETCD_IMG" etcdctl set /coreos.com/network/config '{}'
kubectl exec -n kube-system etcd-0 -- etcdctl snapshot restore /backup/snap.db
wait_for_url "http://127.0.0.1:4001/v2/machines"
"${ETCDCTL}" "${ETCDCTL_OPTS[@]}" ls /registry
consul agent --debug
