#!/bin/sh
etcdctl del --range /locks/a /locks/z
