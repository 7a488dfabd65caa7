#!/bin/sh
# the plural log-outputs, which 3.4 and 3.5 both read
exec /usr/local/bin/etcd --name n1 --logger=zap --log-outputs=stderr
