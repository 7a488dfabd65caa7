package source

import (
	"strings"
	"testing"
)

// The fields of an embedded etcd's Config are read wherever the file
// names them: through a variable from NewConfig, a literal or a
// parameter, and as a literal's keys; other structs' fields and methods
// are not.
func TestConfigFields(t *testing.T) {
	src := `package registry

import (
	etcd "go.etcd.io/etcd/server/v3/embed"
	"net/url"
)

func start(dir string) error {
	cfg := etcd.NewConfig()
	// enable v2 http api
	cfg.EnableV2 = true
	cfg.Dir = dir
	cfg.ExperimentalWatchProgressNotifyInterval = 5
	other.ExperimentalMemoryMlock = true
	if err := cfg.Validate(); err != nil {
		return err
	}
	lit := &etcd.Config{Name: "n1", ExperimentalCompactionBatchLimit: 10, LPUrls: []url.URL{{Host: "x"}}}
	_ = lit.MaxSnapFiles
	e, err := etcd.StartEtcd(cfg)
	_ = e
	return err
}

func tune(c *etcd.Config) {
	c.ExperimentalInitialCorruptCheck = true
	x.c.Debug = true
}

func other() {
	cfg := otherpkg.NewConfig()
	cfg.EnableV2 = true
}

func shadowed() {
	cfg := etcd.NewConfig()
	{
		cfg := struct{ EnableV2 bool }{}
		cfg.EnableV2 = true
	}
}

func declared() {
	var conf *etcd.Config
	conf = etcd.NewConfig()
	conf.ExperimentalEnableLeaseCheckpointPersist = true
}

func run(cfg *etcd.Config) {
	if cfg == nil {
		cfg = defaults()
	}
	interval := cfg.ExperimentalWatchProgressNotifyInterval
}
`
	f, _ := Kind.Parse("registry.go", []byte(src), nil)
	var got []string
	for _, im := range f.Imports {
		for _, fd := range im.Fields {
			if src[fd.Span.Start:fd.Span.End] != fd.Name {
				t.Errorf("span of %s covers %q", fd.Name, src[fd.Span.Start:fd.Span.End])
			}
			got = append(got, fd.Name)
		}
	}
	want := "Name ExperimentalCompactionBatchLimit LPUrls EnableV2 Dir ExperimentalWatchProgressNotifyInterval MaxSnapFiles ExperimentalInitialCorruptCheck ExperimentalEnableLeaseCheckpointPersist ExperimentalWatchProgressNotifyInterval"
	if strings.Join(got, " ") != want {
		t.Errorf("fields\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}
