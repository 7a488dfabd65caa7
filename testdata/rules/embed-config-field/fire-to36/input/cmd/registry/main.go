// a service registry that runs its own etcd member
package main

import (
	"log"
	"time"

	etcd "go.etcd.io/etcd/server/v3/embed"
)

func main() {
	cfg := etcd.NewConfig()
	cfg.Dir = "/var/lib/registry"
	// the registry's old clients still speak v2
	cfg.EnableV2 = true
	cfg.ExperimentalWatchProgressNotifyInterval = 10 * time.Second
	e, err := etcd.StartEtcd(cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close()
	<-e.Server.ReadyNotify()
}
