#!/bin/sh
# rke2 agent: no etcd on workers.
curl -sfL https://get.rke2.io | INSTALL_RKE2_TYPE=agent INSTALL_RKE2_VERSION=v1.23.4+rke2r1 sh -
