package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/lint/fact"
)

var upgradePathTooOld = &Rule{
	ID:       "upgrade-path-too-old",
	Title:    "etcd build older than the upgrade's starting version",
	Severity: Error,
	Surfaces: []string{"image", "platform"},
	Rationale: `etcd upgrades one minor version at a time: the upgrade guides require the running cluster to
be at the previous minor version, and a 3.4 member started directly as 3.6 keeps logging "failed to
update storage version ... missing term information". The 3.6 upgrade guide also requires every 3.5 member to run 3.5.32 or
later first, and 3.7 every 3.6 member 3.6.11 or later (rules/data/hops.tsv). An image tag, release tarball, package pin or version variable older than that is a
cluster that needs more than one hop: the finding names them. A platform release is read as the etcd
it runs (rules/data/distribution-etcd.tsv: k3s with embedded etcd, rke2, kubeadm's
kubernetesVersion), and the finding names the platform release that takes the next hop. There is no autofix, because each hop is
a rolling upgrade of its own. A build already at the target or newer is no finding of this rule.`,
	Before:      "FROM quay.io/coreos/etcd:v3.3.12",
	After:       "FROM quay.io/coreos/etcd:v3.4.35   # then 3.5 in a second rollout",
	ExampleFile: "Dockerfile",
	Check: func(p *Pass) {
		// a pin older than where the audit starts needs more hops; one at
		// the start of this hop must be at least its floor
		from, to := minorOf(p.Chain.From), minorOf(p.Chain.To)
		floor := p.Upgrade.Hop().Floor
		_, _, minPatch, hasFloor := image.Version(floor)
		// a release named again (wget, tar, mv of one tarball) is one pin;
		// each default written for a version variable is a line to change
		downloads := map[string]bool{}
		for _, img := range p.Facts.Images {
			pinned, ok := pinnedEtcd(img)
			if !ok {
				continue
			}
			switch img.Source {
			case fact.Download:
				if downloads[img.Tag] {
					continue
				}
				downloads[img.Tag] = true
			case fact.PackagePin:
				// a package file named again (source =>, require =>)
				if downloads[img.Ref] {
					continue
				}
				downloads[img.Ref] = true
			}
			major, minor, patch := pinned[0], pinned[1], pinned[2]
			v := [2]int{major, minor}
			what := describeImage(img)
			switch {
			case less(v, from):
				next := hops(v, to)
				if img.Source == fact.Distribution {
					next += "; the first hop is " + rollout(img, fmt.Sprintf("%d.%d.x", major, minor+1), inMinor([3]int{major, minor + 1, -1}))
				}
				p.Report(Diagnostic{Severity: Error, Span: img.Span, Message: fmt.Sprintf(
					"%s runs etcd %d.%d, older than %s: etcd %s only upgrades from a running %s cluster (one minor version at a time); upgrade the whole cluster one hop at a time: %s",
					what, major, minor, p.Chain.From, p.Upgrade.To, p.Upgrade.From, next)})
			case v == minorOf(p.Upgrade.From) && hasFloor && patch >= 0 && patch < minPatch:
				first := fmt.Sprintf("the latest %s patch release", p.Upgrade.From)
				if img.Source == fact.Distribution {
					first = rollout(img, fmt.Sprintf("%d.%d.%d or later", major, minor, minPatch), inMinor([3]int{major, minor, minPatch}))
				}
				p.Report(Diagnostic{Severity: Error, Span: img.Span, Message: fmt.Sprintf(
					"%s runs etcd %d.%d.%d: etcd %s only upgrades from %s or later (%s); roll out %s first, then %s",
					what, major, minor, patch, p.Upgrade.To, floor, p.Upgrade.Hop().FloorSource, first, p.Upgrade.To)})
			}
		}
	},
}

func describeImage(img *fact.Image) string {
	switch img.Source {
	case fact.Download:
		return "release download " + img.Ref
	case fact.PackagePin:
		return "package pin " + img.Ref
	case fact.VersionVar:
		return "version variable " + img.Ref
	case fact.SourceBuild:
		return "source build " + img.Ref
	case fact.Distribution:
		if img.Repository == "kubeadm" {
			return "kubeadm's " + img.Ref
		}
		return img.Repository + " release " + img.Ref
	}
	return "image " + img.Ref
}

func minorOf(v string) [2]int {
	major, minor, _ := strings.Cut(v, ".")
	a, _ := strconv.Atoi(major)
	b, _ := strconv.Atoi(minor)
	return [2]int{a, b}
}

func less(a, b [2]int) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }

// hops is the chain of minor versions from v to the target: "3.3 → 3.4 → 3.5";
// etcd 2 goes to 3.0 first.
func hops(v, to [2]int) string {
	chain := []string{fmt.Sprintf("%d.%d", v[0], v[1])}
	cur := v
	if cur[0] < 3 {
		cur = [2]int{3, -1}
	}
	for cur[1]+1 <= to[1] {
		cur[1]++
		chain = append(chain, fmt.Sprintf("3.%d", cur[1]))
	}
	return strings.Join(chain, " → ")
}
