package httpurl

import "testing"

func TestPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"http://10.0.0.1:2379/v2/stats/self", "/v2/stats/self"},
		{"https://etcd.example.com/health?serializable=true", "/health"},
		{"http://127.0.0.1:2379", ""},
		{"${ETCD_URL}/v3beta/kv/range", "/v3beta/kv/range"},
		{"$EP/version#x", "/version"},
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
