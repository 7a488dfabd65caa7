package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var knownBadVersion = &Rule{
	ID:       "known-bad-version",
	Title:    "an etcd release with a known data, upgrade or security defect",
	Severity: Warning,
	Surfaces: []string{"image", "platform"},
	Rationale: `Some patch releases have defects that matter before an upgrade, listed with their sources in
rules/data/known-bad-versions.tsv (checked against etcd's CHANGELOGs): 3.5.0 to 3.5.2 can let members
diverge after a crash (fixed in 3.5.3); 3.5.1 to 3.5.19 do not persist learner promotions, which later
blocks upgrades (fixed in 3.5.20); Kubernetes recommends 3.4.22 and 3.5.6 or later for consistency
fixes; and security advisories were fixed in 3.4.42, 3.5.28, 3.5.33, 3.6.9 and 3.6.14. An image,
download, package pin or version variable inside a range is reported once, with every reason and the
first release that fixes them all. So is a platform release that runs such an etcd (a k3s server with
embedded etcd, an rke2 server, kubeadm's kubernetesVersion with no etcd imageTag;
rules/data/distribution-etcd.tsv, from each release's component table): the finding names the first release of
that platform whose etcd has none of the defects. There is no autofix: a patch release is a rollout
of its own.`,
	Before:      "image: quay.io/coreos/etcd:v3.5.1",
	After:       "image: quay.io/coreos/etcd:v3.5.33",
	ExampleFile: "docker-compose.yml",
	Check: func(p *Pass) {
		rows := badVersions()
		seen := map[string]bool{}
		for _, img := range p.Facts.Images {
			v, ok := pinnedEtcd(img)
			if !ok || v[2] < 0 {
				continue
			}
			if img.Source != fact.ContainerImage && img.Source != fact.Distribution {
				key := fmt.Sprint(v)
				if seen[key] {
					continue // a release named again is one pin
				}
				seen[key] = true
			}
			var reasons []string
			sev, fixed := Warning, v
			for _, r := range defects(rows, v) {
				reasons = append(reasons, r.reason)
				sev = max(sev, r.severity)
				if lessPatch(fixed, r.fixed) {
					fixed = r.fixed
				}
			}
			if len(reasons) == 0 {
				continue
			}
			advice := fmt.Sprintf("%d.%d.%d or later (the latest %d.%d patch is better)", fixed[0], fixed[1], fixed[2], fixed[0], fixed[1])
			if img.Source == fact.Distribution {
				advice = rollout(img, fmt.Sprintf("%d.%d.%d or later", fixed[0], fixed[1], fixed[2]), func(v [3]int) bool {
					return v[2] >= 0 && len(defects(rows, v)) == 0
				})
			}
			p.Report(Diagnostic{Severity: sev, Span: img.TagSpan, Message: fmt.Sprintf(
				"%s runs etcd %d.%d.%d, a release with known defects: %s; roll out %s",
				describeImage(img), v[0], v[1], v[2], strings.Join(reasons, "; "), advice)})
		}
	},
}

type badRange struct {
	from, to, fixed [3]int
	severity        Severity
	reason          string
}

var badOnce = sync.OnceValues(func() ([]badRange, error) {
	var out []badRange
	err := readTSV("data/known-bad-versions.tsv", func(r map[string]string) error {
		var b badRange
		for col, into := range map[string]*[3]int{"from": &b.from, "to": &b.to, "fixed": &b.fixed} {
			major, minor, patch, ok := image.Version(r[col])
			if !ok || patch < 0 {
				return fmt.Errorf("known-bad-versions.tsv: bad %s %q", col, r[col])
			}
			*into = [3]int{major, minor, patch}
		}
		sev, err := ParseSeverity(r["severity"])
		if err != nil {
			return err
		}
		b.severity, b.reason = sev, r["reason"]
		out = append(out, b)
		return nil
	})
	return out, err
})

func badVersions() []badRange {
	rows, err := badOnce()
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	return rows
}

// defects are the ranges that hold release v.
func defects(rows []badRange, v [3]int) []badRange {
	var out []badRange
	for _, r := range rows {
		if !lessPatch(v, r.from) && !lessPatch(r.to, v) {
			out = append(out, r)
		}
	}
	return out
}

func lessPatch(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}
