package k8s

import (
	"bytes"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/syntax/podspec"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// mustMaskToYAML masks src, checks that every offset holds and that the
// masked documents parse, and returns the file.
func mustMaskToYAML(t *testing.T, src string) *podspec.File {
	t.Helper()
	f := podspec.NewFile([]byte(src), testSchema)
	if len(f.Masked.Src) != len(src) || bytes.Count(f.Masked.Src, []byte("\n")) != strings.Count(src, "\n") {
		t.Fatalf("masking moved offsets:\n%s", f.Masked.Src)
	}
	f.Templated = false // report what does not parse
	docs := f.Documents()
	if len(f.Errors()) > 0 {
		t.Fatalf("masked template does not parse: %v\n%s", f.Errors()[0], f.Masked.Src)
	}
	if len(docs) == 0 {
		t.Fatalf("no document in\n%s", f.Masked.Src)
	}
	return f
}

func TestHelmMaskParses(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"a comment spanning lines", "{{- /*\nCopyright holder.\nLicense: X\n*/}}\n\napiVersion: v1\nkind: Service\n"},
		{"a comment holding }}", "{{/* a }} b */}}\napiVersion: v1\nkind: Service\n"},
		{"labels piped to nindent, more labels below",
			"kind: Service\nmetadata:\n  labels: {{- include \"c.labels\" ( dict \"a\" .Values.b \"context\" $ ) | nindent 4 }}\n    app.kubernetes.io/component: etcd\n  name: x\n"},
		{"a value piped to nindent with nothing below",
			"kind: Service\nmetadata:\n  {{- if .Values.ann }}\n  annotations: {{- toYaml .Values.ann | nindent 4 }}\n  {{- end }}\n  name: x\n"},
		{"an if guard around the document", "{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nspec:\n  type: {{ .Values.type }}\n{{- end }}\n"},
		{"toYaml lines in place of a mapping and a list",
			"kind: Pod\nspec:\n  nodeSelector:\n    {{- toYaml .Values.nodeSelector | nindent 4 }}\n  containers:\n    {{- toYaml .Values.sidecars | nindent 4 }}\n    - name: a\n      image: b\n"},
		{"tplvalues.render lines", "kind: Pod\nspec:\n  containers:\n    - name: a\n      env:\n        {{- include \"common.tplvalues.render\" (dict \"value\" .Values.extraEnvVars \"context\" $) | nindent 8 }}\n"},
		{"an expression spanning lines alone", "kind: Pod\nspec:\n  {{- include \"x\" (dict\n      \"a\" 1) | nindent 2 }}\n  hostname: h\n"},
		{"variable assignments", "kind: Pod\nspec:\n  {{- $name := include \"x\" . }}\n  {{- $n = 2 }}\n  hostname: {{ $name }}\n"},
		{"toYaml piped in a value without a dash", "kind: Pod\nspec:\n  containers:\n    - name: a\n      command: {{ .Values.command | toYaml | nindent 8 }}\n      image: b\n"},
		{"the same key in two branches", "kind: Pod\nspec:\n  {{- if .Values.a }}\n  hostname: {{- toYaml .Values.a | nindent 4 }}\n  {{- else }}\n  hostname: b\n  {{- end }}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) { mustMaskToYAML(t, tc.src) })
	}
}

func TestHelmMaskShapes(t *testing.T) {
	src := "kind: Pod\nmetadata:\n  name: {{ .Release.Name }}-x\n  labels: {{- include \"l\" . | nindent 4 }}\n    a: b\n  note: {{/* nothing */}}n\n"
	f := mustMaskToYAML(t, src)
	want := "kind: Pod\nmetadata:\n  name: " + strings.Repeat("x", 19) + "-x\n  labels:" + strings.Repeat(" ", 33) +
		"\n    a: b\n  note: " + strings.Repeat(" ", 17) + "n\n"
	if string(f.Masked.Src) != want {
		t.Fatalf("masked\n%q\nwant\n%q", f.Masked.Src, want)
	}
	// the comment is no expression; the inline value and the blanked block are
	if len(f.Masked.Expressions) != 2 || f.Masked.Templated(fact.Span{Start: strings.Index(src, "{{/*"), End: strings.Index(src, "*/}}")}) {
		t.Errorf("expressions %v", f.Masked.Expressions)
	}
}

