package factsync

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// source reads etcd's server source at a release tag: from a git directory
// when one is given and has the tag, else from the module proxy
// (go.etcd.io/etcd/server/v3 exists from 3.5 on).
type source struct {
	gitDir  string
	modDirs map[string]string
}

// read returns file ("embed/config.go", relative to the server tree) at tag.
func (s *source) read(tag, file string) ([]byte, error) {
	if s.gitDir != "" {
		prefix := "server/"
		if strings.HasPrefix(tag, "v3.4.") {
			prefix = ""
		}
		if src, err := exec.Command("git", "--git-dir", s.gitDir, "show", tag+":"+prefix+file).Output(); err == nil {
			return src, nil
		}
	}
	if strings.HasPrefix(tag, "v3.4.") {
		return nil, fmt.Errorf("%s: etcd 3.4 has no server module; give -etcd-git", tag)
	}
	dir, err := s.moduleDir(tag)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(dir, file))
}

func (s *source) moduleDir(tag string) (string, error) {
	if d, ok := s.modDirs[tag]; ok {
		return d, nil
	}
	out, err := exec.Command("go", "mod", "download", "-json", "go.etcd.io/etcd/server/v3@"+tag).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download go.etcd.io/etcd/server/v3@%s: %v", tag, err)
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		return "", fmt.Errorf("go mod download go.etcd.io/etcd/server/v3@%s: %v %s", tag, err, m.Error)
	}
	if s.modDirs == nil {
		s.modDirs = map[string]string{}
	}
	s.modDirs[tag] = m.Dir
	return m.Dir, nil
}
