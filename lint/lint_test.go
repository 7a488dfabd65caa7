package lint

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

var upgrade35 = rules.Upgrade{From: "3.4", To: "3.5"}

func TestPrefilter(t *testing.T) {
	for src, want := range map[string]bool{
		"ETCD_NAME=x":                    true,
		"ExecStart=/usr/bin/etcd":        true,
		"curl http://h/v3beta/kv/range":  true,
		"listen-client-urls: http://x":   true,
		"name: web\nreplicas: 3\n":       false,
		"#!/bin/sh\nexec nginx -g 'x'\n": false,
	} {
		if got := Prefilter([]byte(src)); got != want {
			t.Errorf("Prefilter(%q) = %v, want %v", src, got, want)
		}
	}
}

// Positions are byte columns; CRLF, a BOM and invalid UTF-8 must not shift them.
func TestPositionsSurviveEncodings(t *testing.T) {
	for name, src := range map[string]string{
		"crlf":     "ETCD_NAME=a\r\nETCD_DEBUG=true\r\n",
		"bom":      "\ufeffETCD_NAME=a\nETCD_DEBUG=true\n",
		"latin1":   "ETCD_NAME=caf\xe9\nETCD_DEBUG=true\n",
		"no-final": "ETCD_NAME=a\nETCD_DEBUG=true",
	} {
		t.Run(name, func(t *testing.T) {
			res, err := Run(Options{Upgrade: upgrade35}, nil, Document{Path: "etcd.env", Src: []byte(src)})
			if err != nil {
				t.Fatal(err)
			}
			fs := res.Findings()
			if len(fs) != 1 || fs[0].Rule != "debug-flag" {
				t.Fatalf("findings = %+v, want one debug-flag", fs)
			}
			f := fs[0]
			if f.Line != 2 || f.Column != 1 || f.EndLine != 2 || f.EndColumn != 16 {
				t.Errorf("position = %d:%d-%d:%d, want 2:1-2:16", f.Line, f.Column, f.EndLine, f.EndColumn)
			}
			if got := src[f.Span.Start:f.Span.End]; got != "ETCD_DEBUG=true" {
				t.Errorf("span text = %q", got)
			}
			if len(res.Errors) != 0 {
				t.Errorf("errors = %v", res.Errors)
			}
			if strings.HasPrefix(src, "\ufeff") && res.Files[0].Findings[0].Span.Start < 3 {
				t.Errorf("span starts inside the BOM")
			}
		})
	}
}

// A file the prefilter skips must be one no rule can fire on: every rule's
// example of what it reports passes it, and so do configs that never name
// etcd.
func TestPrefilterKeepsEveryRulesExample(t *testing.T) {
	for _, r := range rules.All {
		if r.Before != "" && !Prefilter([]byte(r.Before)) {
			t.Errorf("%s: the prefilter skips its example %q", r.ID, r.Before)
		}
	}
	for _, k := range rules.MustLoadCatalog().KeyNames() {
		if strings.Contains(k, "-") && len(k) >= 8 && !Prefilter([]byte("x\n"+k+": 1\n")) {
			t.Errorf("the prefilter skips a config file setting %s", k)
		}
	}
	for _, src := range []string{"data-dir: /srv/kv\nlog-output: stderr\n", "curl http://10.0.0.1:4001/v2/machines\n", "name: n1\ncorrupt-check-time: \"1m\"\n"} {
		if !Prefilter([]byte(src)) {
			t.Errorf("the prefilter skips %q", src)
		}
	}
	if Prefilter([]byte("worker_processes 4;\n")) {
		t.Error("an nginx config passed the prefilter")
	}
}

type panicking struct{}

func (panicking) Name() string              { return "panicking" }
func (panicking) Match(string, []byte) bool { return true }
func (panicking) Parse(string, []byte, fact.Schema) (*fact.Facts, []*fact.ParseError) {
	panic("boom")
}

