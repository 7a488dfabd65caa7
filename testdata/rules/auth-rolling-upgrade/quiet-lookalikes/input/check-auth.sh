#!/bin/sh
# reading the auth state, and turning it off
etcdctl auth status
etcdctl auth disable
