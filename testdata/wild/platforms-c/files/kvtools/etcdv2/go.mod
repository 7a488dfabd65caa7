module github.com/kvtools/etcdv2

go 1.25.0

require (
	github.com/kvtools/valkeyrie v1.0.0
	github.com/stretchr/testify v1.11.1
	go.etcd.io/etcd/client/v2 v2.305.29
)

require (
	github.com/coreos/go-semver v0.3.1 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/json-iterator/go v1.1.12 // indirect
	github.com/kr/text v0.2.0 // indirect
	github.com/modern-go/concurrent v0.0.0-20180306012644-bacd9c7ef1dd // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	go.etcd.io/etcd/api/v3 v3.5.29 // indirect
	go.etcd.io/etcd/client/pkg/v3 v3.5.29 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
