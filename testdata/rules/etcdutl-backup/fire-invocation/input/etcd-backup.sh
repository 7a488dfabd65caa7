#!/bin/sh
set -e
etcdutl backup --data-dir /var/lib/etcd --backup-dir /backup/etcd-$(date +%F)
