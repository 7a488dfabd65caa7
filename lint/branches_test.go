package lint

import (
	"strings"
	"testing"
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
