import subprocess

def start(data_dir):
    return subprocess.Popen(["/usr/local/bin/etcd", "--data-dir", data_dir,
                             "--log-outputs", "stderr"],
                            env={"ETCD_LOG_LEVEL": "debug"})
