package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sync"
)

// baselineVersion is the format of the baseline file.
const baselineVersion = 1

// Baseline is the set of findings a project has accepted for now: a run
// with it reports only findings that are not in it. Findings are matched by
// fingerprint, so a baseline survives lines moving around.
type Baseline struct {
	Version  int             `json:"etcdlint_baseline"`
	Findings []BaselineEntry `json:"findings"`

	once  sync.Once
	known map[string]bool // the fingerprints, built on first use
}

// Has reports whether the baseline holds a finding with this fingerprint.
func (b *Baseline) Has(fingerprint string) bool {
	b.once.Do(func() {
		b.known = map[string]bool{}
		for _, e := range b.Findings {
			b.known[e.Fingerprint] = true
		}
	})
	return b.known[fingerprint]
}

// BaselineEntry is one accepted finding. Only the fingerprint matches; the
// rest is there for the people who read the file.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Message     string `json:"message"`
}

// NewBaseline records the findings of res.
func NewBaseline(res *Result) *Baseline {
	b := &Baseline{Version: baselineVersion, Findings: []BaselineEntry{}}
	for _, f := range res.Files {
		b.Add(f)
	}
	return b
}

// Add records the findings of f.
func (b *Baseline) Add(f *File) {
	for _, fd := range f.Findings {
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: fd.Fingerprint, Rule: fd.Rule, Path: filepath.ToSlash(fd.Path), Line: fd.Line, Message: fd.Message})
	}
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// ReadBaseline reads a baseline file.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("not an etcdlint baseline: %v", err)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("baseline format %d is not %d: write it again with --write-baseline", b.Version, baselineVersion)
	}
	return &b, nil
}

// Filter drops the findings of res that are in the baseline and returns
// how many it dropped.
func (b *Baseline) Filter(res *Result) int {
	n := 0
	for _, f := range res.Files {
		n += b.FilterFile(f)
	}
	return n
}

// FilterFile drops the findings of f that the baseline holds and returns
// how many it dropped.
func (b *Baseline) FilterFile(f *File) int {
	kept := f.Findings[:0]
	for _, fd := range f.Findings {
		if !b.Has(fd.Fingerprint) {
			kept = append(kept, fd)
		}
	}
	n := len(f.Findings) - len(kept)
	f.Findings = kept
	return n
}
