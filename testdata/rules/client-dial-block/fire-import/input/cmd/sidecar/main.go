// the blocking option reaches the etcd client through a slice and a helper
package main

import (
	"log"

	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
)

func newEtcdClient(endpoints []string, opts ...grpc.DialOption) (*clientv3.Client, error) {
	return clientv3.New(clientv3.Config{Endpoints: endpoints, DialOptions: opts})
}

func main() {
	var opts []grpc.DialOption
	opts = append(opts, grpc.WithBlock())
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}, DialOptions: opts})
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()
	other, err := newEtcdClient([]string{"10.0.0.2:2379"}, grpc.WithBlock())
	if err != nil {
		log.Fatal(err)
	}
	defer other.Close()
	third := mustConnect([]string{"10.0.0.3:2379"}, grpc.WithBlock())
	defer third.Close()
}

func mustConnect(endpoints []string, opts ...grpc.DialOption) *clientv3.Client {
	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialOptions: opts})
	if err != nil {
		log.Fatal(err)
	}
	return cli
}
