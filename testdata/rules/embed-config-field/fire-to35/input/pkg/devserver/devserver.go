// Package devserver runs an etcd member for local development.
package devserver

import (
	"go.etcd.io/etcd/embed"
)

// Start starts the member; verbose turns etcd's debug logging on.
func Start(dir string, verbose bool) (*embed.Etcd, error) {
	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.Debug = verbose
	cfg.LogPkgLevels = "etcdserver=INFO"
	cfg.ExperimentalBackendFreelistType = "map"
	cfg.EnableV2 = false
	return embed.StartEtcd(cfg)
}
