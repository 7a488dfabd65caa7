package kubeadm_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/internal/kinds/kubeadm"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

var kind = kubeadm.NewKind(nil)

func parse(t *testing.T, name, src string) (*fact.Facts, []*fact.ParseError) {
	t.Helper()
	c, err := rules.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return kind.Parse(name, []byte(src), c)
}

func describe(src string, f *fact.Facts) string {
	var b strings.Builder
	for _, p := range f.Processes {
		fmt.Fprintf(&b, "%q partial=%v\n", src[p.Anchor.Start:p.Anchor.End], p.Partial)
		for _, s := range p.Settings {
			fmt.Fprintf(&b, "  %s %s %q name=%q value=%q valspan=%q templated=%v\n", s.Surface, s.Name, src[s.Span.Start:s.Span.End],
				src[s.NameSpan.Start:s.NameSpan.End], s.Value, src[s.ValueSpan.Start:s.ValueSpan.End], s.Templated)
		}
	}
	for _, img := range f.Images {
		fmt.Fprintf(&b, "image %s repo=%s tag=%s at %q\n", img.Ref, img.Repository, img.Tag, src[img.Span.Start:img.Span.End])
	}
	return b.String()
}

func TestMatch(t *testing.T) {
	cc := "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local: {}\n"
	kcp := "apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\nspec: {}\n"
	for _, tc := range []struct {
		path, src string
		want      bool
	}{
		{"kubeadm.yaml", cc, true},
		{"kubeadm-config.v1beta3.yaml.j2", cc, true},
		{"ClusterConfiguration", cc, true}, // a ConfigMap value handed on
		{"cluster.yml", kcp, true},
		{"kubeadm.json", cc, false},
		{"ClusterConfiguration", "etcd:\n  local: {}\n", false},
		// a ClusterConfiguration kind of another API group
		{"x.yaml", "apiVersion: example.com/v1\nkind: ClusterConfiguration\n", false},
		{"pod.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n", false},
		{"cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  ClusterConfiguration: |\n    kind: ClusterConfiguration\n", true},
		{"group_vars/all/etcd.yml", "etcd_extra_vars:\n  quota-backend-bytes: 8G\n", true},
		{"group_vars/all/etcd.yml", "etcd_version: v3.5.9\n", false},
		{"values.yaml", "apiVersion: v2\netcd_extra_vars:\n  x: y\n", false},
	} {
		if got := kind.Match(tc.path, []byte(tc.src)); got != tc.want {
			t.Errorf("Match(%q, %q) = %v", tc.path, tc.src, got)
		}
	}
}

