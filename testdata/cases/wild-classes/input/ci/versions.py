import os

ETCD_VERSION = os.environ.get("ETCD_VERSION", "3.2.32")
REDIS_VERSION = os.environ.get("REDIS_VERSION", "3.0.7")
