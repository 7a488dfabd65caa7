#!/bin/sh
# a range with --range, a prefix, a single key, and from a key on
etcdctl del --range /locks/a /locks/z
etcdctl del --prefix /locks/
etcdctl del /locks/a
etcdctl del --from-key /locks/m
