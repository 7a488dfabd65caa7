#!/bin/bash
# a helper runs the command it is given
debug_execute etcdutl snapshot status /backup/snap.db
