#!/bin/sh
# the /v3/ gateway path, and another API whose version is v3beta1
curl -s -X POST http://127.0.0.1:2379/v3/kv/put -d '{"key":"Zm9v","value":"YmFy"}'
curl -s -X POST https://translation.googleapis.com/v3beta1/projects/demo:translateText -d @request.json
