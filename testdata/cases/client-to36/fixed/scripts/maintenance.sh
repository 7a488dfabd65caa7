#!/bin/bash
# Weekly maintenance of the etcd members, run by the ops timer.
set -euo pipefail
SNAP=/backup/etcd-$(date +%F).db

etcdctl snapshot save "$SNAP"
etcdutl snapshot status "$SNAP" -w table
etcdutl snapshot restore "$SNAP" --data-dir /tmp/restore-check
etcdutl defrag --data-dir /var/lib/etcd
etcdctl defrag --cluster

# offline copies, the old way
etcdutl backup --data-dir /var/lib/etcd --backup-dir /backup/etcd-dir
ETCDCTL_API=2 etcdctl backup --data-dir /var/lib/etcd --backup-dir /backup/etcd-v2
etcdutl snapshot status "$SNAP"

# the v2 store must be empty before 3.6 starts on this data dir
etcdutl check v2store --data-dir /var/lib/etcd
etcdutl check perf

# expire old job locks
etcdctl del --range /locks/a /locks/m
etcdctl del --range /jobs/a /jobs/m
etcdctl del --prefix /tmp/
etcdctl del /single
# a runbook placeholder for an optional range end
etcdctl del /jobs/a [/jobs/z]
etcdctl del --from-key /z
kubectl -n kube-system exec etcd-0 -- etcdctl del --range /leases/0 /leases/9

# v2 leftovers
ETCDCTL_API=2 etcdctl ls /registry
curl -fsS http://127.0.0.1:2379/v2/keys/locks
curl -fsS http://127.0.0.1:2379/v3/kv/range -d '{"key":"Zm9v"}'
etcdctl get /v2/keys

# follow config changes while the job runs
etcdctl watch --recursive /config &
etcdctl watch --prefix /jobs/ &
