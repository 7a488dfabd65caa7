// Package factsync refreshes the rule data in rules/data from the measured
// etcd facts (TSV tables) and, optionally, from etcd's source tree; its
// command is tools/factsync:
//
//	go run ./tools/factsync [-facts DIR] [-etcd-git DIR]
//
// The tables are copied as they are after their headers are checked, so a
// change of shape upstream fails here instead of in a rule. With -etcd-git,
// bool-flags.txt is rebuilt from the fs.BoolVar calls of each release tag,
// config-key-types.tsv from the json-tagged fields etcd decodes its config
// file into, embed-fields.tsv from the fields of embed.Config (without it,
// both read 3.5 and later through the module proxy and keep 3.4's column),
// and etcdctl-v2-commands.txt from the cli.Command literals of etcdctl's v2
// mode (etcdctl/ctlv2/command) at each tag that still has it.
package factsync

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var tables = map[string]string{
	"etcd-flags.tsv":        "flag\tconfig_key\tenv\tv3.4\tv3.5\tv3.6\treplacement\tnote",
	"etcd-config-keys.tsv":  "config_key\tv3.4\tv3.5\tv3.6\tflag\tnote",
	"etcd-metrics.tsv":      "metric\ttype\tv3.4\tv3.5\tv3.6\treplacement\tnote",
	"etcd-metrics-diff.tsv": "from\tto\tchange\tmetric\treplacement\tnote",
	"etcdctl-flags.tsv":     "command\tflag\tv3.4\tv3.5\tv3.6",
}

// scrapes are the /metrics scrapes of each release, copied (outside the
// embedded rule data, to keep them out of the binary) for the tests that
// check every metric name a fix writes against what etcd exports.
var scrapes = []string{"metrics-v3.4.txt", "metrics-v3.5.txt", "metrics-v3.6.txt"}

// releaseTags are the builds the facts were measured on, from hops.tsv.
var releaseTags []string

// Main runs the command with the process's arguments.
func Main() {
	facts := flag.String("facts", "internal/factsync/measured/shared", "directory of the measured etcd fact tables (and, when it has them, the /metrics scrapes)")
	out := flag.String("out", "rules/data", "directory to write the rule data to")
	scrapesOut := flag.String("scrapes-out", "testdata/etcd-metrics", "directory to write the /metrics scrapes to")
	etcdGit := flag.String("etcd-git", "", "an etcd git directory with the release tags, to rebuild bool-flags.txt and etcdctl-v2-commands.txt")
	hopsFile := flag.String("hops", "internal/factsync/hops.tsv", "the upgrades etcdlint audits")
	measured := flag.String("measured", "internal/factsync/measured", "what internal/etcdtest measured on releases the facts do not cover")
	flag.Parse()
	if err := run(*facts, *out, *scrapesOut, *etcdGit, *hopsFile, *measured); err != nil {
		fmt.Fprintln(os.Stderr, "factsync:", err)
		os.Exit(1)
	}
}

func run(facts, out, scrapesOut, etcdGit, hopsFile, measuredDir string) error {
	hops, err := readHops(hopsFile)
	if err != nil {
		return err
	}
	releaseTags = tagsOf(hops)
	src := &source{gitDir: etcdGit}
	// Hops past the last version of the shared tables are measured here.
	var newer []*measurement
	for _, h := range hops {
		if !strings.Contains(tables["etcd-flags.tsv"], "\tv"+h.to+"\t") {
			m, err := readMeasurement(filepath.Join(measuredDir, "v"+h.to), h, src)
			if err != nil {
				return err
			}
			newer = append(newer, m)
		}
	}
	for name, header := range tables {
		data, err := os.ReadFile(filepath.Join(facts, name))
		if err != nil {
			return err
		}
		first, _, _ := bytes.Cut(data, []byte("\n"))
		if string(first) != header {
			return fmt.Errorf("%s: header is %q, want %q", name, first, header)
		}
		if len(newer) > 0 {
			t, err := parseTable(name, data)
			if err != nil {
				return err
			}
			for _, m := range newer {
				if err := m.extend(name, t); err != nil {
					return err
				}
			}
			data = t.bytes()
		}
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	hopsData, err := os.ReadFile(hopsFile)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "hops.tsv"), hopsData, 0o644); err != nil {
		return err
	}
	for _, name := range scrapes {
		data, err := os.ReadFile(filepath.Join(facts, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue // the project's copy in scrapesOut stays
		}
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(data, []byte("# HELP ")) {
			return fmt.Errorf("%s: not a Prometheus text exposition scrape", name)
		}
		if err := os.WriteFile(filepath.Join(scrapesOut, name), data, 0o644); err != nil {
			return err
		}
	}
	releases := "# The etcd releases the rule data was measured on (etcdlint --version shows them).\n" + strings.Join(releaseTags, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(out, "releases.txt"), []byte(releases), 0o644); err != nil {
		return err
	}
	if err := writeKeyTypes(src, filepath.Join(out, "config-key-types.tsv")); err != nil {
		return err
	}
	if err := writeEmbedFields(src, filepath.Join(out, "embed-fields.tsv")); err != nil {
		return err
	}
	if etcdGit == "" {
		return nil
	}
	if err := writeBoolFlags(etcdGit, filepath.Join(out, "bool-flags.txt")); err != nil {
		return err
	}
	return writeV2Commands(etcdGit, filepath.Join(out, "etcdctl-v2-commands.txt"), filepath.Join(out, "etcdctl-v2-command-flags.tsv"))
}

