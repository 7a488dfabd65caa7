#!/bin/sh
# Images and downloads an upgrade to 3.5 must look at.
OLD=quay.io/coreos/etcd:v3.3.12
K8S=registry.k8s.io/etcd:3.3.15-0
DEV=gcr.io/etcd-development/etcd:v3.2.x
BITNAMI=bitnami/etcd:3.3
ARCH=k8s.gcr.io/etcd-amd64:3.1.12
FROM_OK=quay.io/coreos/etcd:v3.4.27
DONE=registry.k8s.io/etcd:3.5.9-0
NEWER=gcr.io/etcd-development/etcd:v3.6.0
# look-alikes: not etcd, or not a version
OPERATOR=quay.io/coreos/etcd-operator:v0.9.4
BACKUP=eu.gcr.io/gardener-project/gardener/etcd-backup-restore:v0.12.1
APISERVER=registry.k8s.io/kube-apiserver:v1.19.0
ENDPOINT=http://etcd:2379
TEMPLATED=quay.io/coreos/etcd:${ETCD_TAG}
ETCD_VER=v3.3.10
curl -L https://github.com/etcd-io/etcd/releases/download/${ETCD_VER}/etcd-${ETCD_VER}-linux-amd64.tar.gz -o /tmp/etcd.tar.gz
curl -LO https://storage.googleapis.com/etcd/v3.2.32/etcd-v3.2.32-linux-amd64.tar.gz
apt-get install -y etcd=3.3.*
yum install -y etcd-3.3.11
