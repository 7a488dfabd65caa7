// Package image finds the etcd builds a file pins, whatever its kind: etcd
// container image references with a version tag, release tarball URLs,
// package pins, and variables that name etcd's version. The
// scan is textual so that it works the same in a Dockerfile, a script, a
// Markdown runbook or an Ansible var file.
package image

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/fastre"
	"github.com/etcdlint/etcdlint/internal/syntax/textedit"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// IsEtcd reports whether an image repository runs the etcd server: its last
// path component is etcd (or an old per-architecture etcd-amd64 image).
// etcd-operator, etcd-backup-restore and kube-apiserver are not.
func IsEtcd(repo string) bool {
	switch path.Base(repo) {
	case "etcd", "etcd-amd64", "etcd-arm64", "etcd-arm", "etcd-ppc64le", "etcd-s390x",
		"coreos-etcd", "mirrored-coreos-etcd", "hardened-etcd": // Rancher's (RKE, rke2) builds of etcd
		return true
	}
	return false
}

// Version reads major and minor (and the patch, -1 when absent or a
// wildcard) from a tag: "v3.3.12", "3.3.15-0", "v3.2.x", "3.3.*", "3.3".
func Version(tag string) (major, minor, patch int, ok bool) {
	m := versionTag.FindStringSubmatch(tag)
	if m == nil {
		return 0, 0, 0, false
	}
	patch = -1
	if m[3] != "" {
		patch = atoi(m[3])
	}
	return atoi(m[1]), atoi(m[2]), patch, true
}

var versionTag = regexp.MustCompile(`^v?([0-9]{1,3})\.([0-9]{1,3})(?:\.(?:([0-9]{1,4})|x|\*))?(?:[-+_.~].*|\*)?$`)

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// fileName is a tag that ends like a file's name: no image tag does.
var fileName = regexp.MustCompile(`(?i)\.(?:db|snap|bak|tar|gz|tgz|zip|log|json|ya?ml|txt|sh|conf)$`)

// registryVar is a registry written as a variable or a template, with the
// slash after it.
const registryVar = `(?:\$\{[A-Za-z_][^}\s]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}\n]*\}\}|<%=?[^%\n]*%>)/`

