package kinds

import (
	"fmt"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

// The files a script's here-documents write are read by their own kinds,
// found by the classifier: an env file and a unit here.
func TestHeredocsGoThroughTheClassifier(t *testing.T) {
	src := `#!/bin/sh
cat > /etc/etcd/etcd.env <<'EOF'
ETCD_DEBUG=true
EOF
cat <<EOF | tee /etc/systemd/system/etcd.service
[Service]
Environment=ETCD_NAME=${HOSTNAME}
ExecStart=/usr/bin/etcd \\
  --log-output stderr
EOF
`
	facts, errs := ByName("shell").Parse("install.sh", []byte(src), rules.MustLoadCatalog())
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var got []string
	for _, p := range facts.Processes {
		for _, s := range p.Settings {
			got = append(got, fmt.Sprintf("form=%d systemd=%v %s %q templated=%v", p.Form, p.UnderSystemd, s.Name, src[s.Span.Start:s.Span.End], s.Templated))
		}
	}
	want := `form=1 systemd=false debug "ETCD_DEBUG=true" templated=false
form=0 systemd=true name "ETCD_NAME=${HOSTNAME}" templated=true
form=0 systemd=true log-output "--log-output stderr" templated=false`
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("got:\n%s\nwant:\n%s", g, want)
	}
}