var boolVar = regexp.MustCompile(`fs\.BoolVar\([^,]+,\s*"([^"]+)"`)

func writeBoolFlags(gitDir, path string) error {
	var names []string
	for _, tag := range releaseTags {
		prefix := "server/"
		if strings.HasPrefix(tag, "v3.4.") {
			prefix = ""
		}
		for _, file := range []string{prefix + "etcdmain/config.go", prefix + "embed/config.go"} {
			src, err := exec.Command("git", "--git-dir", gitDir, "show", tag+":"+file).Output()
			if err != nil {
				return fmt.Errorf("git show %s:%s: %v", tag, file, err)
			}
			for _, m := range boolVar.FindAllSubmatch(src, -1) {
				names = append(names, string(m[1]))
			}
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var b strings.Builder
	b.WriteString("# Boolean etcd server flags (fs.BoolVar in etcdmain/config.go and embed/config.go\n")
	fmt.Fprintf(&b, "# at %s), generated by internal/factsync. Go's flag package never gives a\n", strings.Join(releaseTags, ", "))
	b.WriteString("# boolean flag a separate value. The legacy ignored flags (pkg/flags.IgnoredFlag)\n# are boolean too; they come from etcd-flags.tsv.\n")
	for _, n := range names {
		b.WriteString(n + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// v2CommandDir holds etcdctl's v2 mode (ETCDCTL_API=2), one file per
// command; it is gone in 3.6.
const v2CommandDir = "etcdctl/ctlv2/command"

// v2Command is the name of a top-level command: a cli.Command literal.
// Subcommands are untyped literals in a []cli.Command and do not match.
var v2Command = regexp.MustCompile(`\bcli\.Command\{\s*Name:\s*"([^"]+)"`)

// v2Flag is a flag of a v2 command: cli.BoolFlag{Name: "recursive, r", ...}.
var v2Flag = regexp.MustCompile(`\bcli\.\w+Flag\{\s*Name:\s*"([^"]+)"`)

// v2Commands returns the top-level v2 command names of one tag, sorted, and
// the flags of each command without subcommands; nil when the tag has no
// v2 mode.
func v2Commands(gitDir, tag string) ([]string, map[string][]string, error) {
	ls, err := exec.Command("git", "--git-dir", gitDir, "ls-tree", "--name-only", tag+":"+v2CommandDir).Output()
	if err != nil {
		if _, e := exec.Command("git", "--git-dir", gitDir, "rev-parse", "--verify", "--quiet", tag+"^{commit}").Output(); e != nil {
			return nil, nil, fmt.Errorf("git: no tag %s in %s", tag, gitDir)
		}
		return nil, nil, nil // the tag exists without the directory
	}
	var names []string
	flags := map[string][]string{}
	for file := range strings.Lines(string(ls)) {
		file = strings.TrimSpace(file)
		if !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := exec.Command("git", "--git-dir", gitDir, "show", tag+":"+v2CommandDir+"/"+file).Output()
		if err != nil {
			return nil, nil, fmt.Errorf("git show %s:%s/%s: %v", tag, v2CommandDir, file, err)
		}
		cmds := v2Command.FindAllSubmatch(src, -1)
		for _, m := range cmds {
			names = append(names, string(m[1]))
		}
		if len(cmds) == 1 && !bytes.Contains(src, []byte("Subcommands:")) {
			cmd := string(cmds[0][1])
			for _, m := range v2Flag.FindAllSubmatch(src, -1) {
				for _, name := range strings.Split(string(m[1]), ",") {
					flags[cmd] = append(flags[cmd], strings.TrimSpace(name))
				}
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names), flags, nil
}

func writeV2Commands(gitDir, path, flagsPath string) error {
	var with, without []string
	var names []string
	flags := map[string]bool{} // "watch\trecursive"
	for _, tag := range releaseTags {
		cmds, cmdFlags, err := v2Commands(gitDir, tag)
		if err != nil {
			return err
		}
		if cmds == nil {
			without = append(without, tag)
			continue
		}
		with = append(with, tag)
		names = append(names, cmds...)
		for cmd, fs := range cmdFlags {
			for _, f := range fs {
				flags[cmd+"\t"+f] = true
			}
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("no v2 etcdctl commands in %s at %s", v2CommandDir, strings.Join(releaseTags, ", "))
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var b strings.Builder
	b.WriteString("# Top-level commands of etcdctl's v2 mode (ETCDCTL_API=2), generated by\n")
	fmt.Fprintf(&b, "# internal/factsync: the Name of each cli.Command literal in\n# %s/*.go at %s.\n", v2CommandDir, strings.Join(with, " and "))
	if len(without) > 0 {
		fmt.Fprintf(&b, "# %s has no v2 mode.\n", strings.Join(without, " and "))
	}
	b.WriteString("# Those also in etcdctl-flags.tsv exist in v3 mode too and are v2 only under\n# ETCDCTL_API=2.\n")
	for _, n := range names {
		b.WriteString(n + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return err
	}
	rows := slices.Sorted(maps.Keys(flags))
	var t strings.Builder
	fmt.Fprintf(&t, "# Flags of the v2 etcdctl commands without subcommands (cli.*Flag literals in\n# %s/*.go at %s), generated by internal/factsync;\n# one-letter names are short forms.\ncommand\tflag\n", v2CommandDir, strings.Join(with, " and "))
	for _, r := range rows {
		t.WriteString(r + "\n")
	}
	return os.WriteFile(flagsPath, []byte(t.String()), 0o644)
}
