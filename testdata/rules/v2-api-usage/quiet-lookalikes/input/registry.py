# the v3 client library
import etcd3

client = etcd3.client(host="127.0.0.1", port=2379)
