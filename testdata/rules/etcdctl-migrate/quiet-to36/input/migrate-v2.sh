#!/bin/sh
# etcdctl 3.5 already had no migrate: nothing this hop changes
ETCDCTL_API=3 etcdctl migrate --data-dir /var/lib/etcd
