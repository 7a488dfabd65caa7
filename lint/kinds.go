package lint

import (
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/kinds/ansible"
	"github.com/etcdlint/etcdlint/internal/kinds/cloudinit"
	"github.com/etcdlint/etcdlint/internal/kinds/compose"
	"github.com/etcdlint/etcdlint/internal/kinds/dockerfile"
	"github.com/etcdlint/etcdlint/internal/kinds/envfile"
	"github.com/etcdlint/etcdlint/internal/kinds/etcdconfig"
	"github.com/etcdlint/etcdlint/internal/kinds/grafana"
	"github.com/etcdlint/etcdlint/internal/kinds/ignition"
	"github.com/etcdlint/etcdlint/internal/kinds/jsonnet"
	"github.com/etcdlint/etcdlint/internal/kinds/k8s"
	"github.com/etcdlint/etcdlint/internal/kinds/kubeadm"
	"github.com/etcdlint/etcdlint/internal/kinds/logpipeline"
	"github.com/etcdlint/etcdlint/internal/kinds/markdown"
	"github.com/etcdlint/etcdlint/internal/kinds/procfile"
	"github.com/etcdlint/etcdlint/internal/kinds/promrules"
	"github.com/etcdlint/etcdlint/internal/kinds/shell"
	"github.com/etcdlint/etcdlint/internal/kinds/source"
	"github.com/etcdlint/etcdlint/internal/kinds/supervisord"
	"github.com/etcdlint/etcdlint/internal/kinds/systemd"
	"github.com/etcdlint/etcdlint/internal/kinds/text"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// kinds is every file kind, in the order classification tries them: the
// more specific first.
var kinds = []fact.Kind{
	// By name: a runbook or a Dockerfile is never another kind.
	markdown.NewKind(nestedKinds{}),
	dockerfile.Kind,
	procfile.Kind,
	// By extension: application source is never another kind.
	source.NewKind(nestedKinds{}),
	// By markers: a log shipper config is never an etcd config.
	logpipeline.Kind,
	systemd.Kind,
	supervisord.Kind,
	cloudinit.NewKind(nestedKinds{}),
	// Before grafana: an Ignition config is JSON with an "ignition" marker.
	ignition.NewKind(nestedKinds{}),
	ansible.Kind,
	envfile.Kind,
	// Before any generic YAML kind: a rule file is never an etcd config.
	promrules.Kind,
	grafana.Kind,
	jsonnet.Kind,
	// Before k8s: kubeadm's ClusterConfiguration (and Cluster API's
	// embedding of it) gives etcd's flags; the file's other manifests
	// still go to the Kubernetes kind.
	kubeadm.NewKind(k8s.NewKind(nestedKinds{})),
	// Before etcdconfig: a manifest or compose file is never an etcd
	// config file; etcd config files inside ConfigMaps are handed on.
	k8s.NewKind(nestedKinds{}),
	compose.Kind,
	etcdconfig.Kind,
	shell.NewKind(nestedKinds{}),
	// Last: a file that mentions etcd and is no other kind is still read
	// line by line.
	text.Kind,
}

// nestedKinds classifies content embedded in another file with the same
// kinds. It is an interface value so that kinds can refer to Classify
// without an initialization cycle.
type nestedKinds struct{}

func (nestedKinds) Classify(p string, src []byte) fact.Kind {
	k := Classify(p, src)
	if k == text.Kind && yamlName(p) {
		return embeddedYAML{}
	}
	return k
}

// embeddedYAML is YAML held by another file (a script's here-document, a
// Markdown block, a ConfigMap value) that no kind claims: read as the engine
// reads such a file on its own, line by line and for the platform
// configurations (an RKE2 config.yaml's etcd-arg) and etcd key sets at any
// depth that the engine looks for in every YAML file.
type embeddedYAML struct{}

func (embeddedYAML) Name() string              { return "yaml" }
func (embeddedYAML) Match(string, []byte) bool { return false }

func (embeddedYAML) Parse(p string, src []byte, schema fact.Schema) (*fact.Facts, []*fact.ParseError) {
	facts, errs := text.Kind.Parse(p, src, schema)
	yamlScans(facts, src, schema, settingSpans(facts))
	return facts, errs
}

// Kinds returns the names of the file kinds, for --help and docs.
func Kinds() []string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.Name())
	}
	return out
}

// KindByName returns the file kind with the given name, or nil.
func KindByName(name string) fact.Kind {
	for _, k := range kinds {
		if k.Name() == name {
			return k
		}
	}
	return nil
}

// Classify picks the file kind of a file from its path and content, or nil.
func Classify(path string, src []byte) fact.Kind {
	for _, k := range kinds {
		if k.Match(path, src) {
			return k
		}
	}
	return nil
}

// triggers are the words one of which every file that can hold a finding
// contains; the rest never reach a parser. Besides etcd's name they are
// the words of the findings themselves, so that a config that never says
// "etcd" (data-dir: /srv/kv) or a check of /v2/machines on :4001 is read,
// and so are the platforms' files that pin the etcd they run.
var triggers = []string{
	"etcd", "ETCD", "Etcd", "capnslog", "v3beta", "v3alpha",
	"listen-client-urls", "listen-peer-urls", "initial-cluster", "advertise-client-urls",
	"log-package-levels", "log-output", "enable-v2", "/config/local/log",
	"/v2/keys", "/v2/members", "/v2/stats", "/v2/machines",
	"snapshot-count", "heartbeat-interval", "election-timeout", "quota-backend-bytes",
	"auto-compaction", "wal-dir", "experimental-",
	// platforms that run an etcd of their own choosing: kubeadm's
	// ClusterConfiguration (its kubernetesVersion), k3s with embedded etcd
	"ClusterConfiguration", "cluster-init",
}

// byPrefix indexes the triggers by their first two bytes, so Prefilter
// reads the file once and compares few words at each place. The config
// keys of etcd's own tables join them: an etcd config file need not name
// etcd.
var byPrefix = func() map[[2]byte][]string {
	words := slices.Clone(triggers)
	for _, k := range rules.MustLoadCatalog().KeyNames() {
		if strings.Contains(k, "-") && len(k) >= 8 {
			words = append(words, k)
		}
	}
	idx := map[[2]byte][]string{}
	for _, w := range words {
		k := [2]byte{w[0], w[1]}
		if !slices.Contains(idx[k], w) {
			idx[k] = append(idx[k], w)
		}
		starts[int(w[0])<<8|int(w[1])] = true
	}
	return idx
}()

// starts marks the byte pairs a trigger begins with: most places of a file
// are rejected by one array read.
var starts [1 << 16]bool

// Prefilter is the cheap first pass: false means no rule can fire.
func Prefilter(src []byte) bool {
	for i := 0; i+1 < len(src); i++ {
		if !starts[int(src[i])<<8|int(src[i+1])] {
			continue
		}
		for _, t := range byPrefix[[2]byte{src[i], src[i+1]}] {
			if len(src)-i >= len(t) && string(src[i:i+len(t)]) == t {
				return true
			}
		}
	}
	return false
}
