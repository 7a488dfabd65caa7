{
  prometheusAlerts+:: {
    groups+: [{
      name: 'etcd',
      rules: [
        {
          alert: 'EtcdDatabaseQuotaLowSpace',
          expr: |||
            (last_over_time(etcd_mvcc_db_total_size_in_bytes{%(etcd_selector)s}[5m]) / last_over_time(etcd_server_quota_backend_bytes{%(etcd_selector)s}[5m]))*100 > 95
          ||| % $._config,
        },
        {
          record: 'instance:etcd_debugging_mvcc_put_total:rate5m',
          expr: 'sum by (instance) (rate(etcd_mvcc_put_total[5m]))',
        },
        // etcd_debugging_mvcc_txn_total in a comment is not a query
        { alert: 'EtcdRevision', expr: "etcd_debugging_mvcc_current_revision > 0" },
      ],
    }],
  },
}
