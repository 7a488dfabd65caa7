package rules

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// release is a platform version: Kubernetes major.minor.patch (patch -1
// when absent) and the platform's own build (k3s1: platform k3s, build 1).
type release struct {
	k8s      [3]int
	platform string
	build    int
}

func (a release) compare(b release) int {
	for i := range a.k8s {
		if c := cmp.Compare(a.k8s[i], b.k8s[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.build, b.build)
}

func (a release) String() string {
	if a.k8s[2] < 0 {
		return fmt.Sprintf("%d.%d", a.k8s[0], a.k8s[1])
	}
	return fmt.Sprintf("%d.%d.%d", a.k8s[0], a.k8s[1], a.k8s[2])
}

// parseRelease reads "v1.28.5+k3s1", "v1.28.5-k3s1", "1.28.5%2Bk3s1",
// "v1.23.4" or "1.23".
func parseRelease(s string) (release, bool) {
	s = strings.TrimPrefix(strings.NewReplacer("%2B", "+", "%2b", "+").Replace(s), "v")
	var r release
	if i := strings.IndexAny(s, "+-"); i >= 0 {
		suffix := s[i+1:]
		for _, p := range []string{"k3s", "rke2r"} {
			if b, ok := strings.CutPrefix(suffix, p); ok {
				r.platform, suffix = strings.TrimSuffix(p, "r"), b
			}
		}
		n, err := strconv.Atoi(suffix)
		if r.platform == "" || err != nil {
			return r, false
		}
		r.build, s = n, s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return r, false
	}
	r.k8s[2] = -1
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return r, false
		}
		r.k8s[i] = n
	}
	return r, true
}

// bundle is one row of distribution-etcd.tsv: the etcd a platform's
// releases from..to run.
type bundle struct {
	platform string
	from, to release
	// exact is a row for one release (k3s, rke2), not a range of Kubernetes
	// versions (kubeadm).
	exact bool
	etcd  string
	// etcdV is etcd's version; its patch is -1 when only the minor is known.
	etcdV  [3]int
	source string
}

var bundlesOnce = sync.OnceValues(func() ([]bundle, error) {
	var out []bundle
	err := readTSV("data/distribution-etcd.tsv", func(r map[string]string) error {
		b := bundle{platform: r["distribution"], etcd: r["etcd"], source: r["source"]}
		lo, hi, isRange := strings.Cut(r["versions"], "..")
		var ok1, ok2 bool
		b.from, ok1 = parseRelease(lo)
		b.to, ok2 = b.from, ok1
		if isRange {
			b.to, ok2 = parseRelease(hi)
		}
		b.exact = !isRange && b.platform != "kubeadm"
		major, minor, patch, ok := image.Version(b.etcd)
		if !ok1 || !ok2 || !ok {
			return fmt.Errorf("bad row %q %q", r["versions"], b.etcd)
		}
		b.etcdV = [3]int{major, minor, patch}
		out = append(out, b)
		return nil
	})
	slices.SortStableFunc(out, func(a, b bundle) int {
		return cmp.Or(strings.Compare(a.platform, b.platform), a.from.compare(b.from))
	})
	return out, err
})

func bundles() []bundle {
	rows, err := bundlesOnce()
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	return rows
}

// within reports whether r falls in b's releases. A range's bound without
// a patch takes in its whole minor; a version without one is within when
// its whole minor is.
func (b bundle) within(r release) bool {
	if b.exact {
		return r.compare(b.from) == 0
	}
	lo, hi := b.from.k8s, b.to.k8s
	if hi[2] < 0 {
		hi[2] = 1 << 30
	}
	first, last := r.k8s, r.k8s
	if r.k8s[2] < 0 {
		first[2], last[2] = 0, 1<<30
	}
	return !lessPatch(first, lo) && !lessPatch(hi, last)
}

// bundled is the etcd a platform release pins: the row that names it, else
// the etcd minor every known release of its Kubernetes minor shares. ok is
// false when the table cannot tell.
func bundled(img *fact.Image) (etcd [3]int, ok bool) {
	r, ok := parseRelease(img.Tag)
	if !ok || r.platform != "" && r.platform != img.Repository {
		return etcd, false
	}
	rows := bundles()
	for _, b := range rows {
		if b.platform == img.Repository && b.within(r) {
			return b.etcdV, true
		}
	}
	var minor [2]int
	found := false
	for _, b := range rows {
		if b.platform != img.Repository || b.from.k8s[1] != r.k8s[1] || b.from.k8s[0] != r.k8s[0] {
			continue
		}
		m := [2]int{b.etcdV[0], b.etcdV[1]}
		if found && m != minor {
			return etcd, false
		}
		minor, found = m, true
	}
	return [3]int{minor[0], minor[1], -1}, found
}

