#!/bin/sh
set -e
systemctl stop etcd
etcdutl check v2store --data-dir /var/lib/etcd && systemctl start etcd
