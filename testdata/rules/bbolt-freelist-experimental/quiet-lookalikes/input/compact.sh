#!/bin/sh
# bbolt's own tool on an etcd data file, not an etcd setting
bbolt compact -o /tmp/db.compact /var/lib/etcd/member/snap/db
