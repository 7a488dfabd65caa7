package etcdtest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/sandbox"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// TestTLSBoots boots https members whose certificates live elsewhere, with
// the sandbox's test certificates, on 3.5 and 3.6: as flags, as variables
// and as client-/peer-transport-security keys of a config file, with
// client certificates required.
func TestTLSBoots(t *testing.T) {
	skipShort(t)
	t.Parallel()
	flag := func(name, value string) sandbox.Setting {
		return sandbox.Setting{Surface: fact.Flag, Name: name, Raw: "--" + name, Value: value, HasValue: value != ""}
	}
	env := func(name, value string) sandbox.Setting {
		return sandbox.Setting{Surface: fact.Env, Name: name, Raw: fact.EnvName(name), Value: value, HasValue: true}
	}
	invs := map[string]*sandbox.Invocation{
		"flags": {Settings: []sandbox.Setting{
			flag("name", "n1"),
			flag("listen-client-urls", "https://10.0.0.1:2379"), flag("advertise-client-urls", "https://10.0.0.1:2379"),
			flag("listen-peer-urls", "https://10.0.0.1:2380"), flag("initial-advertise-peer-urls", "https://10.0.0.1:2380"),
			flag("cert-file", "/etc/etcd/pki/server.crt"), flag("key-file", "/etc/etcd/pki/server.key"),
			flag("trusted-ca-file", "/etc/etcd/pki/ca.crt"), flag("client-cert-auth", ""),
			flag("peer-cert-file", "/etc/etcd/pki/peer.crt"), flag("peer-key-file", "/etc/etcd/pki/peer.key"),
			flag("peer-trusted-ca-file", "/etc/etcd/pki/ca.crt"), flag("peer-client-cert-auth", ""),
			flag("client-crl-file", "/etc/etcd/pki/crl.pem"),
		}},
		"env": {Settings: []sandbox.Setting{
			env("name", "n1"),
			env("listen-client-urls", "https://10.0.0.1:2379"), env("advertise-client-urls", "https://10.0.0.1:2379"),
			env("listen-peer-urls", "https://10.0.0.1:2380"), env("initial-advertise-peer-urls", "https://10.0.0.1:2380"),
			env("cert-file", "/etc/etcd/pki/server.crt"), env("key-file", "/etc/etcd/pki/server.key"),
			env("trusted-ca-file", "/etc/etcd/pki/ca.crt"), env("client-cert-auth", "true"),
			env("peer-cert-file", "/etc/etcd/pki/peer.crt"), env("peer-key-file", "/etc/etcd/pki/peer.key"),
			env("peer-trusted-ca-file", "/etc/etcd/pki/ca.crt"), env("peer-client-cert-auth", "true"),
		}},
		"config": {Config: []byte(`name: n1
listen-client-urls: https://10.0.0.1:2379
advertise-client-urls: https://10.0.0.1:2379
listen-peer-urls: https://10.0.0.1:2380
initial-advertise-peer-urls: https://10.0.0.1:2380
client-transport-security:
  cert-file: /etc/etcd/pki/server.crt
  key-file: /etc/etcd/pki/server.key
  client-cert-auth: true
  trusted-ca-file: /etc/etcd/pki/ca.crt
peer-transport-security:
  cert-file: /etc/etcd/pki/peer.crt
  key-file: /etc/etcd/pki/peer.key
  client-cert-auth: true
  trusted-ca-file: /etc/etcd/pki/ca.crt
`)},
	}
	for _, minor := range []string{"3.5", "3.6"} {
		for name, inv := range invs {
			t.Run(minor+"/"+name, func(t *testing.T) {
				t.Parallel()
				inv := *inv
				inv.TestCerts = true
				m := etcdtest.Start(t, etcdtest.Binary(t, minor), &inv)
				if !strings.HasPrefix(m.HealthURL(), "https://127.0.0.1:") || m.TLS() == nil {
					t.Fatalf("an https member is polled at %s", m.HealthURL())
				}
				put := fmt.Sprintf(`{"key":%q,"value":%q}`, b64("k"), b64("v"))
				with := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: m.TLS()}}
				if code, body := post(t, with, m.ClientURL+"/v3/kv/put", put); code != 200 {
					t.Errorf("put over https with the test certificate: %d %.200s", code, body)
				}
				// Client certificates are really required: the CA alone
				// gets no answer.
				caOnly := m.TLS()
				caOnly.Certificates = nil
				without := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: caOnly}}
				if code, body := post(t, without, m.ClientURL+"/v3/kv/put", put); code == 200 {
					t.Errorf("put without a client certificate succeeded on a --client-cert-auth member: %.200s", body)
				}
				// Plain HTTP does not reach an https listener.
				if code, _ := post(t, &http.Client{Timeout: 10 * time.Second}, strings.Replace(m.ClientURL, "https:", "http:", 1)+"/v3/kv/put", put); code == 200 {
					t.Errorf("plain HTTP reached the https client URL")
				}
			})
		}
	}
}

// post returns the status, or 0 and the error when the request fails.
func post(t *testing.T, c *http.Client, url, body string) (int, string) {
	t.Helper()
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(b)
}
