package ignition_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/kinds"
	"github.com/etcdlint/etcdlint/internal/kinds/ignition"
	"github.com/etcdlint/etcdlint/internal/kinds/kindtest"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

type classifier struct{}

func (classifier) Classify(p string, src []byte) fact.Kind { return kinds.Classify(p, src) }

var kind = ignition.NewKind(classifier{})

func parse(t *testing.T, src string) *fact.Facts {
	t.Helper()
	c, err := rules.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	f, errs := kind.Parse("config.ign", []byte(src), c)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs[0])
	}
	return f
}

func setting(t *testing.T, f *fact.Facts, name string) *fact.Setting {
	t.Helper()
	for _, s := range f.Settings() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no setting %s", name)
	return nil
}

const config = `{
  "ignition": {"version": "3.3.0"},
  "systemd": {"units": [{
    "name": "etcd-member.service",
    "dropins": [{"name": "20-etcd.conf",
      "contents": "[Service]\nEnvironment=\"ETCD_LOG_OUTPUT=stderr\"\nExecStart=\nExecStart=/usr/bin/etcd --name=\"n\u0026 1\" \\\n  --debug\n"}]
  }]},
  "storage": {"files": [
    {"path": "/etc/etcd/etcd.env", "contents": {"source": "data:,ETCD_DEBUG%3Dtrue%0AETCD_NAME%3Dn%C3%A9%0A"}},
    {"path": "/etc/etcd/b64.env", "contents": {"source": "data:;base64,RVRDRF9ERUJVRz10cnVlCg=="}},
    {"path": "/etc/etcd/gz.env", "contents": {"compression": "gzip", "source": "data:,ETCD_DEBUG%3Dtrue"}},
    {"path": "/etc/etcd/remote.env", "contents": {"source": "https://example.com/etcd.env"}},
    {"path": "/etc/app/app.env", "contents": {"source": "data:,APP_DEBUG%3Dtrue"}}
  ]}
}`

