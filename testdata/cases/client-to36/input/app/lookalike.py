# A Consul client that happens to be called Client; no etcd import here.
from consul import Client as etcd

c = etcd.Client("x")
d = Client()
