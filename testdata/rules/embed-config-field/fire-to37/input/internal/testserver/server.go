// Package testserver starts an etcd member inside the test process.
package testserver

import (
	"net/url"
	"testing"

	"go.etcd.io/etcd/server/v3/embed"
)

func Config(t testing.TB) *embed.Config {
	cfg := &embed.Config{
		Name:                             "test",
		ExperimentalCompactionBatchLimit: 100,
		MaxSnapFiles:                     1,
	}
	cfg.Dir = t.TempDir()
	return cfg
}

func Tune(cfg *embed.Config, client url.URL) {
	cfg.ListenClientUrls = []url.URL{client}
	cfg.ExperimentalInitialCorruptCheck = true
	cfg.ExperimentalSnapshotCatchUpEntries = 1000
}
