package rules

import (
	"strings"
	"sync"

	"github.com/etcdlint/etcdlint/lint/fact"
)

// ctlTable is etcdctl-flags.tsv (v3 commands and their flags per version)
// and the v2 command list.
type ctlTable struct {
	// commands maps "snapshot restore" to its status per version.
	commands map[string]map[string]string
	// flags maps "defrag --data-dir" and "(global) --endpoints" likewise.
	flags map[string]map[string]string
	v2    map[string]bool
	// v2Flags are the global flags only v2 mode has.
	v2Flags map[string]bool
	// v2CommandFlags maps "watch" to the flags its v2 form takes
	// ("recursive", "r", …).
	v2CommandFlags map[string]map[string]bool
}

var ctlOnce = sync.OnceValues(func() (*ctlTable, error) {
	t := &ctlTable{commands: map[string]map[string]string{}, flags: map[string]map[string]string{}, v2: map[string]bool{}, v2Flags: map[string]bool{},
		v2CommandFlags: map[string]map[string]bool{}}
	err := readTSV("data/etcdctl-flags.tsv", func(r map[string]string) error {
		st := map[string]string{}
		for _, v := range Versions {
			st[v] = r["v"+v]
		}
		if r["flag"] == "(command)" {
			t.commands[r["command"]] = st
		} else {
			t.flags[r["command"]+" "+r["flag"]] = st
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readTSV("data/etcdctl-v2-command-flags.tsv", func(r map[string]string) error {
		if t.v2CommandFlags[r["command"]] == nil {
			t.v2CommandFlags[r["command"]] = map[string]bool{}
		}
		t.v2CommandFlags[r["command"]][r["flag"]] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for file, into := range map[string]map[string]bool{"data/etcdctl-v2-commands.txt": t.v2, "data/etcdctl-v2-flags.txt": t.v2Flags} {
		data, err := dataFS.ReadFile(file)
		if err != nil {
			return nil, err
		}
		for line := range strings.Lines(string(data)) {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				into[line] = true
			}
		}
	}
	return t, nil
})

func etcdctlTable() *ctlTable {
	t, err := ctlOnce()
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	return t
}

// command is the etcdctl v3 command an invocation runs: the longest
// operand prefix the table knows ("snapshot restore", "defrag").
func (t *ctlTable) command(inv *fact.Invocation) (string, fact.Span, bool) {
	for n := 2; n >= 1; n-- {
		if cmd, span, ok := inv.Command(n); ok && t.commands[cmd] != nil {
			return cmd, span, true
		}
	}
	return "", fact.Span{}, false
}

// v3 reports whether etcdctl's v3 mode has a command or command group
// named cmd ("get", "member" for "member list").
func (t *ctlTable) v3(cmd string) bool {
	if t.commands[cmd] != nil {
		return true
	}
	for c := range t.commands {
		if strings.HasPrefix(c, cmd+" ") {
			return true
		}
	}
	return false
}

// globalFlag reports whether name is a global etcdctl flag.
func (t *ctlTable) globalFlag(name string) bool {
	return t.flags["(global) --"+name] != nil
}

// ctlAPI is the ETCDCTL_API an invocation runs with: "2", "3", or ""
// when unset (etcdctl 3.4 and later default to 3).
func ctlAPI(inv *fact.Invocation) string {
	if e, ok := inv.Getenv("ETCDCTL_API"); ok {
		return e.Value
	}
	return ""
}

func invocations(p *Pass, prog string) []*fact.Invocation {
	var out []*fact.Invocation
	for _, inv := range p.Facts.Invocations {
		if inv.Program == prog {
			out = append(out, inv)
		}
	}
	return out
}

// v2CommandFlag reports a flag that the v2 form of cmd takes and its v3 form
// does not (watch --recursive): v3 etcdctl fails on it. One-letter forms
// are left out: the v3 table does not list its short flags.
func (t *ctlTable) v2CommandFlag(cmd, flag string) bool {
	return len(flag) > 1 && t.v2CommandFlags[cmd][flag] && t.flags[cmd+" --"+flag] == nil && !t.globalFlag(flag)
}
