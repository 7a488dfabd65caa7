#!/bin/sh
# First server of an HA k3s cluster with embedded etcd.
curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="v1.33.10+k3s1" sh -s - server \
  --cluster-init --etcd-expose-metrics
