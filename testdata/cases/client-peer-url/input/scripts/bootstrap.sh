#!/bin/bash
# Bring up the first member, then check it and point the API server at it.
set -euo pipefail
etcd --name m1 --data-dir /var/lib/etcd \
  --listen-peer-urls http://0.0.0.0:2380 \
  --initial-advertise-peer-urls http://10.0.0.1:2380 \
  --listen-client-urls https://0.0.0.0:2379 \
  --advertise-client-urls https://10.0.0.1:2379,https://127.0.0.1:2379 &

export ETCDCTL_ENDPOINTS=http://10.0.0.1:2380
etcdctl endpoint health
etcdctl --endpoints=http://127.0.0.1:2380 member list
etcdctl --endpoints=https://10.0.0.1:2379 get /ok
ETCDCTL_ENDPOINTS="$PEER" etcdctl get /dynamic
kube-apiserver --etcd-servers=https://10.0.0.1:2379,http://10.0.0.1:2380 --v=2 &
# the peer API over HTTP is no client: this stays alone
curl -fsS http://10.0.0.1:2380/members
