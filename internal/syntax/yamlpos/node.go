package yamlpos

import yaml "go.yaml.in/yaml/v3"

// Lookup is the value of key in mapping m, and its key node; nil when m is
// not a mapping or has no such key.
func Lookup(m *yaml.Node, key string) (val, k *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1], m.Content[i]
		}
	}
	return nil, nil
}

// Get is the value of key in mapping m, or nil.
func Get(m *yaml.Node, key string) *yaml.Node {
	v, _ := Lookup(m, key)
	return v
}

// Walk calls f on n and every node below it that is not a mapping key,
// with the key it is the value (or an item of the value) of; the nodes
// below one f returns true for are not visited.
func Walk(n *yaml.Node, key string, f func(n *yaml.Node, key string) bool) {
	if n.Kind != yaml.DocumentNode && f(n, key) {
		return
	}
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			Walk(c, key, f)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			Walk(n.Content[i+1], n.Content[i].Value, f)
		}
	}
}
