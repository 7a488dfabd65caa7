package yamlpos

import (
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// Unmarshal parses a YAML document into root. YAML refuses control
// characters and invalid UTF-8 anywhere in a stream, so one stray byte
// (a NUL, a Latin-1 letter) would hide the whole document: when the text
// has such bytes, it is parsed again with each as '?', which keeps every
// offset. The first error is returned either way, for the file's report;
// root holds the document when the second parse succeeds.
func Unmarshal(src []byte, root *yaml.Node) error {
	err := yaml.Unmarshal(src, root)
	if err == nil {
		return nil
	}
	if clean, changed := printable(src); changed {
		*root = yaml.Node{}
		if yaml.Unmarshal(clean, root) != nil {
			*root = yaml.Node{}
		}
	}
	return err
}

// printable returns src with the bytes YAML refuses replaced by '?'.
func printable(src []byte) ([]byte, bool) {
	var out []byte
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		bad := r == utf8.RuneError && n == 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f
		if bad {
			if out == nil {
				out = append([]byte(nil), src...)
			}
			for k := range n {
				out[i+k] = '?'
			}
		}
		i += n
	}
	return out, out != nil
}
