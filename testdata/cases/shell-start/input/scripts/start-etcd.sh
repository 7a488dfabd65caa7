#!/usr/bin/env bash
# Starts a local etcd member for the integration environment.
set -euo pipefail

ETCD_BIN=${ETCD_BIN:-/usr/local/bin/etcd}
DATA_DIR=/var/lib/etcd-test

if ! command -v etcd >/dev/null; then
  echo "etcd not installed" >&2
  exit 1
fi
etcd --version
etcdctl --debug endpoint health || true

cmd=(/usr/local/bin/etcd --name "test-0" --data-dir "$DATA_DIR")
cmd+=(--listen-client-urls=http://127.0.0.1:2379 --advertise-client-urls=http://127.0.0.1:2379)
if [[ "${DEBUG:-}" == 1 ]]; then
  cmd+=(--debug)
fi

ETCD_LOG_OUTPUT=stderr nohup "${cmd[@]}" \
  --log-package-levels='etcdserver=DEBUG' \
  >/var/log/etcd-test.log 2>&1 &

cat > /etc/default/etcd-proxy <<'EOF'
ETCD_ENABLE_V2=true
ETCD_PROXY=on
EOF

sudo -u etcd env ETCD_LOGGER=capnslog /usr/bin/etcd grpc-proxy start --endpoints=http://127.0.0.1:2379

bash -c "exec /usr/local/bin/etcd --name=\"test-1\" --log-outputs=default --logger=zap --data-dir=/tmp/t1"
