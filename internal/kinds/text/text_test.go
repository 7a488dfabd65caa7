package text

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var schema = kindtest.Schema{Bools: []string{"debug", "enable-v2"}, Undefined: []string{"endpoints", "image-tag"}}

// describe lists what a scan found, one fact a line, each with the text
// its span covers.
func describe(t *testing.T, src string) string {
	t.Helper()
	f, _ := Kind.Parse("x", []byte(src), schema)
	var out []string
	for _, p := range f.Processes {
		for _, s := range p.Settings {
			out = append(out, fmt.Sprintf("%s %s=%q partial=%v", s.Surface, s.Raw, s.Value, p.Partial))
		}
	}
	for _, v := range f.Invocations {
		var ops []string
		for _, o := range v.Operands {
			ops = append(ops, o.Value)
		}
		if v.Program == "etcdctl" {
			out = append(out, fmt.Sprintf("run %s %s", v.Program, strings.Join(ops, " ")))
		}
	}
	for _, e := range f.Endpoints {
		if e.Path != "" {
			out = append(out, "path "+src[e.Span.Start:e.Span.End])
		}
	}
	for _, v := range f.ClientEnv {
		if strings.HasPrefix(v.Name, "ETCDCTL_") && v.Name != "ETCDCTL_API" {
			out = append(out, "env "+src[v.Span.Start:v.Span.Start+len(v.Name)])
		}
	}
	for _, m := range f.Metrics {
		out = append(out, "metric "+src[m.Span.Start:m.Span.End])
	}
	return strings.Join(out, "\n")
}

