package lint

import (
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

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
