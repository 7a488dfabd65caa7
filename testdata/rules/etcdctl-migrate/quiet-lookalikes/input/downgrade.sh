#!/bin/sh
# etcdutl migrate rewrites the storage version for a downgrade
etcdutl migrate --data-dir /var/lib/etcd --target-version 3.5
