#!/bin/sh
exec etcd --name infra2 --logger=zap --log-outputs=stderr