// A template that still does not parse after masking gives no error: what
// Helm renders from it may be fine. The same file without markup does.
func TestHelmUnparsedTemplateIsNoError(t *testing.T) {
	tmpl := "apiVersion: v1\nkind: ConfigMap\ndata: {{ include \"render\" .Values.data }}\n  etcd.note: rendered by helm\n"
	facts, errs := NewKind(envOnly{}).Parse("templates/cm.yaml", []byte(tmpl), testSchema)
	if len(errs) != 0 || len(facts.Processes) != 0 {
		t.Fatalf("template: %v %v", errs, facts.Processes)
	}
	plain := "apiVersion: v1\nkind: ConfigMap\ndata: inline\n  etcd.note: broken\n"
	_, errs = NewKind(envOnly{}).Parse("templates/cm.yaml", []byte(plain), testSchema)
	if len(errs) != 1 || errs[0].Offset == 0 {
		t.Fatalf("plain YAML: %v", errs)
	}
	// the other documents of a template are still read
	two := tmpl + "---\nkind: Pod\nspec:\n  containers:\n  - image: quay.io/coreos/etcd:v3.4.0\n    command: [etcd, --debug]\n"
	facts, errs = NewKind(envOnly{}).Parse("templates/cm.yaml", []byte(two), testSchema)
	if len(errs) != 0 || len(facts.Processes) != 1 {
		t.Fatalf("two documents: %v %d", errs, len(facts.Processes))
	}
}

func helmProcesses(t *testing.T, src string) []*fact.Process {
	t.Helper()
	facts, errs := NewKind(envOnly{}).Parse("templates/x.yaml", []byte(src), testSchema)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs[0])
	}
	return facts.Processes
}

const helmPod = "apiVersion: apps/v1\nkind: %s\nspec:\n  template:\n    spec:\n      containers:\n        - name: %s\n          image: %s\n%s          env:\n            - name: ETCD_NAME\n              value: n1\n%s"

func helmPodSrc(kind, name, image, command, tail string) string {
	parts := strings.Split(helmPod, "%s")
	vals := []string{kind, name, image, command, tail}
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(p)
		if i < len(vals) {
			b.WriteString(vals[i])
		}
	}
	return b.String()
}

func TestHelmTemplatedEtcdImage(t *testing.T) {
	for _, tc := range []struct {
		name, kind, container, image, command, env string
		want                                       int
	}{
		{"a helper naming etcd's image", "StatefulSet", "server", `{{ include "etcd.image" . }}`, "", "", 1},
		{"values naming etcd's image", "StatefulSet", "server", `"{{ .Values.etcd.image.repository }}:{{ .Values.etcd.image.tag }}"`, "", "", 1},
		{"a container named etcd", "StatefulSet", "etcd", `{{ include "store.image" . }}`, "", "", 1},
		{"a masked image reference ending in etcd", "StatefulSet", "db", `{{ .Values.registry }}/bitnami/etcd:{{ .Values.tag }}`, "", "", 1},
		{"the chart's helper image", "StatefulSet", "init", `{{ include "etcd.volumePermissions.image" . }}`, "", "", 0},
		{"an unknown templated image", "StatefulSet", "db", `{{ include "store.image" . }}`, "", "", 0},
		{"a CronJob task", "CronJob", "etcd", `{{ include "etcd.image" . }}`, "          command:\n            - /opt/scripts/snapshot.sh\n", "", 0},
		{"a Job without a command", "Job", "etcd", `{{ include "etcd.image" . }}`, "", "", 0},
		{"a Job running etcd", "Job", "etcd", `{{ include "etcd.image" . }}`, "          command: [etcd, --debug]\n", "", 1},
		{"a wrapper handed a script", "StatefulSet", "etcd", `{{ include "etcd.image" . }}`, "          command: [/entrypoint.sh]\n          args: [/scripts/preupgrade.sh]\n", "", 0},
		{"a shell script without etcd", "StatefulSet", "etcd", `{{ include "etcd.image" . }}`, "          command: [bash, -ec, 'etcdctl defrag']\n", "", 0},
		{"a wrapper alone", "StatefulSet", "etcd", `{{ include "etcd.image" . }}`, "          command: [/entrypoint.sh]\n", "", 1},
		{"a templated script", "StatefulSet", "etcd", `{{ include "etcd.image" . }}`, "          command: [sh, -c, '{{ .Values.script }}']\n", "", 1},
		{"a server's environment", "StatefulSet", "db", `{{ include "store.image" . }}`, "",
			"            - name: ETCD_DATA_DIR\n              value: /data\n            - name: ETCD_LISTEN_PEER_URLS\n              value: http://0.0.0.0:2380\n", 1},
		{"one server setting", "StatefulSet", "db", `{{ include "store.image" . }}`, "",
			"            - name: ETCD_DATA_DIR\n              value: /data\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			procs := helmProcesses(t, helmPodSrc(tc.kind, tc.container, tc.image, tc.command, tc.env))
			if len(procs) != tc.want {
				t.Fatalf("%d processes, want %d", len(procs), tc.want)
			}
		})
	}
}