// A panic in one file becomes an error of that file; the others are linted.
func TestPanicIsAFileError(t *testing.T) {
	res, err := Run(Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}, KindFor: func(p string) fact.Kind {
		if p == "bad.env" {
			return panicking{}
		}
		return nil
	}}, nil, Document{Path: "bad.env", Src: []byte("ETCD_DEBUG=1\n")}, Document{Path: "good.env", Src: []byte("ETCD_DEBUG=1\n")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Path != "bad.env" || !strings.Contains(res.Errors[0].Msg, "boom") {
		t.Errorf("errors: %+v", res.Errors)
	}
	if len(res.Files) != 1 || res.Files[0].Path != "good.env" || len(res.Files[0].Findings) == 0 {
		t.Errorf("the other file was not linted: %+v", res.Files)
	}
}

// A flow list holding a mapping item gives findings, not a panic.
func TestFlowListWithMappingItem(t *testing.T) {
	res, err := Run(Options{Upgrade: rules.Upgrade{From: "3.4", To: "3.5"}}, nil, Document{Path: "etcd.yml", Src: []byte("name: etcd\nlog-outputs: [a: 0, default]\n")})
	if err != nil || len(res.Errors) != 0 || len(res.Files) != 1 {
		t.Fatalf("%v %+v", err, res.Errors)
	}
}

// A flag whose value a variable set above holds is not removed with a
// span that runs backwards (issue 17's reproduction); every edit the
// engine publishes lies inside the file, start before end.
func TestNoReversedEdits(t *testing.T) {
	src := "#!/bin/sh\nENDPOINTS=https://10.0.0.1:2379\netcdctl snapshot status --endpoints \"$ENDPOINTS\" /backup/snap.db\n"
	res, err := Run(Options{Upgrade: rules.Upgrade{From: "3.5", To: "3.6"}}, nil, Document{Path: "s.sh", Src: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, fd := range res.Findings() {
		if fd.Rule == "etcdctl-to-etcdutl" {
			found = true
			if fd.Fix != nil || !strings.Contains(fd.NoFix, "variable set elsewhere") {
				t.Errorf("fix %+v, no-fix %q", fd.Fix, fd.NoFix)
			}
		}
		if fd.Fix != nil {
			for _, e := range fd.Fix.Edits {
				if e.Span.Start > e.Span.End || e.Span.End > len(src) {
					t.Errorf("%s: edit %+v", fd.Rule, e)
				}
			}
		}
	}
	if !found {
		t.Error("etcdctl snapshot status is not reported")
	}
}

// Stream hands files over in path order while the run goes, never holding
// more than its window of linted files: while a slow first file is being
// linted, the other worker goes on only as far as the window allows.
func TestStreamBoundsWhatItHolds(t *testing.T) {
	var mu sync.Mutex
	linted := 0
	e, err := New(Options{Upgrade: upgrade35, Jobs: 2, Progress: func(done, _ int) {
		mu.Lock()
		linted = done
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	docs := []Document{{Path: "a-slow.env", Src: []byte(strings.Repeat("ETCD_DEBUG=true\n", 20000))}}
	for i := range 500 {
		docs = append(docs, Document{Path: fmt.Sprintf("d%03d.env", 499-i), Src: []byte("ETCD_DEBUG=true\n")})
	}
	var paths []string
	res := e.Stream(nil, docs, func(f *File) {
		mu.Lock()
		ahead := linted - len(paths)
		mu.Unlock()
		if window := 16 * 2; ahead > window+2 {
			t.Fatalf("%d files linted but not yet emitted when %s was", ahead, f.Path)
		}
		paths = append(paths, f.Path)
	})
	if len(paths) != 501 || !slices.IsSorted(paths) || res.Files != nil || res.FilesScanned != 501 {
		t.Errorf("emitted %d files, sorted %v; result %d files, %d scanned", len(paths), slices.IsSorted(paths), len(res.Files), res.FilesScanned)
	}
}
