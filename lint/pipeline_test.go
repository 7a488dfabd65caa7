package lint

import (
	"strings"
	"testing"
)

// FixAll gives for each file what Fix gives for it, after the baseline:
// a file with a safe fix gets its fixed text; one without gets its own
// text and the reason each finding stays; a baselined finding is neither
// fixed nor left, only counted.
func TestFixAll(t *testing.T) {
	e := fixEngine(t, nil)
	fixable := Document{Path: "a/etcd.env", Src: []byte("ETCD_NAME=a\nETCD_LOG_OUTPUT=stderr\n")}
	manual := Document{Path: "b/etcd.env", Src: []byte("ETCD_FROBNICATE=x\n")}
	known := Document{Path: "c/etcd.env", Src: []byte("ETCD_LOG_OUTPUT=stderr\nETCD_FROBNICATE=x\n")}

	res, err := Run(Options{Upgrade: upgrade35}, nil, known)
	if err != nil {
		t.Fatal(err)
	}
	base := NewBaseline(&Result{})
	for _, f := range res.Files {
		for _, fd := range f.Findings {
			if fd.Rule == "log-output-flag" {
				base.Add(&File{Findings: []Finding{fd}})
			}
		}
	}
	if len(base.Findings) != 1 {
		t.Fatalf("baseline: %+v", base.Findings)
	}

	out := e.FixAll(nil, []Document{manual, known, fixable}, FixOptions{Baseline: base})
	if len(out.Files) != 3 || out.FilesScanned != 3 || out.Baselined != 1 || len(out.Errors) != 0 {
		t.Fatalf("files %d, scanned %d, baselined %d, errors %v", len(out.Files), out.FilesScanned, out.Baselined, out.Errors)
	}
	a, b, c := out.Files[0], out.Files[1], out.Files[2]
	if a.Read.Path != fixable.Path || b.Read.Path != manual.Path || c.Read.Path != known.Path {
		t.Fatalf("not in path order: %s %s %s", a.Read.Path, b.Read.Path, c.Read.Path)
	}
	want := e.Fix(fixable, FixOptions{})
	if !a.Fix.Changed() || string(a.Fix.Fixed) != string(want.Fixed) || len(a.Fix.Applied) != len(want.Applied) {
		t.Errorf("fixable: %q (%d applied), want %q (%d)", a.Fix.Fixed, len(a.Fix.Applied), want.Fixed, len(want.Applied))
	}
	if b.Fix.Changed() || len(b.Fix.Remaining) != 1 || b.Fix.Remaining[0].Reason != Manual || b.Fix.File != b.Read {
		t.Errorf("manual: changed %v, remaining %+v", b.Fix.Changed(), b.Fix.Remaining)
	}
	// the baselined finding has a safe fix: left alone, the file is unchanged
	if c.Fix.Changed() || len(c.Read.Findings) != 1 || len(c.Fix.Remaining) != 1 || c.Fix.Remaining[0].Finding.Rule != "unknown-flag" {
		t.Errorf("baselined: changed %v, read %+v, remaining %+v", c.Fix.Changed(), c.Read.Findings, c.Fix.Remaining)
	}
	if !strings.Contains(string(c.Fix.Fixed), "ETCD_LOG_OUTPUT=stderr") {
		t.Errorf("baselined finding fixed: %q", c.Fix.Fixed)
	}
}
