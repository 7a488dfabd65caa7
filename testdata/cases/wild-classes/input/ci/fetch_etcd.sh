#!/bin/sh
# fetch the etcd release the tests run against
set -eu
RELEASE=${1:-3.3.25}
url="https://github.com/etcd-io/etcd/releases/download/v${RELEASE}/etcd-v${RELEASE}-linux-amd64.tar.gz"
curl -fsSL "$url" | tar -xz -C bin --strip-components=1
