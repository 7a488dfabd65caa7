#!/bin/sh
set -e
etcdutl snapshot status /backup/etcd.db -w table
etcdutl snapshot restore /backup/etcd.db --data-dir /var/lib/etcd-restore --name infra0