func TestSpans(t *testing.T) {
	f := parse(t, config)
	var got []string
	for _, s := range f.Settings() {
		got = append(got, s.Name+" "+config[s.Span.Start:s.Span.End]+" name="+config[s.NameSpan.Start:s.NameSpan.End]+" value="+s.Value)
	}
	want := []string{
		`log-output \"ETCD_LOG_OUTPUT=stderr\" name=ETCD_LOG_OUTPUT value=stderr`,
		`name --name=\"n\u0026 1\" name=name value=n& 1`,
		`debug --debug name=debug value=`,
		`debug ETCD_DEBUG%3Dtrue name=ETCD_DEBUG value=true`,
		`name ETCD_NAME%3Dn%C3%A9 name=ETCD_NAME value=né`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("settings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, p := range f.Processes {
		if p.Form == fact.CommandLine && config[p.Anchor.Start:p.Anchor.End] != "/usr/bin/etcd" {
			t.Errorf("anchor %q", config[p.Anchor.Start:p.Anchor.End])
		}
	}
}

// Fixes written through the escapes read back as the fixed settings.
func TestRoundTrips(t *testing.T) {
	f := parse(t, config)
	debug := "debug"
	for _, tc := range []struct {
		name  string
		in    func(f *fact.Facts) fact.Intent
		check func(t *testing.T, f *fact.Facts, src string)
	}{
		{"rename env", func(f *fact.Facts) fact.Intent {
			return fact.Intent{Kind: fact.Replace, Setting: setting(t, f, "log-output"), Name: "log-outputs"}
		}, func(t *testing.T, f *fact.Facts, src string) {
			if s := setting(t, f, "log-outputs"); s.Raw != "ETCD_LOG_OUTPUTS" || s.Value != "stderr" {
				t.Errorf("%+v", s)
			}
		}},
		{"flag to flag with value", func(f *fact.Facts) fact.Intent {
			for _, s := range f.Settings() {
				if s.Name == "debug" && s.Surface == fact.Flag {
					return fact.Intent{Kind: fact.Replace, Setting: s, Name: "log-level", Value: &debug}
				}
			}
			t.Fatal("no --debug")
			return fact.Intent{}
		}, func(t *testing.T, f *fact.Facts, src string) {
			if s := setting(t, f, "log-level"); s.Surface != fact.Flag || s.Value != "debug" {
				t.Errorf("%+v", s)
			}
		}},
		{"add with quotes", func(f *fact.Facts) fact.Intent {
			v := `a "b"`
			return fact.Intent{Kind: fact.Add, Process: setting(t, f, "log-output").Process, Name: "logger", Value: &v}
		}, func(t *testing.T, f *fact.Facts, src string) {
			if s := setting(t, f, "logger"); s.Value != `a "b"` {
				t.Errorf("%+v in %s", s, src)
			}
		}},
		{"remove from a data URL", func(f *fact.Facts) fact.Intent {
			for _, s := range f.Settings() {
				if s.Name == "debug" && s.Surface == fact.Env {
					return fact.Intent{Kind: fact.Remove, Setting: s}
				}
			}
			t.Fatal("no ETCD_DEBUG")
			return fact.Intent{}
		}, func(t *testing.T, f *fact.Facts, src string) {
			if !strings.Contains(src, `"data:,ETCD_NAME%3Dn%C3%A9%0A"`) {
				t.Errorf("source now %s", src)
			}
		}},
		{"set a value in a data URL", func(f *fact.Facts) fact.Intent {
			v := "n 2/é"
			for _, s := range f.Settings() {
				if s.Name == "name" && s.Surface == fact.Env {
					return fact.Intent{Kind: fact.Replace, Setting: s, Value: &v}
				}
			}
			return fact.Intent{}
		}, func(t *testing.T, f *fact.Facts, src string) {
			for _, s := range f.Settings() {
				if s.Name == "name" && s.Surface == fact.Env && s.Value == "n 2/é" {
					return
				}
			}
			t.Errorf("no ETCD_NAME=n 2/é in %s", src)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in(f)
			r := in.Process
			if in.Setting != nil {
				r = in.Setting.Process
			}
			out := kindtest.Render(t, config, r.Render, in)
			tc.check(t, parse(t, out), out)
		})
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		want      bool
	}{
		{"node.ign", "{}", true},
		{"node.json", `{"ignition": {"config": {}, "version": "2.3.0"}}`, true},
		{"node.json", `{"ignition": "etcd", "version": "1"}`, false},
		{"dashboard.json", `{"panels": [], "targets": []}`, false},
		{"node.yaml", `{"ignition": {"version": "3.3.0"}}`, false},
		{"config.ign.sample", `{"ignition": {"version": "2.0.0"}, "systemd": {}}`, true},
		{"bootstrap", `{"ignition": {"version": "3.3.0"}}`, true},
		{"notes.sample", `"ignition": {"version": "2.0.0"}`, false},
	} {
		if got := kind.Match(tc.path, []byte(tc.src)); got != tc.want {
			t.Errorf("Match(%q, %q) = %v", tc.path, tc.src, got)
		}
	}
	if k := kinds.Classify("node.json", []byte(`{"ignition": {"version": "3.3.0"}, "storage": {"files": [{"path": "/x", "panels": 1, "targets": 2}]}}`)); k == nil || k.Name() != "ignition" {
		t.Errorf("an Ignition config with dashboard words classified as %v", k)
	}
}

func TestBadInput(t *testing.T) {
	for _, src := range []string{
		`{"ignition": {"version": "3.3.0"}, "systemd": {"units": [`,
		`{"systemd": {"units": [{"name": "etcd.service", "contents": "ExecStart=/usr/bin/etcd \x"}]}}`,
		`{"storage": {"files": [{"path": "/etc/etcd/etcd.env", "contents": {"source": "data:,ETCD_DEBUG%3"}}]}}`,
		`{"storage": {"files": [{"path": "/etc/etcd/etcd.env", "contents": {"source": "data:ETCD_DEBUG"}}]}}`,
	} {
		_, errs := kind.Parse("x.ign", []byte(src), nil)
		if len(errs) != 1 || errs[0].Offset < 0 || errs[0].Offset > len(src) {
			t.Errorf("%s: errors %v", src, errs)
		}
	}
}
