# set configuration file for etcdctl
export ETCDCTL_CA_FILE='/etc/kubernetes/pki/etcd/ca.crt'
export ETCDCTL_CERT_FILE='/etc/kubernetes/pki/etcd/server.crt'
export ETCDCTL_KEY_FILE='/etc/kubernetes/pki/etcd/server.key'
export ETCDCTL_ENDPOINTS='https://127.0.0.1:2379'
