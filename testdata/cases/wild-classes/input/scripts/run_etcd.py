import subprocess

def start(data_dir):
    return subprocess.Popen(["/usr/local/bin/etcd", "--data-dir", data_dir,
                             "--log-output", "stderr"],
                            env={"ETCD_DEBUG": "1"})
