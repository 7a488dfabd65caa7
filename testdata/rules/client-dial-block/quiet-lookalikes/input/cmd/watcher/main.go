// the etcd client without a blocking dial
package main

import (
	"context"
	"log"

	clientv3 "go.etcd.io/etcd/client/v3"
)

func main() {
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}})
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()
	if _, err := cli.Status(context.Background(), "127.0.0.1:2379"); err != nil {
		log.Fatalf("etcd is down: %v", err)
	}
}
