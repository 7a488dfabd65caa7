module example.com/app

go 1.21

require (
	go.etcd.io/etcd/client/v2 v2.305.9
	go.etcd.io/etcd/client/v3 v3.5.9
	go.etcd.io/etcd/server/v3 v3.5.1
)
