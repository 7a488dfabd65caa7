// Queries of the etcd panel in the operations console.
export const dbSize = (cluster: string) =>
  `etcd_debugging_mvcc_db_total_size_in_bytes{cluster="${cluster}"}`;

export const putRate = `sum(rate(etcd_debugging_mvcc_put_total[$__rate_interval]))`;

// etcd_debugging_mvcc_txn_total is gone in 3.5; this comment only says so.
export const leader = 'max(etcd_server_has_leader)';
