package main

import (
	"fmt"
	"net/http"
	"strings"

	clientv2 "go.etcd.io/etcd/client/v2"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// raiseLogLevel turns on debug logging on a member (etcd's /config/local/log).
func raiseLogLevel(member string) error {
	req, err := http.NewRequest(http.MethodPut, member+"/config/local/log", strings.NewReader(`{"Level":"DEBUG"}`))
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

func main() {
	fmt.Println(raiseLogLevel("http://127.0.0.1:2379"), clientv2.Config{}, clientv3.Config{})
}
