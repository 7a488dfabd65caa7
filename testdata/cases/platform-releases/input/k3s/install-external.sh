#!/bin/sh
# k3s against an external etcd: the release says nothing of that etcd.
curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.24.4+k3s1 sh -s - server \
  --cluster-init=false --datastore-endpoint="https://etcd-0.example.com:2379"
