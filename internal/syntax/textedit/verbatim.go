package textedit

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// PathRenderer rewrites an endpoint whose path is written byte for byte in
// the file: the intent's Value replaces the span. Every file kind that
// finds paths verbatim shares it.
type PathRenderer struct{}

func (PathRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	e := in.Endpoint
	if e == nil || in.Kind != fact.Replace || in.Value == nil {
		return nil, fmt.Errorf("a path can only be rewritten")
	}
	if e.Span.End > len(src) || string(src[e.Span.Start:e.Span.End]) != e.Path {
		return nil, fmt.Errorf("the path %s is not written as is", e.Path)
	}
	return []fact.Edit{{Span: e.Span, NewText: *in.Value}}, nil
}

// GatewayRenderer rewrites a gateway prefix written without the slashes a
// full path has: a URL ending in /v3beta, or the version word alone kept in
// a variable ("v3alpha"). The new path loses the slashes the old text lacks.
type GatewayRenderer struct{}

func (GatewayRenderer) Render(src []byte, in fact.Intent) ([]fact.Edit, error) {
	e := in.Endpoint
	if e == nil || in.Kind != fact.Replace || in.Value == nil || e.Span.End > len(src) {
		return nil, fmt.Errorf("a gateway prefix can only be rewritten")
	}
	old, v := string(src[e.Span.Start:e.Span.End]), *in.Value
	if !strings.HasPrefix(old, "/") {
		v = strings.TrimPrefix(v, "/")
	}
	if !strings.HasSuffix(old, "/") {
		v = strings.TrimSuffix(v, "/")
	}
	return []fact.Edit{{Span: e.Span, NewText: v}}, nil
}
