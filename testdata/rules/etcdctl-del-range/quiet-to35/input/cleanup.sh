#!/bin/sh
# etcdctl 3.5 deletes a range without waiting
etcdctl del /locks/a /locks/z
