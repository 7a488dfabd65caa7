#!/bin/bash

# Copyright 2018 The keystone-go Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# Convenience script to download and install etcd in third_party.
# Mostly just used by CI.

set -o errexit
set -o nounset
set -o pipefail

KEYSTONE_ROOT=$(dirname "${BASH_SOURCE}")/..
source "${KEYSTONE_ROOT}/hack/lib/init.sh"

keystone::etcd::install
