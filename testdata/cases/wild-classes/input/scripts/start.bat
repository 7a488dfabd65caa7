@echo off
REM etcd --debug is off here
C:\etcd\etcd.exe --enable-v2 ^
  --data-dir C:\etcd\data
