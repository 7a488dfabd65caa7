#!/bin/sh
# online commands that stay in etcdctl, and the offline ones already on etcdutl
etcdctl --endpoints=https://10.0.0.1:2379 snapshot save /backup/etcd.db
etcdctl --endpoints=https://10.0.0.1:2379 defrag
etcdutl snapshot status /backup/etcd.db -w table
etcdutl defrag --data-dir /var/lib/etcd
# names of the programs, not runs
which etcdctl etcdutl
