package factsync

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"slices"
	"strings"
)

// configStructs are the structs etcd decodes its --config-file into, per
// file: embed's Config and configJSON (URLs, CORS, the transport security
// blocks) and etcdmain's configProxy (the v2 proxy keys, gone in 3.6).
var configStructs = map[string][]string{
	"embed/config.go":    {"Config", "configJSON"},
	"etcdmain/config.go": {"configProxy"},
}

// keyTypes returns the Go type of every config-file key of one tag
// ("log-outputs" → "[]string", "client-transport-security.cert-file" →
// "string"), read from the struct fields' json tags.
func keyTypes(src *source, tag string) (map[string]string, error) {
	out := map[string]string{}
	for file, names := range configStructs {
		src, err := src.read(tag, file)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
		if err != nil {
			return nil, err
		}
		structs := map[string]*ast.StructType{}
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok {
				if st, ok := ts.Type.(*ast.StructType); ok {
					structs[ts.Name.Name] = st
				}
			}
			return true
		})
		for _, name := range names {
			if st := structs[name]; st != nil {
				fields(st, "", structs, out)
			}
		}
	}
	return out, nil
}

// fields records the json-tagged fields of st under prefix; a field whose
// type is another struct of the file gets its keys dotted below its own.
func fields(st *ast.StructType, prefix string, structs map[string]*ast.StructType, out map[string]string) {
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) == 0 {
			continue
		}
		key, _, _ := strings.Cut(reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("json"), ",")
		if key == "" || key == "-" {
			continue
		}
		typ := types.ExprString(f.Type)
		out[prefix+key] = typ
		if inner := structs[typ]; inner != nil && prefix == "" {
			fields(inner, key+".", structs, out)
		}
	}
}

// writeKeyTypes reads the key types of every release tag from its source;
// 3.4 without -etcd-git (it has no server module) keeps its column of the
// file written before, and any other failure is an error.
func writeKeyTypes(src *source, path string) error {
	perTag := make([]map[string]string, len(releaseTags))
	var keys []string
	for i, tag := range releaseTags {
		t, err := keyTypes(src, tag)
		if err != nil && src.gitDir == "" && strings.HasPrefix(tag, "v3.4.") {
			t, err = keyTypesWritten(path, tag) // 3.4 has no server module to fetch
		}
		if err != nil {
			return err
		}
		perTag[i] = t
		for k := range t {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var b strings.Builder
	b.WriteString("config_key")
	for _, tag := range releaseTags {
		b.WriteString("\t" + tag[:strings.LastIndex(tag, ".")]) // v3.5.33 → v3.5
	}
	b.WriteString("\n")
	for _, k := range keys {
		b.WriteString(k)
		for _, t := range perTag {
			typ := t[k]
			if typ == "" {
				typ = "-"
			}
			b.WriteString("\t" + typ)
		}
		b.WriteString("\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// keyTypesWritten is the column of tag's minor in the file at path.
func keyTypesWritten(path, tag string) (map[string]string, error) {
	t, err := readTable(path)
	if err != nil {
		return nil, err
	}
	col := t.col(tag[:strings.LastIndex(tag, ".")])
	if col < 0 {
		return nil, fmt.Errorf("%s has no column for %s: give -etcd-git", path, tag)
	}
	out := map[string]string{}
	for _, r := range t.rows {
		if r[col] != "-" {
			out[r[0]] = r[col]
		}
	}
	return out, nil
}
