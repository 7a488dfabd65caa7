package kinds

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/text"
	"github.com/etcdlint/etcdlint/rules"
)

// The files a script's here-documents write are read by their own kinds,
// found by the classifier: an env file and a unit here.
func TestHeredocsGoThroughTheClassifier(t *testing.T) {
	src := `#!/bin/sh
cat > /etc/etcd/etcd.env <<'EOF'
ETCD_DEBUG=true
EOF
cat <<EOF | tee /etc/systemd/system/etcd.service
[Service]
Environment=ETCD_NAME=${HOSTNAME}
ExecStart=/usr/bin/etcd \\
  --log-output stderr
EOF
`
	facts, errs := ByName("shell").Parse("install.sh", []byte(src), rules.MustLoadCatalog())
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var got []string
	for _, p := range facts.Processes {
		for _, s := range p.Settings {
			got = append(got, fmt.Sprintf("form=%d systemd=%v %s %q templated=%v", p.Form, p.UnderSystemd, s.Name, src[s.Span.Start:s.Span.End], s.Templated))
		}
	}
	want := `form=1 systemd=false debug "ETCD_DEBUG=true" templated=false
form=0 systemd=true name "ETCD_NAME=${HOSTNAME}" templated=true
form=0 systemd=true log-output "--log-output stderr" templated=false`
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("got:\n%s\nwant:\n%s", g, want)
	}
}

// classifyCases are a file of each kind; also lists the other kinds that
// match the file (text aside), where the order decides.
var classifyCases = []struct {
	path, src, want string
	also            []string
}{
	{"docs/upgrade.md", "```\netcd --debug\n```\n", "markdown", nil},
	// a runbook that shows a unit is still prose
	{"docs/etcd.service.md", "[Service]\nExecStart=/usr/bin/etcd\n", "markdown", []string{"systemd"}},
	{"Dockerfile", "FROM quay.io/coreos/etcd:v3.4.0\nCMD [\"etcd\"]\n", "dockerfile", nil},
	{"Procfile", "etcd: etcd --name n1\n", "procfile", nil},
	// source before anything that reads content: a Go file holding a unit
	{"cmd/main.go", "package main\nconst unit = `[Service]\nExecStart=/usr/bin/etcd`\n", "source", nil},
	{"parsers.conf", "[PARSER]\n    Name etcd\n    Regex ^(?<l>\\w) \\| (?<m>.*)$\n", "log-pipeline", nil},
	{"etc/systemd/system/etcd.service", "[Service]\nExecStart=/usr/bin/etcd\n", "systemd", nil},
	{"etc/supervisor/conf.d/etcd.conf", "[program:etcd]\ncommand=/usr/bin/etcd --name n1\n", "supervisord", nil},
	{"user-data.yaml", "#cloud-config\nwrite_files:\n  - path: /etc/etcd.env\n    content: ETCD_NAME=n1\n", "cloud-init", nil},
	// before grafana: both are JSON
	{"config.ign", `{"ignition":{"version":"3.0.0"},"systemd":{"units":[{"name":"etcd-member.service"}]}}`, "ignition", nil},
	{"roles/etcd/tasks/main.yml", "- name: start etcd\n  command: etcd --name n1\n", "ansible", nil},
	{"etc/etcd/etcd.env", "ETCD_NAME=n1\n", "env", nil},
	// before the generic YAML kinds: a rule file names etcd metrics
	// a PrometheusRule is a Kubernetes object too
	{"manifests/etcd-rules.yaml", "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n  - name: etcd\n    rules:\n    - alert: X\n      expr: etcd_server_has_leader == 0\n", "prometheus-rules", []string{"kubernetes"}},
	// an env file with a shebang is sourced, not run
	{"etc/default/etcd", "#!/bin/sh\nETCD_NAME=n1\nETCD_DATA_DIR=/var/lib/etcd\n", "env", []string{"shell"}},
	// an Ignition config whose units carry a dashboard-like expr
	{"config.json", `{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"/etc/x","contents":{"source":"data:,etcd_server_has_leader"}}]},"panels":[{"targets":[{"expr":"etcd_server_has_leader"}]}]}`, "ignition", []string{"grafana-dashboard"}},
	{"rules/etcd.yaml", "groups:\n- name: etcd\n  rules:\n  - alert: X\n    expr: etcd_server_has_leader == 0\n", "prometheus-rules", nil},
	{"dashboards/etcd.json", `{"panels":[{"targets":[{"expr":"etcd_server_has_leader"}]}]}`, "grafana-dashboard", nil},
	{"mixin/etcd.libsonnet", "{ expr: 'etcd_server_has_leader' }\n", "jsonnet", nil},
	// before kubernetes: kubeadm's own API group
	{"kubeadm.yaml", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n      debug: \"true\"\n", "kubeadm", []string{"kubernetes"}},
	// before etcd-config: a manifest is not a config file
	{"manifests/etcd.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    command: [etcd, --debug]\n", "kubernetes", nil},
	{"docker-compose.yml", "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.4.0\n", "compose", nil},
	{"etc/etcd/etcd.conf.yml", "name: n1\nlisten-client-urls: http://0.0.0.0:2379\n", "etcd-config", nil},
	// name and data-dir alone are any program's keys
	{"app/config.yml", "name: n1\ndata-dir: /var/lib/etcd\n", "text", nil},
	{"bin/start-etcd", "#!/bin/sh\nexec etcd --name n1\n", "shell", nil},
	// last: anything else that mentions etcd
	{"notes.txt", "run etcd --debug\n", "text", nil},
}

// Each kind is picked for its own files, and where several kinds match a
// file the order decides.
func TestClassifyOrder(t *testing.T) {
	for _, tc := range classifyCases {
		k := Classify(tc.path, []byte(tc.src))
		got := "<nil>"
		if k != nil {
			got = k.Name()
		}
		if got != tc.want {
			t.Errorf("Classify(%s) = %s, want %s", tc.path, got, tc.want)
		}
		var matched []string
		for _, k := range kinds {
			if k != text.Kind && k.Name() != tc.want && k.Match(tc.path, []byte(tc.src)) {
				matched = append(matched, k.Name())
			}
		}
		if !slices.Equal(matched, tc.also) {
			t.Errorf("%s: other kinds matching: %v, want %v", tc.path, matched, tc.also)
		}
	}
	var want []string
	for _, k := range kinds {
		want = append(want, k.Name())
	}
	if names := Names(); len(names) != 20 || !slices.Equal(names, want) {
		t.Errorf("Names() = %v: a kind was added or dropped; give it a case here", names)
	}
}
