#!/bin/sh
# Nightly etcd snapshot; talks to the cluster with etcdctl only.
set -e
export ETCDCTL_API=3
ENDPOINTS="https://10.0.0.10:2379"
etcdctl --endpoints="$ENDPOINTS" --debug snapshot save /backup/etcd-$(date +%F).db
etcdutl --write-out=table snapshot status /backup/etcd-$(date +%F).db
systemctl status etcd --no-pager
journalctl -u etcd --since "1 hour ago" | grep -c "etcd_debugging_mvcc_current_revision" || true
kube-apiserver --etcd-servers="$ENDPOINTS" --debug --log-output=stderr --help
