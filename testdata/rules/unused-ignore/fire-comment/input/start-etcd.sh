#!/bin/sh
# etcdlint:ignore enable-v3 -- the v2 API stays on until the clients move
exec etcd --name infra2 --logger=zap --log-outputs=stderr --enable-v2=true
