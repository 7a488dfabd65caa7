#!/bin/sh
exec etcd --name n2 --logger=zap --log-outputs=default
