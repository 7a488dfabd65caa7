package report

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// The JSON report written file by file is byte for byte what encoding/json
// writes for the whole report, with no findings, one, and several files
// whose text needs escaping.
func TestJSONStreamsAsEncoded(t *testing.T) {
	file := func(path string, n int) *lint.File {
		src := []byte(strings.Repeat("ETCD_DEBUG=<true> & \"x\"\n", n))
		f := &lint.File{Path: path, Src: src, Lines: nil}
		for i := range n {
			f.Findings = append(f.Findings, lint.Finding{Rule: "debug-flag", Severity: rules.Warning, Path: path, Line: i + 1, Column: 1,
				Message: `write "ETCD_LOG_LEVEL=debug" <here> & there`, Fingerprint: "fp"})
		}
		return f
	}
	for _, res := range []*lint.Result{
		{},
		{Files: []*lint.File{file("a.env", 1)}, FilesScanned: 1},
		{Files: []*lint.File{file("a.env", 2), file("b/c.env", 0), file("d.env", 3)}, FilesScanned: 4,
			Errors:  []lint.FileError{{Path: "x.yaml", Line: 2, Column: 1, Msg: "bad <yaml>"}},
			Notices: []lint.Notice{{Path: "big.env", Msg: "skipped"}}},
	} {
		var streamed, whole strings.Builder
		if err := WriteAll(NewJSON(&streamed), res); err != nil {
			t.Fatal(err)
		}
		if err := writeJSON(&whole, BuildJSON(res)); err != nil {
			t.Fatal(err)
		}
		if streamed.String() != whole.String() {
			t.Errorf("streamed:\n%s\nencoded whole:\n%s", streamed.String(), whole.String())
		}
	}
}
