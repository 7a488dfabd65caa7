module github.com/etcdlint/etcdlint

go 1.26

require github.com/spf13/pflag v1.1.0

require github.com/google/go-cmp v0.7.0 // indirect
