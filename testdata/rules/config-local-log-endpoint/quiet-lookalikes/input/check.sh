#!/bin/sh
# endpoints every etcd version serves
curl -s http://127.0.0.1:2379/version
curl -s http://127.0.0.1:2379/health
curl -s http://127.0.0.1:2379/metrics | grep etcd_server_has_leader
