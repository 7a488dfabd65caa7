package main

import "os/exec"

const envFile = `ETCD_NAME=harness
ETCD_DATA_DIR=/tmp/harness
`

func start(dir string) *exec.Cmd {
	cmd := exec.Command("etcd", "--data-dir", dir, "--enable-v2",
		"--log-level=debug")
	cmd.Env = []string{"ETCD_LOG_OUTPUTS=stderr"}
	return cmd
}

// helpText is prose: "run etcd --debug when asked"
var helpText = "run etcd --debug when asked"
