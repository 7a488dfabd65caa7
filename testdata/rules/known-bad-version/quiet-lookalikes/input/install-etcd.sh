#!/bin/sh
# a download of a release past every listed defect
ETCD_VER=v3.5.33
curl -fsSL https://github.com/etcd-io/etcd/releases/download/${ETCD_VER}/etcd-${ETCD_VER}-linux-amd64.tar.gz -o /tmp/etcd.tar.gz
