"""Tiny etcd client for the inventory service."""
import base64
import json
import urllib.request

import etcd  # python-etcd, used by the legacy sync job

# The gateway moved from /v3alpha/ to /v3beta/ in 3.3; history only.
DEFAULT_BASE = "http://127.0.0.1:2379"
RANGE_PATH = "/v3/kv/range"
PUT_URL = DEFAULT_BASE + '/v3/kv/put'


def get(key, base=DEFAULT_BASE):
    body = json.dumps({"key": base64.b64encode(key.encode()).decode()}).encode()
    req = urllib.request.Request(base + RANGE_PATH, data=body, method="POST")
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def legacy_client():
    return etcd.Client(host="127.0.0.1", port=2379)
