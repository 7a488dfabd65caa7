#!/bin/sh
# First boot of a new member: find the others through a discovery service.
set -eu
if [ "${USE_SRV:-no}" = yes ]; then
  exec etcd --name "$NAME" --data-dir /var/lib/etcd --discovery-srv example.com
fi
exec etcd --name "$NAME" --data-dir /var/lib/etcd \
  --discovery "https://discovery.etcd.io/${TOKEN}"