var (
	// ref is an image reference ending in an etcd repository and a tag; the
	// first group is the boundary before it, which may be a registry that a
	// variable or a template gives (${REGISTRY}/etcd:3.4.13-0,
	// {{ .Values.registry }}/coreos/etcd:v3.3.10).
	ref = regexp.MustCompile(`(^|[\s"'=,(\[>]|:-|` + registryVar + `)((?:[a-z0-9][a-z0-9.-]*(?::[0-9]+)?/)?(?:[a-z0-9][a-z0-9._-]*/)*(?:(?:mirrored-)?coreos-|hardened-)?etcd(?:-amd64|-arm64|-arm|-ppc64le|-s390x)?):(v?[0-9][A-Za-z0-9_.+*-]*)`)
	// tarball is an etcd release archive with its version, the directory it
	// unpacks to (/opt/etcd-v3.2.2-linux-amd64/etcd), or a packaged build
	// (etcd-3.3.27-155-linux-${OS_ARCH}-debian-11).
	tarball = regexp.MustCompile(`\betcd-(v?[0-9]+\.[0-9]+\.[0-9]+(?:-[a-z0-9.]+)?)-(?:linux|darwin|windows|freebsd)-[A-Za-z0-9${}_]+(?:\.tar\.gz|\.zip)?`)
	// gitClone is a clone of etcd's repository at a release:
	// "git clone -b v3.4.3 https://github.com/etcd-io/etcd", the branch
	// given before or after the repository.
	gitClone = regexp.MustCompile(`\bgit[ \t]+clone\b[^\n]*?(?:(?:--branch[ =]|-b[ \t]+)["']?(v?[0-9]+\.[0-9]+\.[0-9]+)["']?[^\n]*?(?:etcd-io|coreos)/etcd(?:\.git)?\b|(?:etcd-io|coreos)/etcd(?:\.git)?\b[^\n]*?(?:--branch[ =]|-b[ \t]+)["']?(v?[0-9]+\.[0-9]+\.[0-9]+))`)
	// formulaTag is a Homebrew formula's url of etcd's repository and the
	// tag it builds: url "https://github.com/etcd-io/etcd.git", tag: "v3.5.6".
	formulaTag = regexp.MustCompile(`(?:etcd-io|coreos)/etcd\.git["'][ \t]*,[ \t]*\r?\n[ \t]*tag:[ \t]*["'](v?[0-9]+\.[0-9]+\.[0-9]+)["']`)
	// versionVar is ETCD_VER=v3.3.10, etcd_version: "3.3.10",
	// ${ETCD_VERSION:-3.0.14}, ETCDVERSION=3.3.13, ETCD_IMAGE_TAG=v3.3.13,
	// ETCD_VERSION_UPGRADE_TO: "3.5.21-0" and the like: a variable that
	// names etcd's version.
	versionVar = regexp.MustCompile(`(?i)(^|[\s"'{(\[,$@-])((?:[A-Z0-9]+_)*(?:ETCD_?VER(?:SION)?|ETCD_RELEASE|ETCD_(?:IMAGE_)?TAG)(?:_[A-Z0-9]+)*["']?[ \t]*(?:\??=|:=|:-|:[ \t]+)[ \t]*["']?(v?[0-9]+\.[0-9]+(?:\.[0-9]+)?))\b`)
	// hashVersion is a nested attribute path ending in etcd's version:
	// Chef's default[:etcd][:version] = '3.3.1', default['etcd']['version'].
	hashVersion = regexp.MustCompile(`(?i)()(\[[ \t]*:?["']?etcd(?:_?v[0-9])?["']?[ \t]*\][ \t]*\[[ \t]*:?["']?version["']?[ \t]*\][ \t]*=[ \t]*["'](v?[0-9]+\.[0-9]+\.[0-9]+)["'])`)
	// keyVersion is a map entry named etcd whose value is a release: a
	// versions map (Terraform's etcd = "3.1.8", YAML's etcd: 3.3.10).
	keyVersion = regexp.MustCompile(`(?m)(^|[\s{,(])(["']?etcd["']?[ \t]*(?:=|:)[ \t]*["']?(v?[0-9]+\.[0-9]+\.[0-9]+)["']?)[ \t]*(?:,|#|//|\r?$)`)
	// sectionVersion is the version key of a section named etcd: a
	// Container Linux Config's "etcd:" then "  version: 3.5.0", a Salt or
	// Ansible default's "etcd:" … "  install:" … "    version: 2.1.2".
	sectionVersion = regexp.MustCompile(`(?m)^[ \t]*etcd:[ \t]*\r?\n(?:[ \t]+[^\n]*\n|[ \t]*\r?\n){0,16}?[ \t]+()(version:[ \t]*["']?(v?[0-9]+\.[0-9]+\.[0-9]+))["']?[ \t]*\r?$`)
	// envVersion is a Dockerfile's "ENV ETCDVERSION 2.0.13" (no "=").
	envVersion = regexp.MustCompile(`(?im)^[ \t]*ENV[ \t]+()((?:ETCD_?VER(?:SION)?|ETCD_RELEASE)[ \t]+(v?[0-9]+\.[0-9]+(?:\.[0-9]+)?))\b`)
	// aptPin is "etcd=3.3.*" on an apt command line or in a preferences file.
	aptPin = regexp.MustCompile(`(^|[\s"'])(etcd(?:-server)?=([0-9]+\.[0-9]+[A-Za-z0-9.*~+-]*))`)
	// rpmPin is "etcd-3.3.11" after yum, dnf or zypper.
	rpmPin  = regexp.MustCompile(`(^|[\s"'/])(etcd-([0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.~+-]*))`)
	rpmLine = regexp.MustCompile(`\b(?:yum|dnf|zypper)\b`)
	// rpmFile is an etcd package file: /tmp/etcd-2.3.7-4.el7.x86_64.rpm.
	rpmFile = regexp.MustCompile(`(^|[\s"'/=])(etcd-([0-9]+\.[0-9]+\.[0-9]+)[A-Za-z0-9._~+-]*\.rpm)\b`)
	// specVersion is the Version of an RPM spec whose Name is etcd.
	specName    = regexp.MustCompile(`(?m)^Name:[ \t]*etcd[ \t]*\r?$`)
	specVersion = regexp.MustCompile(`(?m)^()(Version:[ \t]*(v?[0-9]+\.[0-9]+\.[0-9]+))[ \t]*\r?$`)
)

// Scan returns every etcd build src pins, in file order.
func Scan(src []byte) []*fact.Image { return scan(src, etcdLines(src)) }

