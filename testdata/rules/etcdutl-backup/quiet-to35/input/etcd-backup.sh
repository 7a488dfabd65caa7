#!/bin/sh
# etcdutl 3.5 still has backup
etcdutl backup --data-dir /var/lib/etcd --backup-dir /backup/etcd