func TestSettings(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"v1beta3 map, apiServer look-alikes",
			`apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer:
  extraArgs:
    etcd-servers: https://127.0.0.1:2379
    profiling: "false"
etcd:
  local:
    extraArgs:
      debug: "true"
      log-output: stderr # comment
      'logger': capnslog
      empty:
`,
			`"local" partial=true
  flag debug "debug: \"true\"" name="debug" value="true" valspan="\"true\"" templated=false
  flag log-output "log-output: stderr" name="log-output" value="stderr" valspan="stderr" templated=false
  flag logger "'logger': capnslog" name="'logger'" value="capnslog" valspan="capnslog" templated=false
  flag empty "empty:" name="empty" value="" valspan="" templated=false
`},
		{"v1beta4 list and extraEnvs",
			`apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
etcd:
  local:
    extraArgs:
      - name: log-output
        value: stderr
      - {name: debug, value: "true"}
      - value: no-name
    extraEnvs:
      - name: ETCD_LOG_LEVEL
        value: warn
      - name: ETCD_NAME
        valueFrom:
          fieldRef: {fieldPath: metadata.name}
      - name: GOMAXPROCS
        value: "2"
`,
			`"local" partial=true
  flag log-output "name: log-output\n        value: stderr" name="log-output" value="stderr" valspan="stderr" templated=false
  flag debug "{name: debug, value: \"true\"}" name="debug" value="true" valspan="\"true\"" templated=false
  env log-level "name: ETCD_LOG_LEVEL\n        value: warn" name="ETCD_LOG_LEVEL" value="warn" valspan="warn" templated=false
  env name "name: ETCD_NAME\n        valueFrom:\n          fieldRef: {fieldPath: metadata.name}" name="ETCD_NAME" value="" valspan="" templated=true
`},
		{"flow map",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd: {local: {extraArgs: {debug: 'true', log-output: stderr}}}\n",
			`"local" partial=true
  flag debug "debug: 'true'" name="debug" value="true" valspan="'true'" templated=false
  flag log-output "log-output: stderr" name="log-output" value="stderr" valspan="stderr" templated=false
`},
		{"no etcd section: kubeadm's own local etcd",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.25.0\n",
			`"ClusterConfiguration" partial=true
image kubernetesVersion: v1.25.0 repo=kubeadm tag=v1.25.0 at "v1.25.0"
`},
		{"external: no etcd process",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  external:\n    endpoints: [https://10.0.0.1:2379]\n",
			""},
		{"not kubeadm documents in the same file",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    debug: \"true\"\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\netcd:\n  local:\n    extraArgs: {debug: \"true\"}\n",
			""},
		{"Cluster API embedding",
			`apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlaneTemplate
spec:
  template:
    spec:
      kubeadmConfigSpec:
        clusterConfiguration:
          etcd:
            local:
              extraArgs:
                logger: capnslog
`,
			`"local" partial=true
  flag logger "logger: capnslog" name="logger" value="capnslog" valspan="capnslog" templated=false
`},
		{"Jinja template: templated keys skipped, templated values marked",
			`apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
etcd:
{% if etcd_deployment_type != "kubeadm" %}
  external:
    endpoints: []
{% else %}
  local:
    imageTag: "{{ etcd_image_tag }}"
    extraArgs:
      metrics: {{ etcd_metrics }}
{% for key, value in etcd_extra_vars.items() %}
      {{ key }}: "{{ value }}"
{% endfor %}
{% endif %}
`,
			`"local" partial=true
  flag metrics "metrics: {{ etcd_metrics }}" name="metrics" value="{{ etcd_metrics }}" valspan="{{ etcd_metrics }}" templated=true
`},
		{"kubespray etcd_extra_vars: keys decide the surface",
			"etcd_extra_vars:\n  ETCD_DEBUG: \"true\"\n  quota-backend-bytes: 8G\n",
			`"etcd_extra_vars" partial=true
  env debug "ETCD_DEBUG: \"true\"" name="ETCD_DEBUG" value="true" valspan="\"true\"" templated=false
  flag quota-backend-bytes "quota-backend-bytes: 8G" name="quota-backend-bytes" value="8G" valspan="8G" templated=false
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := parse(t, "kubeadm.yaml", tc.src)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs[0])
			}
			if got := describe(tc.src, f); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestRawIsTheFlag(t *testing.T) {
	f, _ := parse(t, "k.yaml", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n      log-output: stderr\n")
	if s := f.Processes[0].Settings[0]; s.Raw != "--log-output" || s.Surface != fact.Flag {
		t.Errorf("Raw %q surface %s", s.Raw, s.Surface)
	}
}

func TestImages(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"local repository wins, trailing slash dropped",
			"apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\nimageRepository: k8s.gcr.io\netcd:\n  local:\n    imageRepository: \"mirror.example.com/k8s/\"\n    imageTag: \"3.3.15-0\"\n",
			"image mirror.example.com/k8s/etcd:3.3.15-0 repo=mirror.example.com/k8s/etcd tag=3.3.15-0 at \"3.3.15-0\"\n"},
		{"the configuration's repository",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nimageRepository: k8s.gcr.io\netcd:\n  local:\n    imageTag: 3.4.13-0\n",
			"image k8s.gcr.io/etcd:3.4.13-0 repo=k8s.gcr.io/etcd tag=3.4.13-0 at \"3.4.13-0\"\n"},
		{"the default repository",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    imageTag: v3.5.9\n",
			"image registry.k8s.io/etcd:v3.5.9 repo=registry.k8s.io/etcd tag=v3.5.9 at \"v3.5.9\"\n"},
		{"a whole reference elsewhere in the file is still scanned",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  external:\n    endpoints: []\n# was quay.io/coreos/etcd:v3.3.12\n",
			"image quay.io/coreos/etcd:v3.3.12 repo=quay.io/coreos/etcd tag=v3.3.12 at \"quay.io/coreos/etcd:v3.3.12\"\n"},
		{"external etcd: its imageTag is not run",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  external:\n    endpoints: []\nimageTag: 3.3.15-0\n",
			""},
		{"templated tag",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    imageTag: \"{{ etcd_tag }}\"\n",
			"\"local\" partial=true\n"},
		{"no etcd section: kubeadm runs the etcd of its Kubernetes release",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.23.4\n",
			"image kubernetesVersion: v1.23.4 repo=kubeadm tag=v1.23.4 at \"v1.23.4\"\n"},
		{"local etcd without a tag",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: 1.21.2\netcd:\n  local:\n    dataDir: /var/lib/etcd\n",
			"image kubernetesVersion: 1.21.2 repo=kubeadm tag=1.21.2 at \"1.21.2\"\n"},
		{"an imageTag decides, not the Kubernetes release",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.23.4\netcd:\n  local:\n    imageTag: 3.5.6-0\n",
			"image registry.k8s.io/etcd:3.5.6-0 repo=registry.k8s.io/etcd tag=3.5.6-0 at \"3.5.6-0\"\n"},
		{"a templated imageTag decides too",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.23.4\netcd:\n  local:\n    imageTag: \"{{ etcd_tag }}\"\n",
			"\"local\" partial=true\n"},
		{"external etcd: the Kubernetes release runs none",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.23.4\netcd:\n  external:\n    endpoints: []\n",
			""},
		{"a label kubeadm resolves online",
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: stable-1.23\n",
			"\"ClusterConfiguration\" partial=true\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := parse(t, "k.yaml", tc.src)
			got := describe(tc.src, f)
			if i := strings.Index(got, "image "); i >= 0 {
				got = got[i:]
			} else if !strings.HasPrefix(tc.want, "\"") {
				got = ""
			}
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestConfigMapImages(t *testing.T) {
	src := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubeadm-config\ndata:\n  ClusterConfiguration: |\n    apiVersion: kubeadm.k8s.io/v1beta3\n    kind: ClusterConfiguration\n    etcd:\n      local:\n        imageTag: 3.3.15-0\n"
	f, errs := parse(t, "cm.yaml", src)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	want := "image registry.k8s.io/etcd:3.3.15-0 repo=registry.k8s.io/etcd tag=3.3.15-0 at \"3.3.15-0\"\n"
	if got := describe(src, f); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func str(s string) *string { return &s }

func TestRender(t *testing.T) {
	const v3 = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n"
	const v4 = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n"
	for _, tc := range []struct {
		name, src string
		intent    func(p *fact.Process) fact.Intent
		want      string
	}{
		{"rename a map key", v3 + "      log-output: stderr\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "log-outputs"}
			},
			v3 + "      log-outputs: stderr\n"},
		{"rename and set: a bool word gets quotes", v3 + "      debug: 'true'\n      x: y\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "log-level", Value: str("debug")}
			},
			v3 + "      log-level: 'debug'\n      x: y\n"},
		{"a plain value that YAML 1.1 reads as a bool is quoted", v3 + "      enable-v2: yes-please\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Value: str("off")}
			},
			v3 + "      enable-v2: \"off\"\n"},
		{"a number is quoted, a word stays plain", v3 + "      snapshot-count: abc\n      logger: capnslog # old\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Value: str("10000")}
			},
			v3 + "      snapshot-count: \"10000\"\n      logger: capnslog # old\n"},
		{"set an empty value", v3 + "      logger:\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Value: str("zap")}
			},
			v3 + "      logger: zap\n"},
		{"remove a map entry", v3 + "      a: \"1\"\n      log-package-levels: etcdserver=DEBUG\n      b: \"2\"\n",
			func(p *fact.Process) fact.Intent { return fact.Intent{Kind: fact.Remove, Setting: p.Settings[1]} },
			v3 + "      a: \"1\"\n      b: \"2\"\n"},
		{"remove from a flow map", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd: {local: {extraArgs: {debug: 'true', log-output: stderr}}}\n",
			func(p *fact.Process) fact.Intent { return fact.Intent{Kind: fact.Remove, Setting: p.Settings[0]} },
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd: {local: {extraArgs: {log-output: stderr}}}\n"},
		{"rename a list item's name", v4 + "      - name: log-output\n        value: stderr\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Name: "log-outputs"}
			},
			v4 + "      - name: log-outputs\n        value: stderr\n"},
		{"set a list item's value keeping double quotes", v4 + "      - name: logger\n        value: \"capnslog\"\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Value: str("zap")}
			},
			v4 + "      - name: logger\n        value: \"zap\"\n"},
		{"remove a list item (both lines)", v4 + "      - name: a\n        value: \"1\"\n      - name: log-package-levels\n        value: x=DEBUG\n      - name: b\n        value: \"2\"\n",
			func(p *fact.Process) fact.Intent { return fact.Intent{Kind: fact.Remove, Setting: p.Settings[1]} },
			v4 + "      - name: a\n        value: \"1\"\n      - name: b\n        value: \"2\"\n"},
		{"remove a flow item of a block list", v4 + "      - {name: debug, value: \"true\"}\n      - name: b\n        value: \"2\"\n",
			func(p *fact.Process) fact.Intent { return fact.Intent{Kind: fact.Remove, Setting: p.Settings[0]} },
			v4 + "      - name: b\n        value: \"2\"\n"},
		{"rename an env item", v4 + "      - name: x\n        value: y\n    extraEnvs:\n      - name: ETCD_LOG_OUTPUT\n        value: stderr\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[1], Name: "log-outputs"}
			},
			v4 + "      - name: x\n        value: y\n    extraEnvs:\n      - name: ETCD_LOG_OUTPUTS\n        value: stderr\n"},
		{"add to a map", v3 + "      a: b\n    dataDir: /var/lib/etcd\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "enable-grpc-gateway", Value: str("false")}
			},
			v3 + "      a: b\n      enable-grpc-gateway: \"false\"\n    dataDir: /var/lib/etcd\n"},
		{"add to a list", v4 + "      - name: a\n        value: b\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level", Value: str("debug")}
			},
			v4 + "      - name: a\n        value: b\n      - name: log-level\n        value: \"debug\"\n"},
		{"add a bool flag without a value", v3 + "      a: b\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "strict-reconfig-check"}
			},
			v3 + "      a: b\n      strict-reconfig-check: \"true\"\n"},
		{"add extraArgs (v1beta3: a map)", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    dataDir: /var/lib/etcd\nnetworking: {}\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level", Value: str("info")}
			},
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    dataDir: /var/lib/etcd\n    extraArgs:\n      log-level: \"info\"\nnetworking: {}\n"},
		{"add extraArgs (v1beta4: a list)", "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local:\n    dataDir: /var/lib/etcd\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level", Value: str("info")}
			},
			"apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local:\n    dataDir: /var/lib/etcd\n    extraArgs:\n      - name: log-level\n        value: \"info\"\n"},
		{"add to kubespray's empty map", "etcd_deployment_type: kubeadm\netcd_extra_vars: {}\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level", Value: str("info")}
			},
			"etcd_deployment_type: kubeadm\netcd_extra_vars: {log-level: \"info\"}\n"},
		{"add to kubespray's env variables", "etcd_extra_vars:\n  ETCD_DEBUG: \"true\"\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level", Value: str("info")}
			},
			"etcd_extra_vars:\n  ETCD_DEBUG: \"true\"\n  ETCD_LOG_LEVEL: \"info\"\n"},
		{"add to a flow map with entries", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd: {local: {extraArgs: {a: b }}}\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level", Value: str("info")}
			},
			"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd: {local: {extraArgs: {a: b, log-level: \"info\" }}}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs := parse(t, "k.yaml", tc.src)
			if len(errs) > 0 || len(f.Processes) != 1 {
				t.Fatalf("errors %v, %d processes", errs, len(f.Processes))
			}
			p := f.Processes[0]
			got := kindtest.Render(t, tc.src, p.Render, tc.intent(p))
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			// the result parses and the intent's setting is gone or renamed
			if _, errs := parse(t, "k.yaml", got); len(errs) > 0 {
				t.Errorf("fixed output does not parse: %v", errs[0])
			}
		})
	}
}

func TestRenderRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		intent    func(p *fact.Process) fact.Intent
	}{
		{"add inside a Jinja loop", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n      a: b\n{% for k, v in extra.items() %}\n      {{ k }}: \"{{ v }}\"\n{% endfor %}\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level", Value: str("info")}
			}},
		{"add a non-bool flag without a value", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n      a: b\n",
			func(p *fact.Process) fact.Intent { return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level"} }},
		{"add without etcd.local", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Add, Process: p, Name: "log-level", Value: str("info")}
			}},
		{"set the value of a valueFrom env", "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local:\n    extraEnvs:\n      - name: ETCD_LOG_LEVEL\n        valueFrom: {secretKeyRef: {name: a, key: b}}\n",
			func(p *fact.Process) fact.Intent {
				return fact.Intent{Kind: fact.Replace, Setting: p.Settings[0], Value: str("info")}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := parse(t, "k.yaml", tc.src)
			p := f.Processes[0]
			if edits, err := p.Render.Render([]byte(tc.src), tc.intent(p)); err == nil {
				t.Errorf("rendered %v, want an error", edits)
			}
		})
	}
}

func TestMalformed(t *testing.T) {
	for _, src := range []string{
		"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs: [\n",
		"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs: not-a-map\n",
		"apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n      - plain\n      - [1, 2]\n      - name: {a: b}\n    extraEnvs: {ETCD_X: y}\n",
		"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd: [local]\n",
		"apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    extraArgs:\n      ? [a]\n      : b\n      c: [d]\n",
		"- apiVersion: kubeadm.k8s.io/v1beta3\n  kind: ClusterConfiguration\n",
		"etcd_extra_vars: [a, b]\n",
	} {
		f, errs := parse(t, "k.yaml", src)
		if strings.HasSuffix(src, "[\n") {
			if len(errs) != 1 || errs[0].Offset < 0 || errs[0].Offset > len(src) {
				t.Errorf("%q: errors %v", src, errs)
			}
			continue
		}
		if len(errs) > 0 {
			t.Errorf("%q: unexpected errors %v", src, errs[0])
		}
		for _, s := range f.Settings() {
			t.Errorf("%q: unexpected setting %s", src, s.Name)
		}
	}
}