func scan(src []byte, lines etcdRuns) []*fact.Image {
	var out []*fact.Image
	for _, m := range lines.find(ref) {
		tag := string(src[m[6]:m[7]])
		tag = strings.TrimRight(tag, ".,")
		if _, _, _, ok := Version(tag); !ok || fileName.MatchString(tag) {
			continue // etcd:2379 is a host and a port, ${DIR}/etcd:3.4.13-snap.db a file
		}
		repo := string(src[m[4]:m[5]])
		out = append(out, &fact.Image{
			Source: fact.ContainerImage, Ref: repo + ":" + tag, Repository: repo, Tag: tag,
			Span: fact.Span{Start: m[4], End: m[6] + len(tag)}, TagSpan: fact.Span{Start: m[6], End: m[6] + len(tag)},
		})
	}
	for _, m := range lines.find(tarball) {
		out = append(out, &fact.Image{
			Source: fact.Download, Ref: string(src[m[0]:m[1]]), Repository: "etcd", Tag: string(src[m[2]:m[3]]),
			Span: fact.Span{Start: m[0], End: m[1]}, TagSpan: fact.Span{Start: m[2], End: m[3]},
		})
	}
	// etcd built from its repository at a release
	for _, m := range append(lines.find(gitClone), lines.find(formulaTag)...) {
		for g := 2; g+1 < len(m); g += 2 {
			if m[g] >= 0 {
				tag := string(src[m[g]:m[g+1]])
				out = append(out, &fact.Image{Source: fact.SourceBuild, Ref: "etcd-io/etcd@" + tag, Repository: "etcd", Tag: tag,
					Span: fact.Span{Start: m[g], End: m[g+1]}, TagSpan: fact.Span{Start: m[g], End: m[g+1]}})
			}
		}
	}
	// the version-named forms need the word: a cheap test spares their scans
	named := bytes.Contains(src, []byte("ver")) || bytes.Contains(src, []byte("VER")) || bytes.Contains(src, []byte("Ver"))
	tagged := named || bytes.Contains(src, []byte("tag")) || bytes.Contains(src, []byte("TAG")) || bytes.Contains(src, []byte("RELEASE")) || bytes.Contains(src, []byte("release"))
	byName := []*regexp.Regexp{keyVersion}
	if tagged {
		byName = append(byName, versionVar) // etcd_image_tag: "v3.3.13" says no "ver"
	}
	if named {
		byName = append(byName, envVersion, sectionVersion, resourceVersion, hashVersion)
	}
	for _, r := range byName {
		for _, m := range lines.find(r) {
			out = append(out, pin(src, m, fact.VersionVar))
		}
	}
	for _, m := range lines.find(scriptArg) {
		out = append(out, pin(src, m, fact.VersionVar))
	}
	defaults := []*regexp.Regexp{}
	if named {
		defaults = append(defaults, versionDefault, rubyDefault, tfVariable)
	}
	for _, r := range defaults {
		for _, m := range lines.find(r) {
			// the name and its fallback, not the statement between them
			img := pin(src, m, fact.VersionVar)
			img.Ref = string(src[m[4]:m[5]]) + " (default " + img.Tag + ")"
			img.Span.End = img.TagSpan.End
			if r == rubyDefault || r == tfVariable {
				img.Span = img.TagSpan // the name is lines above: point at the default
			}
			out = append(out, img)
		}
	}
	if bytes.Contains(src, []byte("APP_NAME")) && appName.Match(src) {
		for _, m := range appVersion.FindAllSubmatchIndex(src, -1) {
			out = append(out, pin(src, m, fact.VersionVar))
		}
	}
	out = append(out, tagVariables(src, lines)...)
	out = append(out, listPins(src, lines.find(versionList))...)
	for _, name := range matrixVariables(src) {
		q := regexp.QuoteMeta(name)
		out = append(out, listPins(src, regexp.MustCompile(`(?m)^[ \t]*-?[ \t]*["']?`+q+`["']?[ \t]*[:=][ \t]*\[([^\]\n]*)\]`).FindAllSubmatchIndex(src, -1))...)
		// a matrix's include entries: "- version: 3.4.0"
		out = append(out, listPins(src, regexp.MustCompile(`(?m)^[ \t]*-?[ \t]*["']?`+q+`["']?[ \t]*:[ \t]*(["']?v?[0-9]+\.[0-9]+(?:\.[0-9x*]+)?["']?)[ \t]*(?:#.*)?\r?$`).FindAllSubmatchIndex(src, -1))...)
	}
	// an image written as a repository or a name, and a tag
	repoTags := append(lines.find(repoTag), lines.find(nameTag)...)
	for _, m := range repoTags {
		if !IsEtcd(string(src[m[2]:m[3]])) || !sameBlock(src, m[0], m[4]) {
			continue
		}
		repo, tag := string(src[m[2]:m[3]]), string(src[m[4]:m[5]])
		out = append(out, &fact.Image{Source: fact.ContainerImage, Ref: repo + ":" + tag, Repository: repo, Tag: tag,
			Span: fact.Span{Start: m[4], End: m[5]}, TagSpan: fact.Span{Start: m[4], End: m[5]}})
	}
	for _, m := range lines.find(aptPin) {
		out = append(out, pin(src, m, fact.PackagePin))
	}
	for _, m := range lines.find(rpmPin) {
		ls := bytes.LastIndexByte(src[:m[4]], '\n') + 1
		if rpmLine.Match(src[ls:m[4]]) {
			out = append(out, pin(src, m, fact.PackagePin))
		}
	}
	if bytes.Contains(src, []byte(".rpm")) {
		for _, m := range lines.find(rpmFile) {
			out = append(out, pin(src, m, fact.PackagePin))
		}
	}
	if bytes.Contains(src, []byte("Name:")) && specName.Match(src) {
		for _, m := range specVersion.FindAllSubmatchIndex(src, -1) {
			out = append(out, pin(src, m, fact.PackagePin))
		}
	}
	out = append(out, distributions(src)...)
	slices.SortStableFunc(out, func(a, b *fact.Image) int { return a.Span.Start - b.Span.Start })
	// forms overlap (ETCD_VERSION="3.3.10" is also a default): one pin per version written
	seen := map[fact.Span]bool{}
	return slices.DeleteFunc(out, func(img *fact.Image) bool {
		dup := seen[img.TagSpan]
		seen[img.TagSpan] = true
		return dup
	})
}

