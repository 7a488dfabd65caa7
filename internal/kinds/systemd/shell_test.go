package systemd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

func TestSystemdShellString(t *testing.T) {
	src := "[Service]\nEnvironment=ETCD_NAME=n1\nExecStart=/bin/sh -c 'exec /usr/bin/etcd --name n1 --debug'\n"
	f, errs := Kind.Parse("etcd.service", []byte(src), testSchema)
	if len(errs) > 0 || len(f.Processes) != 1 {
		t.Fatalf("processes %d, errors %v", len(f.Processes), errs)
	}
	p := f.Processes[0]
	want := `0 "/usr/bin/etcd" partial=false systemd=true
  env name "ETCD_NAME=n1" name="ETCD_NAME" value="n1"("n1") tmpl=false
  flag name "--name n1" name="name" value="n1"("n1") tmpl=false
  flag debug "--debug" name="debug" value=""("") tmpl=false
`
	if got := describe(src, f.Processes); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	for _, c := range []struct {
		setting int
		want    string
	}{
		{0, "[Service]\nExecStart=/bin/sh -c 'exec /usr/bin/etcd --name n1 --debug'\n"},
		{2, "[Service]\nEnvironment=ETCD_NAME=n1\nExecStart=/bin/sh -c 'exec /usr/bin/etcd --name n1'\n"},
	} {
		edits, err := p.Render.Render([]byte(src), fact.Intent{Kind: fact.Remove, Setting: p.Settings[c.setting]})
		if err != nil {
			t.Fatal(err)
		}
		if got := kindtest.Apply(t, src, edits); got != c.want {
			t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
		}
	}
}

// TestUnitEnvironment reads a unit through the systemd kind with
// UnitClients: its Environment= lines apply to the etcdctl of every
// ExecStartPre=/ExecStart=/ExecStartPost= line, wherever they stand.
func TestUnitEnvironment(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"api and endpoints from the unit", `[Unit]
Description=etcd backup

[Service]
Type=oneshot
ExecStartPre=/usr/bin/etcdctl cluster-health
Environment=ETCDCTL_API=2 "ETCDCTL_ENDPOINTS=http://10.0.0.1:2380, http://10.0.0.2:2379"
Environment=OTHER=x
ExecStart=/usr/bin/etcdctl backup --data-dir /var/lib/etcd --backup-dir /backup
ExecStartPost=/usr/bin/env ETCDCTL_API=3 etcdctl snapshot status /backup/s.db
`, `/usr/bin/etcdctl API=2 [cluster-health] []
/usr/bin/etcdctl API=2 [backup] [data-dir=/var/lib/etcd backup-dir=/backup]
etcdctl API=3 [snapshot status /backup/s.db] []
addr ETCDCTL_ENDPOINTS http://10.0.0.1:2380
addr ETCDCTL_ENDPOINTS http://10.0.0.2:2379`},
		{"a reset line and another section", `[Service]
Environment=ETCDCTL_API=2
Environment=
ExecStart=/usr/bin/etcdctl get k
[Install]
Environment=ETCDCTL_API=2
`, `/usr/bin/etcdctl API=- [get k] []`},
		{"no etcdctl: ETCDCTL_ENDPOINTS is no address", `[Service]
Environment=ETCDCTL_ENDPOINTS=http://10.0.0.1:2380
ExecStart=/usr/bin/curl http://10.0.0.1:2379/health
`, `/usr/bin/curl API=- [] []
GET /health`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := Kind.Parse("backup.service", []byte(tc.src), testSchema)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs[0])
			}
			var out []string
			for _, inv := range f.Invocations {
				api := "-"
				if e, ok := inv.Getenv("ETCDCTL_API"); ok {
					api = e.Value
					if got := q(tc.src, e.Span); !strings.HasPrefix(got, "ETCDCTL_API=") {
						t.Errorf("ETCDCTL_API span covers %q", got)
					}
				}
				var ops, flags []string
				for _, o := range inv.Operands {
					ops = append(ops, o.Value)
				}
				for _, fl := range inv.Flags {
					flags = append(flags, fmt.Sprintf("%s=%s", fl.Name, fl.Value))
				}
				out = append(out, fmt.Sprintf("%s API=%s %v %v", q(tc.src, inv.ProgramSpan), api, ops, flags))
			}
			for _, e := range f.Endpoints {
				if e.Address != "" {
					if q(tc.src, e.Span) != e.Address {
						t.Errorf("address %s: span covers %q", e.Address, q(tc.src, e.Span))
					}
					out = append(out, "addr "+e.Context+" "+e.Address)
					continue
				}
				out = append(out, e.Method+" "+e.Path)
			}
			if got := strings.Join(out, "\n"); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
