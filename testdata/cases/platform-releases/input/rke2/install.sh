#!/bin/sh
# rke2 server: etcd snapshots every 12 hours.
curl -sfL https://get.rke2.io | INSTALL_RKE2_VERSION=v1.23.4+rke2r1 sh -
systemctl enable --now rke2-server
