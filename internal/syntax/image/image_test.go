package image

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/etcdlint/etcdlint/lint/fact"
)

func TestScan(t *testing.T) {
	src := `FROM quay.io/coreos/etcd:v3.3.12
image: "registry.k8s.io/etcd:3.3.15-0"
x=bitnami/etcd:3.3 y=k8s.gcr.io/etcd-amd64:3.1.12
quay.io/coreos/etcd-operator:v0.9.4 kube-apiserver:v1.19.0 http://etcd:2379 etcd:${TAG}
curl -LO https://storage.googleapis.com/etcd/v3.2.32/etcd-v3.2.32-linux-amd64.tar.gz
apt-get install etcd=3.3.* && yum install -y etcd-3.3.11
echo etcd-3.3.11
ETCD_VER=v3.3.10
ENV ETCDVERSION=3.3.13
export ETCD_VERSION=${ETCD_VERSION:-3.0.14}
ETCD_IMAGE_TAG=v3.2.9 etcd_version: "3.1.0"
ExecStart=/opt/etcd-v3.2.2-linux-amd64/etcd
ETCD_ENDPOINTS=http://a:2379 MY_ETCD_VERSIONS=3 # not versions
TEST_ETCD_VERSION ?= v3.5.11
ENV ETCDVERSION 2.0.13
ETCD_IMG="${ETCD_IMG:-quay.io/coreos/etcd:v3.5.1}" kube-etcd:v3.3.1
"etcd-3.3.27-155-linux-${OS_ARCH}-debian-11"
ETCD_VERSION_UPGRADE_TO: "3.5.21-0"
`
	var got []string
	for _, img := range Scan([]byte(src)) {
		if strings.ReplaceAll(src[img.Span.Start:img.Span.End], `"`, "") != img.Ref || src[img.TagSpan.Start:img.TagSpan.End] != img.Tag {
			t.Errorf("spans of %q are off", img.Ref)
		}
		got = append(got, img.Ref)
	}
	want := "quay.io/coreos/etcd:v3.3.12 registry.k8s.io/etcd:3.3.15-0 bitnami/etcd:3.3 k8s.gcr.io/etcd-amd64:3.1.12 " +
		"etcd-v3.2.32-linux-amd64.tar.gz etcd=3.3.* etcd-3.3.11 ETCD_VER=v3.3.10 ETCDVERSION=3.3.13 ETCD_VERSION:-3.0.14 " +
		"ETCD_IMAGE_TAG=v3.2.9 etcd_version: 3.1.0 etcd-v3.2.2-linux-amd64 TEST_ETCD_VERSION ?= v3.5.11 ETCDVERSION 2.0.13 " +
		"quay.io/coreos/etcd:v3.5.1 etcd-3.3.27-155-linux-${OS_ARCH} ETCD_VERSION_UPGRADE_TO: 3.5.21"
	if strings.Join(got, " ") != want {
		t.Errorf("Scan = %v\nwant %s", got, want)
	}
}

func TestTagVariables(t *testing.T) {
	src := "ARG TAG=v3.3.10\nFROM quay.io/coreos/etcd:${TAG}\nFROM quay.io/coreos/etcd:$OTHER\n"
	imgs := Scan([]byte(src))
	if len(imgs) != 1 || imgs[0].Tag != "v3.3.10" || imgs[0].Repository != "quay.io/coreos/etcd" || src[imgs[0].TagSpan.Start:imgs[0].TagSpan.End] != "v3.3.10" {
		t.Errorf("Scan = %+v", imgs)
	}
}

func TestRepositoryAndTag(t *testing.T) {
	src := "task pull {\n    repository = 'quay.io/coreos/etcd'\n    tag = 'v2.3.7'\n}\nimage:\n  repository: bitnami/etcd-exporter\n  tag: 0.1.0\n"
	imgs := Scan([]byte(src))
	if len(imgs) != 1 || imgs[0].Ref != "quay.io/coreos/etcd:v2.3.7" || src[imgs[0].TagSpan.Start:imgs[0].TagSpan.End] != "v2.3.7" {
		t.Errorf("Scan = %+v", imgs)
	}
}

// A CI matrix of etcd versions pins each of them; other lists do not.
func TestVersionLists(t *testing.T) {
	src := "matrix:\n  etcd: [v3.3.13, v3.4.3]\n  etcd-version: [\"3.2.26\"]\n  go: [1.21, 1.22]\n  etcd_endpoints: [a, b]\n"
	var got []string
	for _, img := range Scan([]byte(src)) {
		got = append(got, src[img.TagSpan.Start:img.TagSpan.End])
	}
	if strings.Join(got, " ") != "v3.3.13 v3.4.3 3.2.26" {
		t.Errorf("Scan = %v", got)
	}
}

