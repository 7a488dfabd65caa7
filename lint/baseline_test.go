package lint

import (
	"bytes"
	"strings"
	"testing"
)

func TestBaselineSurvivesInsertedLine(t *testing.T) {
	run := func(src string) *Result {
		t.Helper()
		res, err := Run(Options{Upgrade: upgrade35}, nil, Document{Path: "deploy/etcd.env", Src: []byte(src)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	before := "ETCD_NAME=a\nETCD_DEBUG=true\nETCD_ENABLE_V2=false\n"
	var buf bytes.Buffer
	if err := NewBaseline(run(before)).Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Findings) != 2 {
		t.Fatalf("baseline has %d findings, want 2:\n%s", len(b.Findings), buf.String())
	}

	// Lines moved, one old finding fixed, one new one added.
	after := "# managed by ansible\nETCD_NAME=a\nETCD_DEBUG=true\nETCD_LOGGER=capnslog\n"
	res := run(after)
	if n := b.Filter(res); n != 1 {
		t.Errorf("Filter dropped %d findings, want 1", n)
	}
	if s := summary(res.Findings()); s != "4:logger-capnslog" {
		t.Errorf("new findings = %s, want 4:logger-capnslog", s)
	}
}

func TestReadBaselineRejectsOtherFiles(t *testing.T) {
	for _, src := range []string{`{"findings": []}`, `{"version": 1}`, `[]`, `not json`} {
		if _, err := ReadBaseline(strings.NewReader(src)); err == nil {
			t.Errorf("ReadBaseline(%s) succeeded", src)
		}
	}
}
