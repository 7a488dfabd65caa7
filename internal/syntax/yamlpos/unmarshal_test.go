package yamlpos

import (
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// A stray byte is an error, and the document around it is still read,
// with its positions unchanged.
func TestUnmarshalStrayBytes(t *testing.T) {
	for _, stray := range []string{"\x00", "\xff", "\xc3", "\x7f"} {
		var root yaml.Node
		err := Unmarshal([]byte("a: 1 # "+stray+"\nb: --debug\n"), &root)
		if err == nil || root.Kind == 0 {
			t.Fatalf("%q: error %v, root %v", stray, err, root.Kind)
		}
		if v := root.Content[0].Content[3]; v.Value != "--debug" || v.Line != 2 || v.Column != 4 {
			t.Errorf("%q: b is %q at %d:%d", stray, v.Value, v.Line, v.Column)
		}
	}
	var root yaml.Node
	if err := Unmarshal([]byte("a: [\n"), &root); err == nil || root.Kind != 0 {
		t.Errorf("broken YAML: error %v, root %v", err, root.Kind)
	}
}
