#!/bin/bash
# Nightly etcd backup, run from cron on every control-plane node.
set -euo pipefail
export ETCDCTL_API=3
ENDPOINTS=https://127.0.0.1:2379
CERTS="--cacert=/etc/etcd/pki/ca.crt --cert=/etc/etcd/pki/client.crt --key=/etc/etcd/pki/client.key"
SNAP=/backup/etcd-$(date +%F).db

etcdctl --endpoints="$ENDPOINTS" $CERTS snapshot save "$SNAP"
etcdctl --write-out=table snapshot status "$SNAP"
etcdctl get /registry --prefix --keys-only --endpoints "$ENDPOINTS" | head

# verify the snapshot restores
rm -rf /tmp/restore-check
etcdctl snapshot restore "$SNAP" \
  --endpoints="$ENDPOINTS" \
  --data-dir /tmp/restore-check \
  --name check
etcdctl defrag --data-dir /var/lib/etcd
ETCDCTL_API=3 etcdctl migrate --data-dir /var/lib/etcd
kube-apiserver --etcd-servers="$ENDPOINTS" --help >/dev/null
