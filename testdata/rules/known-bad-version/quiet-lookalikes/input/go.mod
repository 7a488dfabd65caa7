// a client library, not an etcd server build
module example.com/app

go 1.22

require go.etcd.io/etcd/client/v3 v3.5.1
