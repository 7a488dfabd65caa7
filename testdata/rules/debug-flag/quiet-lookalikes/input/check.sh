#!/bin/sh
# etcdctl has a --debug flag of its own
etcdctl --debug --endpoints=http://127.0.0.1:2379 endpoint health
