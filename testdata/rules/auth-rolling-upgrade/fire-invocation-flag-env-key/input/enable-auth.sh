#!/bin/sh
set -e
etcdctl user add root:changeme
etcdctl user grant-role root root
etcdctl auth enable
