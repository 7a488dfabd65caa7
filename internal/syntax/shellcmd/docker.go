package shellcmd

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/syntax/cmdline"
	"github.com/etcdlint/etcdlint/internal/syntax/image"
	"github.com/etcdlint/etcdlint/lint/fact"
)

// containerRunners are the programs whose "run" starts a container.
var containerRunners = map[string]bool{"docker": true, "podman": true, "nerdctl": true}

// runValued are the options of "docker run" that take a separate value.
var runValued = map[string]bool{}

func init() {
	for _, o := range strings.Fields(`-a --attach --add-host --blkio-weight --cap-add --cap-drop --cgroup-parent
		--cgroupns --cidfile -c --cpu-shares --cpus --cpuset-cpus --cpuset-mems --device --dns --dns-option
		--dns-search --domainname -e --env --entrypoint --env-file --expose --gpus --group-add --health-cmd
		--health-interval --health-retries --health-timeout -h --hostname --ip --ip6 --ipc --isolation
		--kernel-memory -l --label --label-file --link --log-driver --log-opt --mac-address -m --memory
		--memory-reservation --memory-swap --mount --name --net --network --network-alias --oom-score-adj
		--pid --pids-limit --platform -p --publish --pull --restart --runtime --security-opt --shm-size
		--stop-signal --stop-timeout --storage-opt --sysctl --tmpfs --ulimit -u --user --userns --uts -v
		--volume --volume-driver --volumes-from -w --workdir --pod --secret --systemd --annotation`) {
		runValued[o] = true
	}
}

// containerRun reads "docker run|create [options] IMAGE [COMMAND] [ARGS]"
// (and podman, nerdctl): etcd started in a container, with -e/--env ETCD_*
// settings. It reports whether words were a container run.
func (s *script) containerRun(words []cmdline.Word, insertAt int) bool {
	if len(words) < 2 || !containerRunners[path.Base(words[0].Value)] {
		return false
	}
	i := globalOptions(words)
	if i < len(words) && words[i].Value == "container" {
		i++
	}
	if i >= len(words) || words[i].Value != "run" && words[i].Value != "create" {
		return false // "create" takes run's options and starts later
	}
	i++
	var env []*fact.Setting
	var entrypoint *cmdline.Word
	partial := false
	i = runOptions(words, i, func(opt string, optWord, valWord cmdline.Word, val string) {
		switch opt {
		case "-e", "--env":
			st := s.wordAssignment(valueWord(valWord, val))
			if st == nil {
				partial = partial || !strings.Contains(val, "=") // -e ETCD_X passes the host's value
				return
			}
			st.Span.Start = optWord.Span.Start // the item is "-e ETCD_X=v"
			env = append(env, st)
		case "--env-file":
			partial = true
		case "--entrypoint":
			ep := valueWord(valWord, val)
			entrypoint = &ep
		}
	})
	if i >= len(words) {
		return true
	}
	img := words[i]
	cmd := words[i+1:]
	if entrypoint != nil {
		cmd = append([]cmdline.Word{*entrypoint}, cmd...)
	}
	isEtcd := image.IsEtcd(repoOf(img.Value))
	var proc *fact.Process
	switch {
	case len(cmd) > 0 && cmdline.Program(cmd[0].Value) == cmdline.Etcd:
		s.invocation(cmd, env, insertAt)
		return true
	case isEtcd && (len(cmd) == 0 || strings.HasPrefix(cmd[0].Value, "-")):
		// the image's own command is etcd; the words after it are its flags
		proc = &fact.Process{Form: fact.CommandLine, Anchor: img.Span, Partial: len(cmd) == 0}
		for _, e := range env {
			e.Process = proc
			s.items[e] = envItem{}
		}
		proc.Settings = env
		cmdline.Parse(proc, cmd, s.schema)
		proc.Render = &renderer{items: s.items, cmd: &cmdline.Renderer{InsertAt: insertAt}}
		s.add(proc)
		proc.Partial = proc.Partial || partial
		return true
	default:
		return true
	}
}

