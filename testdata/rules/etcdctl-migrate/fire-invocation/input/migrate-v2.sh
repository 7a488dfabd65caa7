#!/bin/sh
systemctl stop etcd
ETCDCTL_API=3 etcdctl migrate --data-dir /var/lib/etcd --wal-dir /var/lib/etcd/member/wal
systemctl start etcd
