#!/bin/sh
# etcdctl's own flags and variables
export ETCDCTL_API=3
export ETCDCTL_CACERT=/etc/etcd/ca.crt
etcdctl --endpoints=https://10.0.0.1:2379 --dial-timeout=5s --command-timeout=30s snapshot save /backup/etcd.db
