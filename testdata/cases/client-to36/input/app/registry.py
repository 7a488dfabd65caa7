"""Service registry on etcd; python-etcd speaks the v2 API."""
import etcd
import etcd3 as etcdv3

client = etcd.Client(host="127.0.0.1", port=2379)
v3 = etcdv3.client(host="127.0.0.1", port=2379)
# etcd.Client( in a comment is not a call
label = "etcd.Client(host)"
