#!/bin/sh
# a config file holds the logging settings
exec etcd --config-file /etc/etcd/etcd.conf.yml
