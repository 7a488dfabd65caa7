// an application with its own config struct whose fields share etcd's
// names, and an embedded etcd configured with fields every release has
package main

import (
	"log"

	"go.etcd.io/etcd/server/v3/embed"

	"example.com/app/config"
)

func main() {
	appCfg := config.NewConfig()
	appCfg.EnableV2 = true
	appCfg.ExperimentalCompactionBatchLimit = 10
	lit := config.Config{EnableV2: true}
	_ = lit

	cfg := embed.NewConfig()
	cfg.Name = "app"
	cfg.Dir = "/var/lib/app"
	cfg.CompactionBatchLimit = 1000
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close()
}
