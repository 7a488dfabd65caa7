#!/bin/sh
# 3.5 still serves clients on the peer port
etcd --name infra0 --logger=zap --log-outputs=stderr --listen-peer-urls http://10.0.0.1:2380 --listen-client-urls http://10.0.0.1:2379 --advertise-client-urls http://10.0.0.1:2379 &
sleep 5
etcdctl --endpoints http://10.0.0.1:2380 endpoint health
