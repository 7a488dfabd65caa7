#!/bin/sh
# etcdctl reads ETCDCTL_* variables, and its flags win over them
ETCDCTL_ENDPOINTS=http://127.0.0.1:2379 etcdctl --endpoints=http://127.0.0.1:2379 endpoint health
