#!/bin/bash
# writes the member's config file, then keeps a v2 helper for old tooling
set -eu
conf="${root_dir}/etcd.yml"
cat > "$conf" <<EOF
name: ${node_name}
data-dir: /var/lib/etcd
listen-client-urls: http://${host_ip}:2379
quota-backend-bytes: $(( 8 * 1024 ** 3 ))
enable-v2: true
enable-grpc-gateway: false
logger: zap
log-outputs: [stderr]
EOF

etcdctl2() {
    ETCDCTL_API=2 "${root_dir}/bin/etcdctl" "$@"
}
etcdctl3() {
    ETCDCTL_API=3 "${root_dir}/bin/etcdctl" "$@"
}
