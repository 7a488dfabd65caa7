package report

import (
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

// SARIF 2.1.0, the subset GitHub code scanning reads. Columns count UTF-16
// code units, SARIF's default.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	// The results come before the invocations, which hold the errors
	// known only at the end: the log is written while the run goes.
	sarifRun struct {
		Tool        sarifTool         `json:"tool"`
		Results     []sarifResult     `json:"results"`
		Invocations []sarifInvocation `json:"invocations"`
		ColumnKind  string            `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		ShortDescription     sarifText    `json:"shortDescription"`
		FullDescription      sarifText    `json:"fullDescription"`
		HelpURI              string       `json:"helpUri"`
		Help                 sarifText    `json:"help"`
		DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
	}
	sarifDefault struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sarifFix struct {
		Description     sarifText             `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifact      `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion `json:"deletedRegion"`
		InsertedContent sarifText   `json:"insertedContent"`
	}
)

// sarifSchema is where the SARIF 2.1.0 schema is published.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// ToolVersion is the version of etcdlint the reports name (SARIF's
// driver.version); the front end sets it.
var ToolVersion string

// ProjectURL is etcdlint's home page.
const ProjectURL = "https://github.com/etcdlint/etcdlint"

// sarifFingerprint names etcdlint's fingerprint in partialFingerprints.
const sarifFingerprint = "etcdlint/v1"

type sarifWriter struct {
	index   map[string]int
	results *jsonArray
}

// NewSARIF writes a SARIF 2.1.0 log with every rule in the driver, so
// code scanning can show rule help for any alert.
func NewSARIF(w io.Writer) Writer {
	s := sarifWriter{index: map[string]int{}}
	s.results = startJSONArray(w, s.log(&lint.Result{}), "results")
	return s
}

// log is the SARIF log without its results.
func (s sarifWriter) log(res *lint.Result) sarifLog {
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "etcdlint", Version: ToolVersion, InformationURI: ProjectURL}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(res.Errors) == 0, Notifications: []sarifNotification{}}},
		Results:     []sarifResult{},
		ColumnKind:  "utf16CodeUnits",
	}
	for i, r := range rules.All {
		s.index[r.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifText{r.Title},
			FullDescription:      sarifText{unwrap(r.Rationale)},
			HelpURI:              r.URL(),
			Help:                 sarifText{unwrap(r.Rationale) + "\n\n" + r.URL()},
			DefaultConfiguration: sarifDefault{sarifLevel(r.Severity)},
		})
	}
	for _, e := range res.Errors {
		n := sarifNotification{Level: "error", Message: sarifText{e.Msg}, Locations: []sarifLocation{{sarifPhysical{ArtifactLocation: sarifArtifact{fileURI(e.Path)}}}}}
		if e.Line > 0 {
			n.Locations[0].PhysicalLocation.Region = &sarifRegion{e.Line, e.Column, e.Line, e.Column}
		}
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, n)
	}
	return sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
}

func (s sarifWriter) File(f *lint.File) error {
	for _, fd := range f.Findings {
		sr := sarifResult{
			RuleID:              fd.Rule,
			RuleIndex:           s.index[fd.Rule],
			Level:               sarifLevel(fd.Severity),
			Message:             sarifText{fd.Message},
			Locations:           []sarifLocation{{sarifPhysical{sarifArtifact{fileURI(fd.Path)}, sarifSpan(f.Lines, fd.Span)}}},
			PartialFingerprints: map[string]string{sarifFingerprint: fd.Fingerprint},
		}
		if fd.Fix != nil {
			change := sarifArtifactChange{ArtifactLocation: sarifArtifact{fileURI(fd.Path)}, Replacements: []sarifReplacement{}}
			for _, e := range fd.Fix.Edits {
				change.Replacements = append(change.Replacements, sarifReplacement{*sarifSpan(f.Lines, e.Span), sarifText{e.NewText}})
			}
			sr.Fixes = []sarifFix{{sarifText{fixText(fd.Fix)}, []sarifArtifactChange{change}}}
		}
		s.results.add(sr)
	}
	return s.results.err
}

func (s sarifWriter) End(res *lint.Result) error { return s.results.end(s.log(res)) }

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

func sarifSpan(l *fact.Lines, sp fact.Span) *sarifRegion {
	line, _ := l.Position(sp.Start)
	endLine, _ := l.Position(sp.End)
	return &sarifRegion{line, l.UTF16Column(sp.Start), endLine, l.UTF16Column(sp.End)}
}

// fileURI turns a reported path into a URI reference: relative paths stay
// relative (code scanning resolves them against the checkout).
func fileURI(p string) string {
	u := url.URL{Path: filepath.ToSlash(p)}
	if filepath.IsAbs(p) {
		u.Scheme = "file"
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path
		}
	}
	return u.String()
}

// fixText describes a fix with when it can ship and whether it keeps behaviour.
func fixText(f *lint.Fix) string {
	return f.Description + " (" + string(f.Phase) + ", " + string(f.Safety) + ")"
}
