//go:build unix

package sandbox

import (
	"os/exec"
	"syscall"
)

// ownGroup starts etcd in a process group of its own, so that Stop
// reaches anything it forks.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	// A negative pid signals the whole group.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	_ = cmd.Process.Kill()
}
