#!/bin/sh
etcdctl del /locks/a /locks/z
