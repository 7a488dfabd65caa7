#!/bin/sh
# the version under another name, and a shell variable etcd never sees
ETCD_VER=v3.4.45
ETCD_VERSION=3.4.45
curl -fsSL https://github.com/etcd-io/etcd/releases/download/${ETCD_VER}/etcd-${ETCD_VER}-linux-amd64.tar.gz -o /tmp/etcd.tar.gz
echo "installed etcd ${ETCD_VERSION}"