// sameBlock reports whether the lines at from and to are indented alike
// and no line between them is indented less: a tag of the same mapping
// (or command), not of the next one ("metrics:" then "  tag: 0.13.0").
func sameBlock(src []byte, from, to int) bool {
	indent := func(line []byte) int { return len(line) - len(bytes.TrimLeft(line, " \t")) }
	start := bytes.LastIndexByte(src[:from], '\n') + 1
	want := indent(src[start:])
	for _, line := range bytes.Split(src[start:to], []byte("\n"))[1:] {
		if len(bytes.TrimSpace(line)) > 0 && indent(line) < want {
			return false
		}
	}
	end := bytes.LastIndexByte(src[:to], '\n') + 1
	return indent(src[end:]) == want
}

// repoTag is an image written as a repository and a tag on the lines
// after it (Helm values, Gradle's docker tasks, Terraform, helm --set):
// "repository = 'quay.io/coreos/etcd'" then "tag = 'v2.3.7'", or an image
// key with no tag and its tag beside it ("image: quay.io/coreos/etcd" then
// "tag: v3.5.28").
var repoTag = regexp.MustCompile(`(?i)\b(?:repository|image)["']?[ \t]*[:=][ \t]*["']?([a-z0-9][a-z0-9./:-]*)["']?[ \t,\\]*\r?\n(?:[^\n]*\n){0,2}?[ \t]*(?:--set(?:-string)?[ \t=]+[\w.]*\.)?["']?tag["']?[ \t]*[:=][ \t]*["']?(v?[0-9]+\.[0-9]+[A-Za-z0-9._-]*)`)

// nameTag is an image's name key and its tag after a registry prefix of
// its own: "repository: mirantisworkloads/", "name: etcd-amd64",
// "tag: 3.0.17".
var nameTag = regexp.MustCompile(`(?im)^[ \t]*name[ \t]*:[ \t]*["']?(etcd[a-z0-9._-]*)["']?[ \t]*\r?\n(?:[^\n]*\n){0,2}?[ \t]*["']?tag["']?[ \t]*:[ \t]*["']?(v?[0-9]+\.[0-9]+[A-Za-z0-9._-]*)`)

var (
	// versionList is a key naming etcd's version with a flow list of
	// versions: a CI matrix ("etcd: [v3.3.13, v3.4.3]", "etcd_version:
	// ['3.2.26']").
	versionList = regexp.MustCompile(`(?im)^[ \t]*-?[ \t]*["']?etcd(?:[-_]?(?:version|ver|release))?s?["']?[ \t]*[:=][ \t]*\[([^\]\n]*)\]`)
	listItem    = regexp.MustCompile(`^[ \t]*["']?(v?[0-9]+\.[0-9]+(?:\.[0-9x*]+)?)["']?[ \t]*$`)
)

// listPins reads each version of a list as a pin (a CI matrix of the etcd
// versions tested); r's first group is the list's items.
// listPins reads the versions of the lists that the matches m hold.
func listPins(src []byte, matches [][]int) []*fact.Image {
	var out []*fact.Image
	for _, m := range matches {
		off := m[2]
		for _, item := range bytes.Split(src[m[2]:m[3]], []byte(",")) {
			if v := listItem.FindSubmatchIndex(item); v != nil {
				start, end := off+v[2], off+v[3]
				tag := string(src[start:end])
				out = append(out, &fact.Image{Source: fact.VersionVar, Ref: strings.Trim(string(src[m[0]:m[2]]), " \t-[:=\"'") + " " + tag, Repository: "etcd", Tag: tag,
					Span: fact.Span{Start: start, End: end}, TagSpan: fact.Span{Start: start, End: end}})
			}
			off += len(item) + 1
		}
	}
	return out
}

