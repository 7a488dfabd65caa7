#!/bin/sh
docker pull "${KUBE_REPO}/etcd:3.2.24"
cp "${BACKUP_DIR}/etcd:latest" /tmp/
