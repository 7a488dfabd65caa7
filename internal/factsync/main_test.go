package factsync

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestV2CommandPattern(t *testing.T) {
	src := `func NewMemberCommand() cli.Command {
	return cli.Command{
		Name:  "member",
		Subcommands: []cli.Command{
			{
				Name:      "list",
				Flags: []cli.Flag{cli.StringFlag{Name: "data-dir"}},
			},
		},
	}
}
func NewLsCommand() cli.Command {
	return cli.Command{Name: "ls", Usage: "x"}
}
var notACommand = cobra.Command{Name: "put"}
`
	var got []string
	for _, m := range v2Command.FindAllStringSubmatch(src, -1) {
		got = append(got, m[1])
	}
	if want := []string{"member", "ls"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestV2CommandsUpToDate regenerates etcdctl-v2-commands.txt from etcd's
// git history (ETCD_GIT) and compares.
func TestV2CommandsUpToDate(t *testing.T) {
	gitDir := os.Getenv("ETCD_GIT")
	if gitDir == "" {
		t.Skip("set ETCD_GIT to an etcd git directory with the release tags to check the generated file")
	}
	dir := t.TempDir()
	if err := writeV2Commands(gitDir, filepath.Join(dir, "etcdctl-v2-commands.txt"), filepath.Join(dir, "etcdctl-v2-command-flags.tsv")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"etcdctl-v2-commands.txt", "etcdctl-v2-command-flags.tsv"} {
		got, _ := os.ReadFile(filepath.Join(dir, name))
		want, err := os.ReadFile("../../rules/data/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("rules/data/%s is stale; run go run ./tools/factsync -etcd-git DIR\ngot:\n%s", name, got)
		}
	}
}

// A command's flags are read from its file when it has no subcommands.
func TestV2FlagPattern(t *testing.T) {
	src := `Flags: []cli.Flag{
			cli.BoolFlag{Name: "forever, f", Usage: "x"},
			cli.IntFlag{Name: "after-index", Value: 0},
		},`
	var got []string
	for _, m := range v2Flag.FindAllStringSubmatch(src, -1) {
		got = append(got, m[1])
	}
	if want := []string{"forever, f", "after-index"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestKeyTypesUpToDate regenerates config-key-types.tsv from etcd's git
// history (ETCD_GIT) and compares.
func TestKeyTypesUpToDate(t *testing.T) {
	gitDir := os.Getenv("ETCD_GIT")
	if gitDir == "" {
		t.Skip("set ETCD_GIT to an etcd git directory with the release tags to check the generated file")
	}
	hops, err := readHops("hops.tsv")
	if err != nil {
		t.Fatal(err)
	}
	releaseTags = tagsOf(hops)
	out := filepath.Join(t.TempDir(), "types.tsv")
	if err := writeKeyTypes(&source{gitDir: gitDir}, out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile("../../rules/data/config-key-types.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("rules/data/config-key-types.tsv is stale; run go run ./tools/factsync -etcd-git DIR")
	}
}

// TestGenerateReproducesRulesData runs what go generate ./rules runs, from
// the project's own files only (as in a clean clone), into a temporary
// directory, and compares each table it writes with rules/data. The
// config structs of 3.5 and 3.6 come through the module proxy.
func TestGenerateReproducesRulesData(t *testing.T) {
	if testing.Short() {
		t.Skip("reads etcd's source through the module proxy")
	}
	out, scrapesOut := t.TempDir(), t.TempDir()
	// etcd 3.4 has no server module: its key types and embed.Config fields
	// are read back from the tables, which go generate finds in place
	for _, name := range []string{"config-key-types.tsv", "embed-fields.tsv"} {
		table, err := os.ReadFile("../../rules/data/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name), table, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := run("measured/shared", out, scrapesOut, "", "hops.tsv", "measured"); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) < 8 {
		t.Fatalf("generate wrote %d files", len(written))
	}
	for _, e := range written {
		got, _ := os.ReadFile(filepath.Join(out, e.Name()))
		want, err := os.ReadFile(filepath.Join("../../rules/data", e.Name()))
		if err != nil {
			t.Errorf("generate writes %s, which rules/data lacks", e.Name())
			continue
		}
		if string(got) != string(want) {
			t.Errorf("rules/data/%s differs from what go generate ./rules writes from the project's files", e.Name())
		}
	}
}
