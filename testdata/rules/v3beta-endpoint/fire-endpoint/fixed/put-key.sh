#!/bin/sh
curl -s -X POST http://127.0.0.1:2379/v3/kv/put -d '{"key":"Zm9v","value":"YmFy"}'
curl -s -X POST http://127.0.0.1:2379/v3/kv/range -d '{"key":"Zm9v"}'
