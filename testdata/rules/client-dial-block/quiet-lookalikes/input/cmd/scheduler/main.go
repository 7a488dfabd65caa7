// a program with two clients: the etcd one does not block, the
// placement service's does (its own option function takes the dial
// options), which the etcd upgrade does not touch
package main

import (
	"log"

	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"

	"example.com/placement"
	placementopt "example.com/placement/opt"
)

func main() {
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}})
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()
	pc, err := placement.NewClient([]string{"placement:2379"},
		placementopt.WithGRPCDialOptions(
			grpc.WithBlock(),
		))
	if err != nil {
		log.Fatal(err)
	}
	defer pc.Close()
}