func TestScan(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"batch", "@echo off\r\nREM etcd --debug is commented out\r\netcd.exe --enable-v2 --data-dir C:\\etcd\\data ^\r\n  --debug\r\n",
			"flag --enable-v2=\"\" partial=true\nflag --data-dir=\"C:\\\\etcd\\\\data\" partial=true\nflag --debug=\"\" partial=true"},
		{"powershell", "$env:ETCD_LOG_PACKAGE_LEVELS = \"etcdserver=DEBUG\"\n& \"C:\\etcd\\etcd.exe\" --log-output stderr\n",
			"flag --log-output=\"stderr\" partial=true\nenv ETCD_LOG_PACKAGE_LEVELS=\"etcdserver=DEBUG\" partial=true"},
		{"ci yaml", "env:\n  - ETCD_VERSION=v3.3.13\n  - ETCD_ENDPOINTS=http://127.0.0.1:2379\nscript:\n  - ETCDCTL_API=2 etcdctl set /a b\n  - curl -s http://127.0.0.1:2379/v2/keys/a\n",
			"run etcdctl set /a b\npath /v2/keys/a"},
		{"prose", "Run etcd --debug only when asked to. The etcd_mvcc_db_total_size_in_bytes metric.\n# etcd --enable-v2\n$ oc get pods -l k8s-app=etcd -o wide\n",
			""},
		{"wrapper and assignment", "ExecStart=/usr/bin/etcd --log-package-levels=DEBUG\nsudo etcd --enable-v2\n",
			"flag --log-package-levels=\"DEBUG\" partial=true\nflag --enable-v2=\"\" partial=true"},
		{"dockerfile env style", "ENV ETCD_DEBUG true\nENV ETCD_IMAGE_TAG v3.3.0\n",
			"env ETCD_DEBUG=\"true\" partial=true"},
		{"template program and statements", "script\n  {{ etcd_cmd }} \\\n{% if cluster %}\n    -peers {{ peers() }} \\\n{% endif %}\n    -addr {{ addr }}\nend script\n{{ redis_cmd }} --debug\n",
			"flag -peers=\"$xxxxxxxxxxxx\" partial=true\nflag -addr=\"$xxxxxxxxx\" partial=true"},
		{"sed insert of a v2 variable", "    sudo sed -i \"1iETCDCTL_CA_FILE={{WrapAsVariable \"ca\"}}\" /etc/environment\n", "env ETCDCTL_CA_FILE"},
		{"a client in a loop condition", "          until etcdctl -C \"http://$global\" set /vt/cells/a b; do sleep 1; done\n          if etcdctl ls /x; then echo; fi\nWe do etcdctl backups nightly.\n",
			"run etcdctl set /vt/cells/a b\nrun etcdctl ls /x"},
		{"a program in a variable named for it", "exec { 'etcd::auth':\n  command => \"${etcdctl} auth enable\",\n}\nrun: $ETCD_BIN --enable-v2\nthe $etcdctl_path variable is set in vars\n${redis_cli} set a b\n",
			"flag --enable-v2=\"\" partial=true\nrun etcdctl auth enable"},
		{"url and metric", "wait_for_url \"http://127.0.0.1:4001/v2/machines\"\nquery: rate(etcd_debugging_mvcc_put_total[5m])\n",
			"path /v2/machines\nmetric etcd_debugging_mvcc_put_total"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := describe(t, tc.src); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// In documentation "# " before a command is a root prompt; in a script it
// comments the command out.
func TestPrompts(t *testing.T) {
	src := "----\n# etcdctl --ca-file=/ca.crt \\\n   cluster-health\n# this is prose about etcd --debug\n# etcdctl -C https://<surviving host IP>:2379 member remove <id>\n----\n"
	for name, want := range map[string]int{"backup.adoc": 2, "backup.conf": 0} {
		f, _ := Kind.Parse(name, []byte(src), schema)
		if len(f.Invocations) != want {
			t.Errorf("%s: %d invocations, want %d", name, len(f.Invocations), want)
		}
	}
}

func TestLines(t *testing.T) {
	src := "a \\\nb\n# c \\\nd\ne ^\r\nf\n"
	var got []string
	for _, l := range Lines([]byte(src)) {
		got = append(got, src[l.Start:l.End])
	}
	want := []string{"a \\\nb", "# c \\", "d", "e ^\r\nf"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The gateway version kept in a variable or ending a base URL is a
// request of the gateway; its fix keeps the slashes the text has.
func TestGateways(t *testing.T) {
	src := "$version = 'v3alpha'\netcd_url: http://etcd-0:2379/v3beta\nok: http://etcd-0:2379/v3/kv/range\n"
	f, _ := Kind.Parse("x", []byte(src), schema)
	var got []string
	for _, e := range f.Endpoints {
		v := "/v3/"
		edits, err := e.Render.Render([]byte(src), fact.Intent{Kind: fact.Replace, Endpoint: e, Value: &v})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e.Path+" -> "+edits[0].NewText)
	}
	if g := strings.Join(got, ", "); g != "/v3alpha/ -> v3, /v3beta/ -> /v3" {
		t.Errorf("got %s", g)
	}
}

// go.mod: the v2 client module is a v2 import; an embedded server is a
// pin; the v3 client is neither.
func TestGoMod(t *testing.T) {
	src := "module m\n\nrequire (\n\tgo.etcd.io/etcd/client/v2 v2.305.9\n\tgo.etcd.io/etcd/client/v3 v3.5.9\n\tgo.etcd.io/etcd/server/v3 v3.5.1 // indirect\n)\n"
	f, _ := Kind.Parse("app/go.mod", []byte(src), schema)
	if len(f.Imports) != 1 || f.Imports[0].Path != "go.etcd.io/etcd/client/v2" {
		t.Errorf("imports %+v", f.Imports)
	}
	if len(f.Images) != 1 || f.Images[0].Tag != "v3.5.1" || src[f.Images[0].TagSpan.Start:f.Images[0].TagSpan.End] != "v3.5.1" {
		t.Errorf("images %+v", f.Images)
	}
}

// Bytes that are not UTF-8 on one line leave the lines after it read.
func TestScanAfterNonUTF8(t *testing.T) {
	src := "notes " + strings.Repeat("\xff", 40) + "\n  etcd --debug --data-dir=/x\n"
	want := `flag --debug="" partial=true
flag --data-dir="/x" partial=true`
	if got := describe(t, src); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
