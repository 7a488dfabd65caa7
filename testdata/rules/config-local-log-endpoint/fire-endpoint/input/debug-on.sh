#!/bin/sh
curl -s -X PUT http://127.0.0.1:2379/config/local/log -d '{"Level":"DEBUG"}'
# the address from the etcd container, curl from an image
docker run --rm --net=host curlimages/curl:8.5.0 -s -XPUT -d '{"Level":"DEBUG"}' "$(docker exec etcd printenv ETCDCTL_ENDPOINTS)/config/local/log"
