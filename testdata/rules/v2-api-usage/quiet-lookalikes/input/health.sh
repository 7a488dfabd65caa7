#!/bin/sh
# v3 etcdctl and the v3 gateway
etcdctl endpoint health --cluster
ETCDCTL_API=3 etcdctl get /registry --prefix --keys-only
curl -s -X POST http://127.0.0.1:2379/v3/cluster/member/list
# the registry that serves the etcd image speaks its own /v2/ API
curl -s https://registry-1.docker.io/v2/
curl -s https://quay.io/v2/coreos/etcd/tags/list
