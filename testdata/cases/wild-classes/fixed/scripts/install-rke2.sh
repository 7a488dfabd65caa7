#!/bin/bash
# writes the RKE2 server config as root, then installs RKE2
set -eu
sudo mkdir -p /etc/rancher/rke2
sudo bash -c 'cat << EOF > /etc/rancher/rke2/config.yaml
write-kubeconfig-mode: "0644"
etcd-expose-metrics: true
etcd-arg:
  - --log-level=debug
  - --quota-backend-bytes=8589934592
EOF'
curl -sfL https://get.rke2.io | sudo sh -
