#!/bin/sh
etcd --name infra0 --listen-peer-urls http://10.0.0.1:2380 --initial-advertise-peer-urls http://10.0.0.1:2380 \
  --listen-client-urls http://10.0.0.1:2379 --advertise-client-urls http://10.0.0.1:2379 &
sleep 5
etcdctl --endpoints http://10.0.0.1:2380 endpoint health