// valueWord is the part of w that holds an option's value val (all of w,
// or what follows "--env=").
func valueWord(w cmdline.Word, val string) cmdline.Word {
	cut := len(w.Value) - len(val)
	if cut == 0 {
		return w
	}
	out := w
	out.Value = val
	if w.Offsets != nil {
		out.Offsets = w.Offsets[cut:]
	} else {
		out.Offsets = nil
		out.Span.Start = w.Span.Start + cut
		return out
	}
	out.Span.Start = out.Offsets[0]
	return out
}

// repoOf strips the tag or digest of an image reference.
func repoOf(ref string) string {
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		ref = ref[:i]
	}
	return ref
}

// containerCommand is the command of "docker run [options] IMAGE COMMAND…"
// or "docker exec [options] CONTAINER COMMAND…" (podman, nerdctl), with
// the ETCDCTL_* variables its -e options set.
func containerCommand(words []cmdline.Word) ([]cmdline.Word, []fact.EnvVar, bool) {
	if len(words) < 3 || !containerRunners[path.Base(words[0].Value)] {
		return nil, nil, false
	}
	i := globalOptions(words)
	if i < len(words) && words[i].Value == "container" {
		i++
	}
	if i >= len(words) || words[i].Value != "run" && words[i].Value != "exec" {
		return nil, nil, false
	}
	var env []fact.EnvVar
	img := runOptions(words, i+1, func(opt string, _, valWord cmdline.Word, val string) {
		if name, value, ok := strings.Cut(val, "="); ok && (opt == "-e" || opt == "--env") && ctlEnvName.MatchString(name) {
			env = append(env, fact.EnvVar{Name: name, Value: value, Span: valWord.Span})
		}
	})
	if img+1 >= len(words) {
		return nil, nil, false
	}
	if repo, _, _ := strings.Cut(path.Base(words[img].Value), ":"); repo == "curl" && words[img+1].Value != "curl" {
		// a curl image (curlimages/curl, appropriate/curl) runs curl with
		// the words after it: the image stands for the program
		prog := words[img]
		prog.Value = "curl"
		return append([]cmdline.Word{prog}, words[img+1:]...), env, true
	}
	return words[img+1:], env, true
}

// globalOptions skips the options before the container command's verb
// ("docker -H unix:///var/run/bootstrap.sock run"): the index of the verb.
func globalOptions(words []cmdline.Word) int {
	i := 1
	for i < len(words) && strings.HasPrefix(words[i].Value, "-") {
		opt, _, inline := strings.Cut(words[i].Value, "=")
		i++
		switch opt {
		case "-H", "--host", "--context", "-c", "--config", "-l", "--log-level", "--url", "--connection":
			if !inline {
				i++
			}
		}
	}
	return i
}

// runOptions reads the options of "docker run" or "exec" from words[i] on
// and calls each with the option, its word, the word holding its value and
// the value ("-e X=1", "--env=X=1", "-eX=1"). It returns the index of the
// first word after the options: the image or container.
func runOptions(words []cmdline.Word, i int, each func(opt string, optWord, valWord cmdline.Word, val string)) int {
	for i < len(words) {
		w := words[i]
		v := w.Value
		if v == "--" {
			return i + 1
		}
		if len(v) < 2 || v[0] != '-' {
			return i
		}
		opt, val, inline := strings.Cut(v, "=")
		valWord := w
		if !inline && runValued[opt] && i+1 < len(words) {
			i++
			valWord, val = words[i], words[i].Value
		} else if !inline && len(opt) > 2 && opt[1] != '-' && runValued[opt[:2]] {
			// -eETCD_X=1
			opt, val = opt[:2], v[2:]
		}
		i++
		each(opt, w, valWord, val)
	}
	return i
}

// RunsContainers reports whether program (a path or a name) is one whose
// "run" starts a container: its command line is read by ParseCommand.
func RunsContainers(program string) bool { return containerRunners[path.Base(program)] }

// ContainerRunners are the names of those programs, sorted.
func ContainerRunners() []string { return slices.Sorted(maps.Keys(containerRunners)) }
