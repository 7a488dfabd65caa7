#!/bin/sh
ETCDCTL_API=2 etcdctl cluster-health
curl -s http://127.0.0.1:2379/v2/members
etcdctl ls /registry
