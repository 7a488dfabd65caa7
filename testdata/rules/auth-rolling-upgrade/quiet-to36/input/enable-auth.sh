#!/bin/sh
# the auth format changed in 3.5: a 3.5 to 3.6 rolling upgrade keeps auth on
etcdctl auth enable
