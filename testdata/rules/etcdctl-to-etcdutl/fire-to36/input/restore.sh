#!/bin/sh
etcdctl snapshot restore /backup/etcd.db --data-dir /var/lib/etcd-restore
