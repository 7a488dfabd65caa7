package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func TestParseRelease(t *testing.T) {
	for in, want := range map[string]string{
		"v1.28.5+k3s1":    "1.28.5 build 1",
		"v1.28.5-k3s2":    "1.28.5 build 2",
		"v1.30.2%2Bk3s1":  "1.30.2 build 1",
		"v1.24.9+rke2r2":  "1.24.9 build 2",
		"v1.23.4":         "1.23.4 build 0",
		"v1.23.4-gke.1":   "no",
		"1.23":            "1.23 build 0",
		"v1.23.0-rc.1":    "no",
		"stable-1.23":     "no",
		"1.2.3.4":         "no",
		"v1.28.5+k3s":     "no",
		"v1.28.5+k3s1abc": "no",
	} {
		got := "no"
		if r, ok := parseRelease(in); ok {
			got = fmt.Sprintf("%s build %d", r, r.build)
		}
		if got != want {
			t.Errorf("parseRelease(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestDistributionTable(t *testing.T) {
	seen := map[string]bool{}
	for _, b := range bundles() {
		if !strings.HasPrefix(b.source, "https://") {
			t.Errorf("%s %s: source %q is no link", b.platform, b.from, b.source)
		}
		key := fmt.Sprintf("%s %s %d", b.platform, b.from, b.from.build)
		if b.exact && seen[key] {
			t.Errorf("%s is in the table twice", key)
		}
		seen[key] = true
		if !b.within(b.from) || !b.within(b.last()) {
			t.Errorf("%s: range ends before it starts", key)
		}
	}
	// one row per release: no range starts or ends inside another
	rows := bundles()
	for i, a := range rows {
		for j, b := range rows {
			if i != j && a.platform == b.platform && (b.within(a.from) || b.within(a.last())) {
				t.Errorf("%s rows %s..%s and %s..%s overlap", a.platform, a.from, a.to, b.from, b.to)
			}
		}
	}
}

func TestBundled(t *testing.T) {
	for _, tc := range []struct{ platform, tag, want string }{
		{"k3s", "v1.24.4+k3s1", "3.5.3"},
		{"k3s", "v1.24.4-k3s1", "3.5.3"},    // the image tag
		{"k3s", "v1.33.10+k3s1", "3.5.26"},  // 1.33 moved from 3.5 to 3.6 ...
		{"k3s", "v1.33.11+k3s1", "3.6.7"},   // ... within its patch releases
		{"k3s", "v1.33.99+k3s1", "unknown"}, // so its minor alone tells nothing
		{"k3s", "v1.26.99+k3s1", "3.5"},     // every 1.26 release runs 3.5
		{"k3s", "v1.18.3+k3s1", "unknown"},  // before embedded etcd
		{"rke2", "v1.24.4+k3s1", "unknown"},
		{"rke2", "v1.23.4+rke2r1", "3.5.1"},
		{"kubeadm", "v1.23.4", "3.5.1"},  // a range of patches
		{"kubeadm", "1.23.14", "3.5.5"},  // one patch
		{"kubeadm", "v1.23.17", "3.5.6"}, // a range up to the minor's end
		{"kubeadm", "v1.21.2", "3.4"},    // a minor whose patch is not known
		{"kubeadm", "v1.28.3", "3.5"},    // after the minor's .0
		{"kubeadm", "v1.23.4+k3s1", "unknown"},
	} {
		got := "unknown"
		if v, ok := bundled(&fact.Image{Source: fact.Distribution, Repository: tc.platform, Tag: tc.tag}); ok {
			got = fmt.Sprintf("%d.%d", v[0], v[1])
			if v[2] >= 0 {
				got += fmt.Sprintf(".%d", v[2])
			}
		}
		if got != tc.want {
			t.Errorf("%s %s runs etcd %s, want %s", tc.platform, tc.tag, got, tc.want)
		}
	}
}

// last is the last release a row takes in, with a patch.
func (b bundle) last() release {
	r := b.to
	if r.k8s[2] < 0 {
		r.k8s[2] = 1 << 30
	}
	return r
}