func TestVersion(t *testing.T) {
	for tag, want := range map[string][3]int{"v3.3.12": {3, 3, 12}, "3.3.15-0": {3, 3, 15}, "v3.2.x": {3, 2, -1}, "3.3.*": {3, 3, -1}, "3.3": {3, 3, -1}} {
		ma, mi, pa, ok := Version(tag)
		if !ok || [3]int{ma, mi, pa} != want {
			t.Errorf("Version(%q) = %d %d %d %v", tag, ma, mi, pa, ok)
		}
	}
	for _, tag := range []string{"2379", "latest", "v0", ""} {
		if _, _, _, ok := Version(tag); ok {
			t.Errorf("Version(%q) ok", tag)
		}
	}
}

// Versions written as defaults, script arguments and app versions are pins;
// the same version text is one pin however many forms match it.
func TestVersionDefaults(t *testing.T) {
	src := `VERSION=${1:-2.3.7}
curl -L https://github.com/coreos/etcd/releases/download/v${VERSION}/etcd-v${VERSION}-linux-amd64.tar.gz
  - ./build_etcd.sh v2.1.2
ETCD_VERSION = os.getenv("ETCD_VERSION", "3.3.10")
def etcd_version
  ENV['FLAVOR_VERSION'] || '2.0.5'
end
ENV APP_VERSION="3.3.27" \
    BITNAMI_APP_NAME="etcd"
./backup.sh 3.1.0
REDIS_VERSION = os.getenv("V", "3.0.7")
ENV RELEASE v2.3.0
RUN curl -L $BASEURL/$RELEASE/etcd-$RELEASE-linux-amd64.tar.gz | tar xzvf -
versions = { etcd = "3.1.8", kubernetes = "1.6.4" }
  etcd: 2379
etcd:
  version:                     3.5.0
  listen_client_urls:          http://0.0.0.0:2379
kubelet:
  version: 1.9.6
ETCD_VERSION: str = "3.5.15"
etcd_installation_binary 'default' do
  action :create
  version '3.3.19'
end
  image: "quay.io/coreos/etcd:{{ etcd_version | default('3.5.21') }}"
  etcd_image: "{{ redis_version | default('3.0.7') }}"
  when: etcd_version | default('') is version('3.4.0', '>=')
`
	var got []string
	for _, img := range Scan([]byte(src)) {
		got = append(got, src[img.TagSpan.Start:img.TagSpan.End])
	}
	if strings.Join(got, " ") != "2.3.7 v2.1.2 3.3.10 2.0.5 3.3.27 v2.3.0 3.1.8 3.5.0 3.5.15 3.3.19 3.5.21" {
		t.Errorf("Scan = %v", got)
	}
	if imgs := Scan([]byte("APP_VERSION=3.3.27\nBITNAMI_APP_NAME=redis\n")); len(imgs) != 0 {
		t.Errorf("another app's APP_VERSION is a pin: %+v", imgs)
	}
}

// A matrix variable handed to ETCD_VERSION makes its list etcd's versions.
func TestMatrixVariables(t *testing.T) {
	for _, src := range []string{
		"[[envs.default.matrix]]\npython = [\"27\"]\nversion = [\"v3.3.8\", \"3.5.1\"]\n[envs.default.overrides]\nmatrix.version.env-vars = [\n    { key = \"ETCD_VERSION\" },\n]\n",
		"strategy:\n  matrix:\n    version: [v3.3.8, 3.5.1]\n    go: [1.21]\nenv:\n  ETCD_VERSION: ${{ matrix.version }}\n",
		"strategy:\n  matrix:\n    include:\n      - version: v3.3.8\n        conf: a\n      - version: \"3.5.1\"\nenv:\n  ETCD_VER: \"${{ matrix.version }}\"\n",
	} {
		var got []string
		for _, img := range Scan([]byte(src)) {
			got = append(got, src[img.TagSpan.Start:img.TagSpan.End])
		}
		if strings.Join(got, " ") != "v3.3.8 3.5.1" {
			t.Errorf("Scan(%q) = %v", src, got)
		}
	}
	if imgs := Scan([]byte("matrix:\n  version: [v3.3.8]\nenv:\n  REDIS_VERSION: ${{ matrix.version }}\n")); len(imgs) != 0 {
		t.Errorf("another program's matrix is a pin: %+v", imgs)
	}
}