// matrixFeed is a CI matrix variable handed to etcd's version variable:
// GitHub's "ETCD_VERSION: ${{ matrix.version }}", hatch's
// "matrix.version.env-vars = [{ key = "ETCD_VERSION" }]".
var matrixFeed = regexp.MustCompile(`(?i)(?:[A-Z0-9]+_)*ETCD_?VER(?:SION)?["']?[ \t]*[:=][ \t]*["']?\$\{\{[ \t]*matrix\.([A-Za-z0-9_-]+)[ \t]*\}\}|\bmatrix\.([A-Za-z0-9_-]+)\.env-vars[ \t]*=[ \t]*\[\s*\{[ \t]*key[ \t]*=[ \t]*"(?:[A-Z0-9]+_)*ETCD_?VER(?:SION)?"`)

// matrixVariables names the matrix variables that feed etcd's version.
func matrixVariables(src []byte) []string {
	if !bytes.Contains(src, []byte("matrix")) {
		return nil
	}
	var names []string
	for _, m := range matrixFeed.FindAllSubmatch(src, -1) {
		name := string(m[1]) + string(m[2])
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

var (
	// varRef is an etcd image whose tag is a variable: etcd:${TAG}, etcd:$V.
	varRef = regexp.MustCompile(`(^|[\s"'=,(\[>]|:-|` + registryVar + `)((?:[a-z0-9][a-z0-9.-]*(?::[0-9]+)?/)?(?:[a-z0-9][a-z0-9._-]*/)*etcd(?:-amd64|-arm64|-arm|-ppc64le|-s390x)?):\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)
	// varDownload is a release archive or download URL whose version is a
	// variable: etcd-v${VERSION}-linux-amd64.tar.gz, etcd/releases/download/$V/.
	varDownload = regexp.MustCompile(`(\betcd-v?|/etcd/releases/download/v?)()\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)
)

// tagVariables resolves images and downloads whose version is a variable
// that the file sets to a version (ARG TAG=v3.3.10 then FROM
// quay.io/coreos/etcd:${TAG}; VERSION=${1:-2.3.7} then etcd-v${VERSION}-…):
// the pin is where the version is written.
func tagVariables(src []byte, lines etcdRuns) []*fact.Image {
	var out []*fact.Image
	seen := map[string]bool{}
	for _, r := range []*regexp.Regexp{varRef, varDownload} {
		for _, m := range lines.find(r) {
			repo, name := string(src[m[4]:m[5]]), string(src[m[6]:m[7]])
			if r == varDownload {
				repo = "etcd"
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			def := regexp.MustCompile(`(?m)(^|[\s"'{(])(` + regexp.QuoteMeta(name) + `["']?[ \t]*(?:\??=|:=|:-|:[ \t]+)[ \t]*["']?(?:\$\{[A-Za-z0-9_]+:-)?(v?[0-9]+\.[0-9]+(?:\.[0-9]+)?))\b` +
				// a Dockerfile's ENV NAME value
				`|(?m)^[ \t]*ENV[ \t]+()(` + regexp.QuoteMeta(name) + `[ \t]+["']?(v?[0-9]+\.[0-9]+(?:\.[0-9]+)?))\b`)
			if d := def.FindSubmatchIndex(src); d != nil {
				if d[4] < 0 {
					d = append(d[:2], d[8:]...) // the ENV form's groups
				}
				img := pin(src, d, fact.VersionVar)
				img.Ref = name + "=" + img.Tag // RELEASE=${1:-3.3.25} reads as its value
				if r == varRef {
					img.Ref = repo + ":" + img.Tag + " (" + name + ")"
					img.Repository = repo
				}
				out = append(out, img)
			}
		}
	}
	return out
}

var (
	// scriptArg is a script named for etcd run with a version:
	// ./build_etcd.sh v2.1.2, install-etcd.sh 3.3.10.
	scriptArg = regexp.MustCompile(`(?i)(^|[\s"'=])((?:[\w.${}-]*/)*[\w.-]*etcd[\w.-]*\.(?:sh|bash|py|rb|ps1)[ \t]+["']?(v?[0-9]+\.[0-9]+\.[0-9]+))\b`)
	// versionDefault is a variable naming etcd's version set from a
	// statement that falls back to a literal (ETCD_VERSION = os.getenv("X",
	// "3.3.10")) or given a fallback by a Jinja filter ({{ etcd_version |
	// default('3.5.21') }}); rubyDefault a method that does ("def
	// etcd_version" then "ENV['V'] || '2.0.5'").
	versionDefault = regexp.MustCompile(`(?i)(^|[\s{($@])((?:[a-z0-9]+_)*etcd_?ver(?:sion)?)["']?[ \t]*(?::[ \t]*[\w.\[\]]+[ \t]*)?(?:(?:=|:=)[^\n]*?|\|[ \t]*d(?:efault)?[ \t]*\([ \t]*)["']((v?[0-9]+\.[0-9]+\.[0-9]+))["']`)
	// tfVariable is a Terraform (HCL) variable named for etcd's version
	// and its default: variable "etcd_version" { default = "v3.5.21" }.
	tfVariable = regexp.MustCompile(`(?i)\bvariable[ \t]+"()((?:[a-z0-9]+_)*etcd_?ver(?:sion)?)"[ \t]*\{[^}]*?\bdefault[ \t]*=[ \t]*"(v?[0-9]+\.[0-9]+\.[0-9]+)"`)
	// resourceVersion is the version attribute of a configuration
	// resource named for etcd: Chef's etcd_installation_binary '…' do /
	// version '3.3.19', Puppet's class { 'etcd': version => '3.3.20' }.
	resourceVersion = regexp.MustCompile(`(?m)^[ \t]*(?:etcd\w*\b|class[ \t]*\{[ \t]*['"]etcd['"]:|class[ \t]+etcd(?:::\w+)*[ \t]*[({])[^\n]*?(?:\bdo|\{|:|\()?[ \t]*(?:\|[^|\n]*\|)?[ \t]*\r?\n(?:[^\n]*\n){0,12}?[ \t]*\$?()(version[ \t]*(?:=>|=)?[ \t]*['"](v?[0-9]+\.[0-9]+\.[0-9]+))['"]`)
	rubyDefault     = regexp.MustCompile(`(?im)^[ \t]*()def[ \t]+((?:[a-z0-9]+_)*etcd_?ver(?:sion)?)\b[^\n]*\r?\n[^\n]*?["']((v?[0-9]+\.[0-9]+\.[0-9]+))["']`)
	// appVersion is Bitnami's "APP_VERSION=3.3.27" next to
	// BITNAMI_APP_NAME="etcd": the version of the app the image builds.
	appVersion = regexp.MustCompile(`(^|[\s"'])(APP_VERSION=["']?(v?[0-9]+\.[0-9]+\.[0-9]+))\b`)
	appName    = regexp.MustCompile(`APP_NAME=["']?etcd["']?(?:\s|$)`)
)

var (
	// release is a k3s or rke2 release: v1.28.5+k3s1, the image tag
	// v1.28.5-k3s1, v1.30.2%2Brke2r1 in a download URL.
	release = regexp.MustCompile(`(^|[^\w.+-])(v?1\.[0-9]{1,2}\.[0-9]{1,3}(?:\+|-|%2[Bb])(k3s|rke2r)[0-9]{1,2})\b`)
	// k3sEtcd is what says a k3s server runs its embedded etcd (without
	// it k3s keeps its data in SQLite): the cluster-init option or an etcd
	// option of k3s's own.
	k3sEtcd = regexp.MustCompile(`\bcluster-init\b|\betcd-(?:arg|snapshot|expose-metrics|s3|disable-snapshots)`)
	// rke2Agent is an rke2 install for a node that runs no etcd.
	rke2Agent = regexp.MustCompile(`INSTALL_RKE2_TYPE=["']?agent\b|\brke2-agent\b`)
)

// distributions are the k3s and rke2 releases src pins where the file shows
// that the release runs its embedded etcd: k3s with cluster-init or an
// etcd option and no external datastore, rke2 (whose servers always run
// etcd) in a file that speaks of etcd and installs no agent.
func distributions(src []byte) []*fact.Image {
	k3s := bytes.Contains(src, []byte("k3s"))
	rke2 := bytes.Contains(src, []byte("rke2r"))
	if !k3s && !rke2 {
		return nil
	}
	k3s = k3s && k3sEtcd.Match(src) && !bytes.Contains(src, []byte("datastore-endpoint"))
	rke2 = rke2 && bytes.Contains(bytes.ToLower(src), []byte("etcd")) && !rke2Agent.Match(src)
	var out []*fact.Image
	for _, m := range release.FindAllSubmatchIndex(src, -1) {
		platform := string(src[m[6]:m[7]])
		if platform == "k3s" && !k3s || platform == "rke2r" && !rke2 {
			continue
		}
		span := fact.Span{Start: m[4], End: m[5]}
		tag := string(src[m[4]:m[5]])
		out = append(out, &fact.Image{Source: fact.Distribution, Ref: tag, Repository: strings.TrimSuffix(platform, "r"), Tag: tag, Span: span, TagSpan: span})
	}
	return out
}

func pin(src []byte, m []int, source fact.ImageSource) *fact.Image {
	return &fact.Image{
		Source: source, Ref: strings.NewReplacer(`"`, "", "'", "").Replace(string(src[m[4]:m[5]])), Repository: "etcd", Tag: string(src[m[6]:m[7]]),
		Span: fact.Span{Start: m[4], End: m[5]}, TagSpan: fact.Span{Start: m[6], End: m[7]},
	}
}

// etcdRuns are the runs of consecutive lines of a file that mention etcd,
// in any case. Most pin forms are one line holding that word (an image
// reference, ETCD_VERSION=…, etcd=3.3.*): their patterns run over these
// lines only, not over every byte of the file. Forms that span lines
// (a section's version, a repository and its tag) still read the whole file.
type etcdRuns struct {
	// lower is src in lower case, for the needs of the patterns; without it
	// every run is scanned by every pattern
	src, lower []byte
	runs       []fact.Span
}

func etcdLines(src []byte) etcdRuns {
	lower := textedit.LowerASCII(src) // offsets shared with src
	r := etcdRuns{src: src, lower: lower}
	for off := 0; ; {
		i := bytes.Index(lower[off:], []byte("etcd"))
		if i < 0 {
			break
		}
		start := bytes.LastIndexByte(src[:off+i], '\n') + 1
		end := len(src)
		if j := bytes.IndexByte(src[off+i:], '\n'); j >= 0 {
			end = off + i + j + 1
		}
		if n := len(r.runs); n > 0 && r.runs[n-1].End == start {
			r.runs[n-1].End = end
		} else {
			r.runs = append(r.runs, fact.Span{Start: start, End: end})
		}
		off = end
	}
	return r
}

// spansLines are the patterns whose matches may hold lines without the
// word etcd: they read the whole file.
var spansLines = map[*regexp.Regexp]bool{sectionVersion: true, resourceVersion: true, rubyDefault: true, repoTag: true, nameTag: true, tfVariable: true, formulaTag: true}

// multiLine are the patterns over several lines whose match starts on a
// line naming etcd, at most after lines before its end: they read windows
// from such lines on, not the whole file (a Go tree names etcd in a
// comment on most lines, but seldom in a "name:" line). first tells, from
// the line in lower case, whether a match may start on it.
var multiLine = map[*regexp.Regexp]struct {
	after int
	first func(line []byte) bool
}{
	sectionVersion:  {17, holds("etcd:")},
	resourceVersion: {13, begins("etcd", "class")},
	rubyDefault:     {1, holds("def")},
	nameTag:         {3, holds("name")},
	repoTag:         {3, holds("repository", "image")},
	tfVariable:      {8, holds("variable")},
	formulaTag:      {1, holds("etcd.git")},
}

// holds is a test that a line holds one of words.
func holds(ws ...string) func([]byte) bool {
	bs := words(ws...)
	return func(line []byte) bool {
		return slices.ContainsFunc(bs, func(w []byte) bool { return bytes.Contains(line, w) })
	}
}

// begins is a test that a line starts with one of words after its indent.
func begins(ws ...string) func([]byte) bool {
	bs := words(ws...)
	return func(line []byte) bool {
		line = bytes.TrimLeft(line, " \t")
		return slices.ContainsFunc(bs, func(w []byte) bool { return bytes.HasPrefix(line, w) })
	}
}

// windows returns the matches of re that start on a line of a run that
// first accepts, reading each such line and the after lines that follow.
func (r etcdRuns) windows(re *regexp.Regexp, after int, first func([]byte) bool) [][]int {
	var out [][]int
	next := 0 // where the last window ended: windows never overlap
	for _, run := range r.runs {
		for line := run.Start; line < run.End; {
			end := run.End
			if i := bytes.IndexByte(r.src[line:run.End], '\n'); i >= 0 {
				end = line + i + 1
			}
			l := r.lower[line:end]
			// every line of a run names etcd
			if line >= next && first(l) {
				stop := end
				for range after {
					if i := bytes.IndexByte(r.src[stop:], '\n'); i >= 0 {
						stop += i + 1
					} else {
						stop = len(r.src)
					}
				}
				if m := re.FindSubmatchIndex(r.src[line:stop]); m != nil && m[0] < end-line {
					for k := range m {
						if m[k] >= 0 {
							m[k] += line
						}
					}
					out = append(out, m)
					next = m[1]
				}
			}
			line = end
		}
	}
	return out
}

// needs are, for the one-line patterns, words (in lower case) of which
// every match holds one: a run of lines without any is not scanned. In a
// source tree where every line says etcd (go.etcd.io/etcd/...), this keeps
// the patterns off most of them.
var needs = map[*regexp.Regexp][][]byte{
	ref:            words("etcd:", "-amd64:", "-arm64:", "-arm:", "-ppc64le:", "-s390x:"),
	varRef:         words("etcd:", "-amd64:", "-arm64:", "-arm:", "-ppc64le:", "-s390x:"),
	tarball:        words("-linux-", "-darwin-", "-windows-", "-freebsd-"),
	varDownload:    words("etcd-", "/etcd/releases/download/"),
	versionVar:     words("etcd_ver", "etcdver", "etcd_release", "etcd_tag", "etcd_image_tag"),
	envVersion:     words("etcd_ver", "etcdver", "etcd_release"),
	versionDefault: words("etcd_ver", "etcdver"),
	keyVersion:     words("etcd\"", "etcd'", "etcd ", "etcd\t", "etcd=", "etcd:"),
	hashVersion:    words("version"),
	scriptArg:      words(".sh", ".bash", ".py", ".rb", ".ps1"),
	versionList:    words("["),
	aptPin:         words("etcd=", "etcd-server="),
	rpmPin:         words("etcd-"),
	rpmFile:        words(".rpm"),
	// patterns over the whole file: the file must hold the word
	sectionVersion:  words("etcd:"),
	resourceVersion: words("version"), // and see quotedVersion
	rubyDefault:     words("def "),
	tfVariable:      words("default"),
	gitClone:        words("clone"),
	formulaTag:      words("tag"),
	repoTag:         words("repository", "image"),
	nameTag:         words("name"),
}

// quotedVersion reports whether lower holds a version attribute with a
// quoted release (version '3.3.19', version => "v3.3.20"), which a
// resource's version must be; "version" alone is in most source files.
func quotedVersion(lower []byte) bool {
	for off := 0; ; {
		i := bytes.Index(lower[off:], []byte("version"))
		if i < 0 {
			return false
		}
		rest := bytes.TrimLeft(lower[off+i+len("version"):], " \t")
		rest = bytes.TrimLeft(bytes.TrimPrefix(bytes.TrimPrefix(rest, []byte("=>")), []byte("=")), " \t")
		if len(rest) > 2 && (rest[0] == '\'' || rest[0] == '"') {
			d := rest[1:]
			if d[0] == 'v' {
				d = d[1:]
			}
			if len(d) > 0 && d[0] >= '0' && d[0] <= '9' {
				return true
			}
		}
		off += i + len("version")
	}
}

func words(ws ...string) [][]byte {
	var out [][]byte
	for _, w := range ws {
		out = append(out, []byte(w))
	}
	return out
}

// wordLines are the lines of run (a whole number of lines) that hold one
// of ws, with their line breaks, joined where adjacent.
func wordLines(lower []byte, run fact.Span, ws [][]byte) []fact.Span {
	var out []fact.Span
	fastre.EachLine(lower[:run.End], run.Start, ws, func(start, end int) bool {
		end = min(end+1, run.End) // with its line break
		if n := len(out); n > 0 && out[n-1].End == start {
			out[n-1].End = end
		} else {
			out = append(out, fact.Span{Start: start, End: end})
		}
		return true
	})
	return out
}

// find is FindAllSubmatchIndex of a pattern whose every match holds the
// word etcd, over the runs of lines with it (and, for a pattern with
// needs, over the lines of those that hold one of its words), with
// offsets in the file.
func (r etcdRuns) find(re *regexp.Regexp) [][]int {
	ws := needs[re]
	has := func(sp fact.Span) bool {
		return slices.ContainsFunc(ws, func(w []byte) bool { return bytes.Contains(r.lower[sp.Start:sp.End], w) })
	}
	if spansLines[re] {
		if ws != nil && r.lower != nil && !has(fact.Span{End: len(r.src)}) {
			return nil
		}
		if re == resourceVersion && r.lower != nil && !quotedVersion(r.lower) {
			return nil
		}
		if ml, ok := multiLine[re]; ok && r.lower != nil {
			return r.windows(re, ml.after, ml.first)
		}
		return re.FindAllSubmatchIndex(r.src, -1)
	}
	var out [][]int
	scan := func(run fact.Span) {
		for _, m := range re.FindAllSubmatchIndex(r.src[run.Start:run.End], -1) {
			for k := range m {
				if m[k] >= 0 {
					m[k] += run.Start
				}
			}
			out = append(out, m)
		}
	}
	for _, run := range r.runs {
		if ws == nil || r.lower == nil {
			scan(run)
			continue
		}
		for _, sub := range wordLines(r.lower, run, ws) {
			scan(sub)
		}
	}
	return out
}
