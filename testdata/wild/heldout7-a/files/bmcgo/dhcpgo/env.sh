export ETCDCTL_ENDPOINTS=https://127.0.0.1:2379/
export ETCDCTL_CACERT=dev/ca/ca.pem
export ETCDCTL_CERT=dev/ca/client-cert.pem
export ETCDCTL_KEY=dev/ca/client-key.pem

export DHCPGO_ETCD_ENDPOINTS=https://127.0.0.1:2379/
export DHCPGO_ETCD_CACERT=dev/ca/ca.pem
export DHCPGO_ETCD_CERT=dev/ca/client-cert.pem
export DHCPGO_ETCD_KEY=dev/ca/client-key.pem
export DHCPGO_ETCD_PREFIX=dhcpgo