// Configuration-management attributes and parameters name the release:
// Chef attribute paths, Puppet class parameters, and an image tag in a
// file that never says "version".
func TestAttributePins(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"default[:etcd][:version] = '0.4.1'\ndefault['etcd']['version'] = \"3.3.1\"\ndefault[:kubernetes][:version] = '1.2.3'\n", "0.4.1 3.3.1"},
		{"class k8s (\n  String[1] $version      = '1.31.6',\n  String[1] $etcd_version = '3.5.18',\n  String $redis_version   = '3.2.1',\n) {}\n", "3.5.18"},
		{"etcd_image_url: \"quay.io/coreos/etcd\"\netcd_image_tag: \"v3.3.13\"\nredis_image_tag: \"v3.3.13\"\n", "v3.3.13"},
		{"default['etcd_v2']['version'] = 'v2.0.10'\n", "v2.0.10"},
		{"class etcd::params {\n  $user = 'etcd'\n  $version = '3.2.26'\n}\nclass redis::params {\n  $version = '3.2.1'\n}\n", "3.2.26"},
		{"package { 'etcd': source => '/tmp/etcd-2.3.7-4.el7.x86_64.rpm' }\nfile { '/tmp/etcd-tools-1.0.0.tar': }\n", "2.3.7"},
		{"Name:      etcd\nVersion:   2.0.5\nRelease:   1\n", "2.0.5"},
		{"Name:      etcd-tools\nVersion:   2.0.5\n", ""},
		{"image:\n  repository: mirantisworkloads/\n  name: etcd-amd64\n  tag: 3.0.17\n", "3.0.17"},
		{"image:\n  repository: library/\n  name: redis\n  tag: 3.0.17\n", ""},
		{"variable \"etcd_version\" {\n  type    = string\n  default = \"v3.5.21\"\n}\nvariable \"redis_version\" {\n  default = \"3.0.1\"\n}\n", "v3.5.21"},
		// etcd built from its repository at a release
		{"git clone -b v3.4.3 https://github.com/etcd-io/etcd.git\ngit clone https://github.com/coreos/etcd --branch=v3.3.10 src\ngit clone -b v1.2.3 https://github.com/redis/redis\n", "v3.4.3 v3.3.10"},
		{"  url \"https://github.com/etcd-io/etcd.git\",\n      tag:      \"v3.5.6\",\n      revision: \"cecbe35\"\n", "v3.5.6"},
		// a tag of the next mapping is not the image's
		{"etcd:\n  image: quay.io/coreos/etcd\n  pullPolicy: IfNotPresent\nmetrics:\n  tag: 0.13.0\n", ""},
		{"etcd:\n  image:\n    repository: quay.io/coreos/etcd\n  tag: 3.0.1\n", ""},
		// an image key without a tag, and its tag beside it
		{"etcd:\n  enabled: true\n  image: quay.io/coreos/etcd\n  tag: v3.5.28\n", "v3.5.28"},
		{"etcd:\n  image: quay.io/coreos/etcd:v3.4.0\n  tag: v3.5.28\nredis:\n  image: redis\n  tag: 3.0.1\n", "v3.4.0"},
	} {
		var got []string
		for _, img := range Scan([]byte(tc.src)) {
			got = append(got, tc.src[img.TagSpan.Start:img.TagSpan.End])
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("Scan(%q) = %q, want %q", tc.src, g, tc.want)
		}
	}
}

// Reading only the lines that mention etcd finds what reading every line
// finds, on every golden input and real file of the corpus.
func TestScanEtcdLinesOnly(t *testing.T) {
	n, roots, least := 0, []string{"../../../testdata/cases", "../../../testdata/wild"}, 1000
	if testing.Short() {
		roots, least = roots[:1], 200 // the corpus in the full run
	}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			// every line, every pattern: no needs
			whole := etcdRuns{src: src, runs: []fact.Span{{Start: 0, End: len(src)}}}
			if diff := cmp.Diff(scan(src, whole), Scan(src)); diff != "" {
				t.Errorf("%s (-every line +etcd lines with the patterns' words):\n%s", p, diff)
			}
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < least {
		t.Errorf("only %d files", n)
	}
}