// firstRelease is the first release of img's platform, from img's own
// Kubernetes minor on, whose etcd suits; nil when the table has none.
func firstRelease(img *fact.Image, suits func(etcd [3]int) bool) *bundle {
	r, ok := parseRelease(img.Tag)
	if !ok {
		return nil
	}
	rows := bundles()
	for i, b := range rows {
		if b.platform == img.Repository && !less([2]int{b.to.k8s[0], b.to.k8s[1]}, [2]int{r.k8s[0], r.k8s[1]}) && suits(b.etcdV) {
			return &rows[i]
		}
	}
	return nil
}

// inMinor suits an etcd of want's minor at want's patch or later (any
// patch when want has none; a row that knows no patch cannot tell).
func inMinor(want [3]int) func([3]int) bool {
	return func(v [3]int) bool {
		return v[0] == want[0] && v[1] == want[1] && (want[2] < 0 || v[2] >= want[2])
	}
}

// tag writes an exact row's release as the platform does.
func (b *bundle) tag() string {
	suffix := map[string]string{"k3s": "+k3s", "rke2": "+rke2r"}[b.platform]
	return fmt.Sprintf("v%s%s%d", b.from, suffix, b.from.build)
}

// pinnedEtcd is the etcd version an image, download, pin or platform
// release runs (patch -1 when unknown); ok is false for another program's
// image or a platform release the table cannot tell.
func pinnedEtcd(img *fact.Image) (v [3]int, ok bool) {
	switch {
	case img.Source == fact.Distribution:
		return bundled(img)
	case img.Source == fact.ContainerImage && !image.IsEtcd(img.Repository):
		return v, false
	}
	major, minor, patch, ok := image.Version(img.Tag)
	if !ok || major == 1 || major > 3 {
		// etcd went from 0.4 to 2.0; 1.x tags are other programs' versions
		return v, false
	}
	return [3]int{major, minor, patch}, true
}

// rollout is what to roll out so that img runs an etcd that suits, named
// want for messages: the release want itself, or the platform release
// that runs such an etcd.
func rollout(img *fact.Image, want string, suits func([3]int) bool) string {
	if img.Source != fact.Distribution {
		return want
	}
	b := firstRelease(img, suits)
	switch {
	case b == nil && img.Repository == "kubeadm":
		return fmt.Sprintf("etcd %s with etcd.local.imageTag (no Kubernetes release in etcdlint's table has kubeadm run it)", want)
	case b == nil:
		return fmt.Sprintf("%s release that runs etcd %s (etcdlint's table of its releases has none)", map[string]string{"k3s": "a k3s", "rke2": "an rke2"}[img.Repository], want)
	case b.exact:
		return fmt.Sprintf("%s %s or later (it runs etcd %s)", b.platform, b.tag(), b.etcd)
	}
	return fmt.Sprintf("Kubernetes %s or later (kubeadm then runs etcd %s; its latest patch release is better), or set etcd.local.imageTag to etcd %s", b.from, b.etcd, want)
}

// FileUpgrade is the hop a file is audited for: the audit's upgrade, or,
// when every etcd build the file pins is of one minor version past the
// audit's target, the hop into that version: a compose file running
// etcd:3.6 in a 3.4 → 3.5 audit runs 3.6 already, and is judged by it.
// ok reports that the file's own hop was chosen.
func FileUpgrade(up Upgrade, facts *fact.Facts) (Upgrade, bool) {
	var minor [2]int
	for _, img := range facts.Images {
		v, ok := pinnedEtcd(img)
		if !ok || v[0] != 3 {
			continue
		}
		m := [2]int{v[0], v[1]}
		if minor != ([2]int{}) && m != minor {
			return up, false // builds of several versions: no one hop
		}
		minor = m
	}
	if minor == ([2]int{}) || !less(minorOf(up.To), minor) {
		return up, false
	}
	to := fmt.Sprintf("%d.%d", minor[0], minor[1])
	i := slices.Index(Versions, to)
	if i < 1 {
		return up, false // a version etcdlint has no data for
	}
	return Upgrade{From: Versions[i-1], To: to}, true
}
