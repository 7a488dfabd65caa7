#!/bin/sh
# v3 etcdctl and the v3 gateway
etcdctl endpoint health --cluster
ETCDCTL_API=3 etcdctl get /registry --prefix --keys-only
curl -s -X POST http://127.0.0.1:2379/v3/cluster/member/list
