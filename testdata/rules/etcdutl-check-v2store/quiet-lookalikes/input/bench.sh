#!/bin/sh
# etcdctl's check commands, which 3.6 keeps
etcdctl check perf --load=s
etcdctl check datascale --load=s
