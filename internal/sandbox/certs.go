package sandbox

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Certs are a throwaway certificate authority and one certificate it
// signed for loopback (127.0.0.1, ::1, localhost), usable by a server and
// by a client: etcd presents its peer certificate both ways.
type Certs struct {
	// CA, Cert and Key are PEM files.
	CA, Cert, Key string
	tls           *tls.Config
}

// NewCerts writes a new CA and a loopback certificate into dir.
func NewCerts(dir string) (*Certs, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "etcdlint sandbox CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		// The CN is what --client-cert-auth with allowed-cn checks; the
		// SANs are what every client of the sandbox dials.
		Subject:     pkix.Name{CommonName: "etcdlint-sandbox"},
		NotBefore:   now.Add(-time.Hour),
		NotAfter:    now.Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:    []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	c := &Certs{CA: filepath.Join(dir, "ca.pem"), Cert: filepath.Join(dir, "server.pem"), Key: filepath.Join(dir, "server-key.pem")}
	for _, f := range []struct {
		path, typ string
		der       []byte
	}{{c.CA, "CERTIFICATE", caDER}, {c.Cert, "CERTIFICATE", der}, {c.Key, "EC PRIVATE KEY", keyDER}} {
		if err := os.WriteFile(f.path, pem.EncodeToMemory(&pem.Block{Type: f.typ, Bytes: f.der}), 0o600); err != nil {
			return nil, err
		}
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	pair, err := tls.LoadX509KeyPair(c.Cert, c.Key)
	if err != nil {
		return nil, fmt.Errorf("the sandbox certificate does not load: %v", err)
	}
	c.tls = &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	return c, nil
}

// ClientTLS trusts the sandbox CA and presents the sandbox certificate,
// for an etcd that requires client certificates.
func (c *Certs) ClientTLS() *tls.Config { return c.tls.Clone() }

// tlsFiles are the settings that name TLS files, by canonical flag name,
// with the file of Certs each is pointed at.
var tlsFiles = map[string]func(*Certs) string{
	"cert-file":             func(c *Certs) string { return c.Cert },
	"key-file":              func(c *Certs) string { return c.Key },
	"trusted-ca-file":       func(c *Certs) string { return c.CA },
	"client-cert-file":      func(c *Certs) string { return c.Cert },
	"client-key-file":       func(c *Certs) string { return c.Key },
	"peer-cert-file":        func(c *Certs) string { return c.Cert },
	"peer-key-file":         func(c *Certs) string { return c.Key },
	"peer-trusted-ca-file":  func(c *Certs) string { return c.CA },
	"peer-client-cert-file": func(c *Certs) string { return c.Cert },
	"peer-client-key-file":  func(c *Certs) string { return c.Key },
}

// tlsSections are the config-file mappings holding TLS files, with the
// flag prefix of their keys ("peer-transport-security.cert-file" is
// --peer-cert-file).
var tlsSections = map[string]string{"client-transport-security": "", "peer-transport-security": "peer-"}

// crlFiles name revocation lists of the user's CA, which mean nothing for
// the sandbox's: they are dropped with test certificates.
var crlFiles = map[string]bool{"client-crl-file": true, "peer-crl-file": true}
