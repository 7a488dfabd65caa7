// the v3 client
package lock

import (
	clientv3 "go.etcd.io/etcd/client/v3"
)

func New() (*clientv3.Client, error) {
	return clientv3.New(clientv3.Config{Endpoints: []string{"http://127.0.0.1:2379"}})
}
