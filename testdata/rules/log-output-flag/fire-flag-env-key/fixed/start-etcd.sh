#!/bin/sh
exec /usr/local/bin/etcd --name n1 --data-dir /var/lib/etcd --logger=zap --log-outputs=stderr
