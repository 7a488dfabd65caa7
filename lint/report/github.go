package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/rules"
)

type githubWriter struct{ w io.Writer }

// NewGitHub writes GitHub Actions workflow commands, which the runner turns
// into annotations on the changed files:
//
//	::error file=deploy/etcd.env,line=4,col=1,endLine=4,endColumn=16,title=etcdlint debug-flag::message
func NewGitHub(w io.Writer) Writer { return githubWriter{w} }

func (g githubWriter) File(f *lint.File) error {
	for _, fd := range f.Findings {
		cmd := "notice"
		switch fd.Severity {
		case rules.Error:
			cmd = "error"
		case rules.Warning:
			cmd = "warning"
		}
		msg := fd.Message
		if fd.Fix != nil {
			msg += "\nfix: " + fixText(fd.Fix)
		}
		msg += "\n" + fd.URL
		if _, err := fmt.Fprintf(g.w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n", cmd,
			ghProperty(fd.Path), fd.Line, fd.Column, fd.EndLine, fd.EndColumn, ghProperty("etcdlint "+fd.Rule), ghData(msg)); err != nil {
			return err
		}
	}
	return nil
}

func (g githubWriter) End(res *lint.Result) error {
	for _, e := range res.Errors {
		var err error
		if e.Line > 0 {
			_, err = fmt.Fprintf(g.w, "::error file=%s,line=%d,col=%d,title=etcdlint::%s\n", ghProperty(e.Path), e.Line, e.Column, ghData(e.Msg))
		} else {
			_, err = fmt.Fprintf(g.w, "::error file=%s,title=etcdlint::%s\n", ghProperty(e.Path), ghData(e.Msg))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ghData escapes a workflow command's message.
var ghData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// ghProperty escapes a workflow command's property value, where ":" and ","
// would end the value.
var ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
