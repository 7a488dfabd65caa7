#!/bin/sh
curl -s -X PUT http://127.0.0.1:2379/config/local/log -d '{"Level":"DEBUG"}'
