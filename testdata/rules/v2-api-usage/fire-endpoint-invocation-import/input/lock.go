package lock

import (
	"go.etcd.io/etcd/client/v2"
)

func New() (client.Client, error) {
	return client.New(client.Config{Endpoints: []string{"http://127.0.0.1:2379"}})
}
