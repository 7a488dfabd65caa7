#!/bin/bash
# Starts a throwaway etcd for integration tests.
set -euo pipefail
ETCD_ARGS=(--name dev --data-dir "$(mktemp -d)")
exec etcd "${ETCD_ARGS[@]}" --log-package-levels=etcdserver=DEBUG --logger capnslog
