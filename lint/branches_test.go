package lint

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// Branches that render only for another etcd release than the target are
// inactive; conditions on anything else (Kubernetes' version, a setting)
// keep their branches.
func TestInactiveBranches(t *testing.T) {
	src := `<% if is_v36_or_higher %>A36<% else %>A35<% end %>
<% unless is_v36_or_higher %>B35<% end %>
<% hosts.each do |h| %><% if h.up %>C<% end %><% end %>
{% if etcd_version is version('3.6', '>=') %}D36{% elif etcd_version is version('3.5', '>=') %}D35{% else %}D34{% endif %}
{% if kube_version is version('v1.14.2', '>=') %}E{% endif %}
{{- if semverCompare ">=3.6.0" .Values.image.tag }}F36{{ end }}
{% for m in members %}{% if etcd_version < '3.5' %}G34{% endif %}{% endfor %}
`
	var got []string
	for _, sp := range inactiveBranches([]byte(src), "3.5") {
		got = append(got, src[sp.Start:sp.End])
	}
	if g := strings.Join(got, " "); g != "A36 D36 D34 F36 G34" {
		t.Errorf("inactive on a 3.5 audit: %q", got)
	}
	got = nil
	for _, sp := range inactiveBranches([]byte(src), "3.6") {
		got = append(got, src[sp.Start:sp.End])
	}
	if g := strings.Join(got, " "); g != "A35 B35 D35 D34 G34" {
		t.Errorf("inactive on a 3.6 audit: %q", got)
	}
}

// Settings learn the branches that hold them: one in the if and one in
// the else of a conditional exclude each other; one outside it is in every
// rendering that holds one inside.
func TestPlaceInBranches(t *testing.T) {
	src := `A
{% if x %}B{% if y %}C{% else %}D{% endif %}{% elif z %}E{% else %}F{% endif %}
{{- if .Values.new }}G{{ else if .Values.mid }}H{{ else }}I{{ end }}
<% if @a %>J<% else %>K<% end %>
{% for m in ms %}{% if m %}L{% else %}M{% endif %}{% else %}N{% endfor %}
{% if raw %}O{% raw %}{{x}}{% endraw %}{% set v %}w{% endset %}{% else %}P{% endif %}
<% case @mode %><% when 'a' %><% if @b %>Q<% else %>R<% end %><% end %>
`
	at := map[string]*fact.Setting{}
	proc := &fact.Process{}
	for _, name := range strings.Split("A B C D E F G H I J K L M N O P Q R", " ") {
		s := &fact.Setting{Name: name, Span: fact.Span{Start: strings.Index(src, name), End: strings.Index(src, name) + 1}}
		at[name] = s
		proc.Settings = append(proc.Settings, s)
	}
	placeInBranches(&fact.Facts{Processes: []*fact.Process{proc}}, []byte(src))
	// an end tag of another block (endraw, endset) closes no conditional;
	// an if/else in a loop may render both arms
	for _, pair := range []string{"B E", "B F", "E F", "C D", "C E", "G H", "G I", "H I", "J K", "O P", "Q R"} {
		a, b, _ := strings.Cut(pair, " ")
		if !at[a].Excludes(at[b]) || !at[b].Excludes(at[a]) {
			t.Errorf("%s and %s do not exclude each other", a, b)
		}
	}
	for _, pair := range []string{"A B", "B C", "C C", "G J", "L N", "M N", "L M"} {
		a, b, _ := strings.Cut(pair, " ")
		if at[a].Excludes(at[b]) {
			t.Errorf("%s and %s exclude each other", a, b)
		}
	}
	// A renders with everything, B with C and D, C with nothing but itself
	for _, pair := range []string{"A B", "A C", "B C", "B D", "C C", "G G"} {
		a, b, _ := strings.Cut(pair, " ")
		if !at[a].RendersWith(at[b]) {
			t.Errorf("%s does not render with %s", a, b)
		}
	}
	for _, pair := range []string{"B A", "C B", "C D", "G A"} {
		a, b, _ := strings.Cut(pair, " ")
		if at[a].RendersWith(at[b]) {
			t.Errorf("%s renders with %s", a, b)
		}
	}
}
