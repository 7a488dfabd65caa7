import etcd

client = etcd.Client(host="127.0.0.1", port=2379)
