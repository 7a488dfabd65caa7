package shell

import "testing"

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		path, src string
		want      bool
	}{
		{"scripts/start-etcd.sh", "", true},
		{"roles/etcd/templates/run.sh.j2", "", true},
		{"bin/start-etcd", "#!/usr/bin/env bash\n", true},
		{"bin/start-etcd", "#!/bin/sh -e\n", true},
		{"bin/start-etcd", "#!/usr/bin/python3\n", false},
		{"etc/etcd.env", "ETCD_NAME=x\n", false},
	} {
		if got := Kind.Match(c.path, []byte(c.src)); got != c.want {
			t.Errorf("Match(%s, %q) = %v", c.path, c.src, got)
		}
	}
}
