#!/bin/bash
# a helper runs the command it is given
debug_execute etcdctl snapshot status /backup/snap.db
