// Package billing dials the billing service; etcd is not involved here
// (the service discovers its peers through etcd elsewhere).
package billing

import "google.golang.org/grpc"

func Dial(addr string) (*grpc.ClientConn, error) {
	return grpc.Dial(addr, grpc.WithBlock())
}
