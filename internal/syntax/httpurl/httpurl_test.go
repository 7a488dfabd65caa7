package httpurl

import "testing"

func TestPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"http://10.0.0.1:2379/v2/stats/self", "/v2/stats/self"},
		{"https://etcd.example.com/health?serializable=true", "/health"},
		{"http://127.0.0.1:2379", ""},
		{"${ETCD_URL}/v3beta/kv/range", "/v3beta/kv/range"},
		{"$EP/version#x", "/version"},
		{"$(docker exec etcd printenv ETCDCTL_ENDPOINTS)/config/local/log", "/config/local/log"},
		{"`cat /run/etcd-url`/v2/keys", "/v2/keys"},
		{":2379/v2/keys/foo", "/v2/keys/foo"},
		{"localhost:2379/config/local/log", "/config/local/log"},
		{"[::1]:2379/health", "/health"},
		{"/etc/ssl/ca.pem", ""},
		{"--cacert", ""},
		{"value=bar", ""},
	} {
		s, e, ok := Path(tc.in)
		got := ""
		if ok {
			got = tc.in[s:e]
		}
		if got != tc.want {
			t.Errorf("Path(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// An etcd base URL ending in the v2 prefix is a v2 client; other
// programs' v2 APIs (a Docker registry) are not etcd's.
func TestV2Bases(t *testing.T) {
	for text, want := range map[string]int{
		"base_url: http://127.0.0.1:2379/v2/":      1,
		`url = "https://etcd.example.com/v2"`:      1,
		"ETCD=http://10.0.0.1:4001/v2 other":       1,
		"registry: http://registry:5000/v2/":       0,
		"http://127.0.0.1:2379/v2/keys/a":          0, // a path: the path scan reads it
		"http://127.0.0.1:2379/v3/":                0,
		"see https://github.com/etcd-io/etcd/v2/x": 0,
	} {
		got := V2Bases([]byte(text), 0)
		if len(got) != want {
			t.Errorf("V2Bases(%q) = %d endpoints, want %d", text, len(got), want)
		}
		for _, e := range got {
			if text[e.Span.Start:e.Span.End] != "/v2" {
				t.Errorf("V2Bases(%q): span covers %q", text, text[e.Span.Start:e.Span.End])
			}
		}
	}
}
