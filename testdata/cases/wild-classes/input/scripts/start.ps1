$env:ETCD_LOG_PACKAGE_LEVELS = "etcdserver=DEBUG"
& "C:\etcd\etcd.exe" --data-dir C:\etcd\data --log-output stderr
# & "C:\etcd\etcd.exe" --debug   (commented out)
