package yamlpos

import (
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

func TestLookup(t *testing.T) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte("a: 1\nb: {c: 2}\nl: [x]\n"), &root); err != nil {
		t.Fatal(err)
	}
	m := root.Content[0]
	if v, k := Lookup(m, "b"); k == nil || k.Value != "b" || v.Kind != yaml.MappingNode {
		t.Errorf("b: %v %v", v, k)
	}
	if v := Get(Get(m, "b"), "c"); v == nil || v.Value != "2" {
		t.Errorf("b.c: %v", v)
	}
	// no key, a sequence, nil: nothing
	if Get(m, "z") != nil || Get(Get(m, "l"), "x") != nil || Get(nil, "a") != nil || Get(m, "1") != nil {
		t.Error("found a value that is not there")
	}
}
