package etcdtest_test

import (
	"context"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
)

// TestBinaries builds the etcd binaries the other tests boot and checks
// that each is the release its module pins. .ci/run runs it first, so that
// packages testing in parallel do not build etcd twice.
func TestBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd")
	}
	for _, minor := range []string{"3.5", "3.6", "3.7"} {
		want, err := etcdtest.Version(minor)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sandbox.Version(context.Background(), etcdtest.Binary(t, minor))
		if err != nil || got != want {
			t.Errorf("etcd %s binary reports version %q (%v), want %s", minor, got, err, want)
		}
	}
}
