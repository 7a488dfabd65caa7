package launcher

// etcdArgs are the flags the launcher hands to every member, without dashes.
var etcdArgs = map[string]string{
	"listen-peer-urls":   "http://0.0.0.0:2380",
	"listen-client-urls": "http://0.0.0.0:2379",
	"enable-v2":          "true",
}

// sidecarArgs configure the launcher's own proxy: one etcd-looking key is no proof.
var sidecarArgs = map[string]string{"listen-client-urls": "x", "debug": "true"}
