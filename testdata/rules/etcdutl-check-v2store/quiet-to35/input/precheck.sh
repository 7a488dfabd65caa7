#!/bin/sh
# run on 3.5, where etcdutl has the check
etcdutl check v2store --data-dir /var/lib/etcd