func TestDistributions(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"k3s with embedded etcd", "curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.23.4+k3s1 sh -s - server --cluster-init\n", "k3s v1.23.4+k3s1"},
		{"k3s etcd option, image tag form", "image: rancher/k3s:v1.28.5-k3s1\nargs: [server, --etcd-expose-metrics]\n", "k3s v1.28.5-k3s1"},
		{"k3s in a download URL", "wget https://github.com/k3s-io/k3s/releases/download/v1.30.2%2Bk3s1/k3s # --cluster-init\n", "k3s v1.30.2%2Bk3s1"},
		{"k3s on SQLite runs no etcd", "INSTALL_K3S_VERSION=v1.23.4+k3s1 sh -s - server # etcd is not used\n", ""},
		{"k3s on an external datastore", "INSTALL_K3S_VERSION=v1.23.4+k3s1 sh -s - server --cluster-init --datastore-endpoint=etcd://db:2379\n", ""},
		{"rke2 server", "INSTALL_RKE2_VERSION=v1.24.9+rke2r2 sh -\n# etcd snapshots go to /var/lib/rancher/rke2/server/db/snapshots\n", "rke2 v1.24.9+rke2r2"},
		{"rke2 agent runs no etcd", "INSTALL_RKE2_TYPE=agent INSTALL_RKE2_VERSION=v1.24.9+rke2r2 sh -\n# etcd\n", ""},
		{"rke2 without a word of etcd", "INSTALL_RKE2_VERSION=v1.24.9+rke2r2 sh -\n", ""},
		{"look-alikes", "kubectl v1.23.4 --cluster-init; chart-v1.2.3-k3s1x; 11.23.4+k3s1\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, img := range Scan([]byte(tc.src)) {
				if img.Source != fact.Distribution {
					continue
				}
				if tc.src[img.TagSpan.Start:img.TagSpan.End] != img.Tag {
					t.Errorf("span of %q is %q", img.Tag, tc.src[img.TagSpan.Start:img.TagSpan.End])
				}
				got = append(got, img.Repository+" "+img.Tag)
			}
			if strings.Join(got, ", ") != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// Bytes that are not UTF-8, or letters whose lower case is longer, before
// a pin leave its span on the pin.
func TestScanAfterNonUTF8(t *testing.T) {
	for _, prefix := range []string{"\xff\xff\x80 ETCD\n", "\u212a\u0130 ETCD\n", "0\xad\xc6000000etcd\n"} {
		src := prefix + "image: quay.io/coreos/etcd:v3.3.10\n"
		imgs := Scan([]byte(src))
		if len(imgs) != 1 {
			t.Fatalf("%q: %d pins, want 1", src, len(imgs))
		}
		if got := src[imgs[0].TagSpan.Start:imgs[0].TagSpan.End]; got != "v3.3.10" {
			t.Errorf("%q: the tag span holds %q", src, got)
		}
	}
}

// A registry may come from a variable or a template; a path that only
// looks like one is not an image.
func TestRegistryFromVariable(t *testing.T) {
	src := `Environment=IMAGE={{.DockerRegistry}}/giantswarm/etcd:v3.5.9
KUBE_ETCD_IMAGE=${KUBE_REPO}/etcd:3.4.13-0
image: <%= registry %>/etcd:3.3.10
docker pull $REGISTRY/coreos/etcd:v3.2.24
cp ${HOME}/etcd:backup /tmp
scp node1:${BACKUP}/etcd:3.4.13-snapshot.db .
`
	var got []string
	for _, img := range Scan([]byte(src)) {
		got = append(got, img.Ref)
	}
	want := "giantswarm/etcd:v3.5.9 etcd:3.4.13-0 etcd:3.3.10 coreos/etcd:v3.2.24"
	if strings.Join(got, " ") != want {
		t.Errorf("Scan = %v\nwant %s", got, want)
	}
}

// helm install … --set image.repository=…/etcd --set image.tag=…: the
// chart's image is set on the command line.
func TestHelmSetImage(t *testing.T) {
	src := "helm upgrade --install etcd bitnamicharts/etcd \\\n  --set image.repository=greptime/etcd \\\n  --set image.tag=3.6.1-debian-12-r3 \\\n" +
		"  --set metrics.image.repository=bitnami/etcd-exporter --set metrics.image.tag=0.1.0\n"
	imgs := Scan([]byte(src))
	if len(imgs) != 1 || imgs[0].Ref != "greptime/etcd:3.6.1-debian-12-r3" || src[imgs[0].TagSpan.Start:imgs[0].TagSpan.End] != "3.6.1-debian-12-r3" {
		t.Errorf("Scan = %+v", imgs)
	}
}
