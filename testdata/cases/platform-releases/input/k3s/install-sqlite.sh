#!/bin/sh
# A single k3s server keeps its data in SQLite: no etcd runs here.
curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="v1.24.4+k3s1" sh -s - server
