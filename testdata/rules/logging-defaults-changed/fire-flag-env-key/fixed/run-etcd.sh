#!/bin/sh
exec etcd --name infra1 --data-dir /var/lib/etcd --logger=zap --log-outputs=stderr
