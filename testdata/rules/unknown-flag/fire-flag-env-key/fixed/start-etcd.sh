#!/bin/sh
exec etcd --name n1 --logger=zap --log-outputs=stderr --listen-client-urls http://0.0.0.0:2379
