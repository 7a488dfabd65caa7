package factsync

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// embedField is one field of embed.Config in one release.
type embedField struct {
	key        string // the json tag: the config-file key
	deprecated bool   // its doc comment says so
}

// Column values of embed-fields.tsv.
const (
	fieldPresent    = "yes"
	fieldDeprecated = "deprecated"
	fieldAbsent     = "no"
)

// writeEmbedFields writes embed-fields.tsv: the fields of embed.Config in
// every release tag, read from its embed/config.go. A program that embeds
// etcd sets these fields where a command line gives flags; a field a
// release drops stops the program from building against it. 3.4 without
// -etcd-git (it has no server module) keeps its column of the file
// written before.
func writeEmbedFields(src *source, path string) error {
	perTag := make([]map[string]string, len(releaseTags)) // field → status
	keys := map[string]string{}
	for i, tag := range releaseTags {
		status, err := embedFieldsAt(src, tag, keys)
		if err != nil && src.gitDir == "" && strings.HasPrefix(tag, "v3.4.") {
			status, err = embedFieldsWritten(path, tag, keys)
		}
		if err != nil {
			return err
		}
		perTag[i] = status
	}
	names := make([]string, 0, len(keys))
	for name := range keys {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("# The fields of embed.Config in each release, read from its embed/config.go by factsync.\n")
	b.WriteString("# key: the field's json tag (its config-file key; empty when it has none); one column per\n")
	b.WriteString("# release: yes, deprecated (its doc comment says so) or no (the release has no such field).\n")
	b.WriteString("field\tkey")
	for _, tag := range releaseTags {
		b.WriteString("\t" + strings.TrimPrefix(tag[:strings.LastIndex(tag, ".")], "v")) // v3.5.33 → 3.5
	}
	b.WriteString("\n")
	for _, name := range names {
		b.WriteString(name + "\t" + keys[name])
		for _, status := range perTag {
			b.WriteString("\t" + cmp.Or(status[name], fieldAbsent))
		}
		b.WriteString("\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// embedFieldsAt reads the exported fields of embed.Config at tag; keys
// gains the json tag of each field it has not seen.
func embedFieldsAt(src *source, tag string, keys map[string]string) (map[string]string, error) {
	const file = "embed/config.go"
	text, err := src.read(tag, file)
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), file, text, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != "Config" {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return false
		}
		for _, fl := range st.Fields.List {
			var fd embedField
			if fl.Tag != nil {
				fd.key, _, _ = strings.Cut(reflect.StructTag(strings.Trim(fl.Tag.Value, "`")).Get("json"), ",")
				if fd.key == "-" {
					fd.key = ""
				}
			}
			fd.deprecated = deprecatedAt(fl.Doc.Text(), tag)
			for _, name := range fl.Names {
				if !name.IsExported() {
					continue
				}
				out[name.Name] = fieldPresent
				if fd.deprecated {
					out[name.Name] = fieldDeprecated
				}
				if _, seen := keys[name.Name]; !seen || keys[name.Name] == "" {
					keys[name.Name] = fd.key
				}
			}
		}
		return false
	})
	if len(out) == 0 {
		return nil, fmt.Errorf("%s at %s: no Config struct", file, tag)
	}
	return out, nil
}

// deprecatedIn is a doc comment's deprecation: Go's "Deprecated:", or
// "Deprecated in v3.6", which 3.5's source writes ahead of the release.
var deprecatedIn = regexp.MustCompile(`(?m)^Deprecated(?::| in v?([0-9]+)\.([0-9]+))`)

// deprecatedAt reports whether doc deprecates its field in release tag.
func deprecatedAt(doc, tag string) bool {
	m := deprecatedIn.FindStringSubmatch(doc)
	if m == nil {
		return false
	}
	if m[1] == "" {
		return true
	}
	var major, minor, wantMajor, wantMinor int
	fmt.Sscanf(strings.TrimPrefix(tag, "v"), "%d.%d", &major, &minor)
	fmt.Sscanf(m[1]+"."+m[2], "%d.%d", &wantMajor, &wantMinor)
	return major > wantMajor || major == wantMajor && minor >= wantMinor
}

// embedFieldsWritten is the column of tag's minor in the file at path;
// keys gains the keys of the fields it has.
func embedFieldsWritten(path, tag string, keys map[string]string) (map[string]string, error) {
	t, err := readTable(path)
	if err != nil {
		return nil, err
	}
	col := t.col(strings.TrimPrefix(tag[:strings.LastIndex(tag, ".")], "v"))
	if col < 0 {
		return nil, fmt.Errorf("%s has no column for %s: give -etcd-git", path, tag)
	}
	out := map[string]string{}
	for _, r := range t.rows {
		if r[col] != fieldAbsent {
			out[r[0]] = r[col]
			if _, seen := keys[r[0]]; !seen || keys[r[0]] == "" {
				keys[r[0]] = r[1]
			}
		}
	}
	return out, nil
}
