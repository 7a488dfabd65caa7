#!/bin/sh
set -e
etcdctl --endpoints=https://10.0.0.1:2379 --cacert=/etc/etcd/ca.crt snapshot status /backup/etcd.db -w table
etcdctl snapshot restore /backup/etcd.db --data-dir /var/lib/etcd-restore --name infra0