// Markup that prints something inside a container makes its process
// Partial, also on the container's last line; markup after the container
// at the list's indentation (sidecars) does not.
func TestHelmHiddenMakesPartial(t *testing.T) {
	img := `{{ include "etcd.image" . }}`
	for _, tc := range []struct {
		name, command, tail string
		partial             bool
	}{
		{"env from values at the end of the env list", "          command: [etcd]\n", "            {{- include \"render\" (dict \"value\" .Values.extraEnvVars) | nindent 12 }}\n", true},
		{"sidecars after the container", "          command: [etcd]\n", "        {{- include \"render\" (dict \"value\" .Values.sidecars) | nindent 8 }}\n      volumes: []\n", false},
		{"a control line at the end", "          command: [etcd]\n", "            {{- end }}\n", false},
		{"args from values", "          command: [etcd]\n          args: {{- toYaml .Values.args | nindent 12 }}\n", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			procs := helmProcesses(t, helmPodSrc("StatefulSet", "etcd", img, tc.command, tc.tail))
			if len(procs) != 1 || len(procs[0].Settings) != 1 {
				t.Fatalf("%+v", procs)
			}
			if procs[0].Partial != tc.partial {
				t.Errorf("Partial = %v", procs[0].Partial)
			}
		})
	}
}

// The branches of an if/else write a key twice: the one with a value is read.
func TestHelmBranchKeys(t *testing.T) {
	src := "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: etcd\n          image: quay.io/coreos/etcd:v3.4.0\n" +
		"          {{- if .Values.command }}\n          command: {{- toYaml .Values.command | nindent 12 }}\n          {{- else }}\n          command:\n            - etcd\n            - --debug\n          {{- end }}\n"
	procs := helmProcesses(t, src)
	if len(procs) != 1 || len(procs[0].Settings) != 1 || procs[0].Settings[0].Name != "debug" || !procs[0].Partial {
		t.Fatalf("%+v", procs)
	}
}

func TestValuesImages(t *testing.T) {
	src := "image:\n  registry: docker.io\n  repository: bitnami/etcd\n  tag: 3.5.9-debian-11-r4\n" +
		"exporter:\n  image:\n    repository: bitnami/etcd-exporter\n    tag: 0.4.1\n" +
		"backup:\n  image: {repository: quay.io/coreos/etcd, tag: v3.3.25}\n" +
		"restore:\n  image:\n    repository: etcd\n    tag: \"{{ .Chart.AppVersion }}\"\n" +
		"legacy:\n  image:\n    repository: gcr.io/etcd-development/etcd\n    tag: \"\"\n" +
		"# an image written in one piece is left to the engine's textual scan: quay.io/coreos/etcd:v3.4.9\n"
	k := NewKind(envOnly{})
	if !k.Match("charts/store/values.yaml", []byte(src)) {
		t.Fatal("a values file pinning an etcd image is not read")
	}
	if k.Match("values.yaml", []byte("image:\n  repository: bitnami/etcd-exporter\n  tag: 1\n")) {
		t.Error("an exporter image made a values file etcd's")
	}
	facts, errs := k.Parse("values.yaml", []byte(src), testSchema)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var got []string
	for _, img := range facts.Images {
		got = append(got, img.Ref+"@"+src[img.Span.Start:img.Span.End]+"@"+src[img.TagSpan.Start:img.TagSpan.End])
	}
	want := "docker.io/bitnami/etcd:3.5.9-debian-11-r4@3.5.9-debian-11-r4@3.5.9-debian-11-r4|" +
		"quay.io/coreos/etcd:v3.3.25@v3.3.25@v3.3.25"
	if strings.Join(got, "|") != want {
		t.Fatalf("images\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}
