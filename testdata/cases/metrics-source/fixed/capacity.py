"""Capacity checks for the etcd clusters, queried from Prometheus."""
import requests

PROMETHEUS = "http://prometheus:9090/api/v1/query"

# etcd_debugging_mvcc_db_total_size_in_bytes is what 3.4 dashboards used.
DB_SIZE = "etcd_mvcc_db_total_size_in_bytes"
QUOTA = "etcd_server_quota_backend_bytes"

PUT_RATE = """
sum by (instance) (
  rate(etcd_mvcc_put_total{job="etcd"}[5m])
)
"""


def usage_query(job):
    return f'max by (instance) ({DB_SIZE}{{job="{job}"}}) / max by (instance) ({QUOTA}{{job="{job}"}})'


def deletes_query(job):
    return "sum(rate(etcd_mvcc_delete_total{job=\"%s\"}[5m]))" % job


def keys_query():
    # still exported by 3.5
    return 'etcd_debugging_mvcc_keys_total'


def query(q):
    return requests.get(PROMETHEUS, params={"query": q}).json()
