#!/bin/sh
# a client on the client URL, adding a member whose peer URL is an argument
etcd --name infra0 --listen-peer-urls http://10.0.0.1:2380 --initial-advertise-peer-urls http://10.0.0.1:2380 \
  --listen-client-urls http://10.0.0.1:2379 --advertise-client-urls http://10.0.0.1:2379 &
sleep 5
etcdctl --endpoints http://10.0.0.1:2379 member add infra1 --peer-urls=http://10.0.0.2:2380
