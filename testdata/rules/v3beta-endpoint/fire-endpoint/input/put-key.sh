#!/bin/sh
curl -s -X POST http://127.0.0.1:2379/v3beta/kv/put -d '{"key":"Zm9v","value":"YmFy"}'
curl -s -X POST http://127.0.0.1:2379/v3alpha/kv/range -d '{"key":"Zm9v"}'
