package awsstandin

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// DefaultAccountID is the AWS account the stand-in reports and builds ARNs in.
const DefaultAccountID = "123456789012"

// DefaultRegion is the region used when the provider configuration sets none.
const DefaultRegion = "ap-northeast-1"

// ProviderVersion is the pulumi-aws version the stand-in reports to the engine.
const ProviderVersion = "6.83.4"

// Options configures a Server. The zero value is ready to use.
type Options struct {
	// AccountID is the account of every ARN and of getCallerIdentity;
	// DefaultAccountID when empty.
	AccountID string
	// Region is used when the provider configuration sets no region;
	// DefaultRegion when empty.
	Region string
}

// Server is a running stand-in provider listening on 127.0.0.1.
type Server struct {
	grpc     *grpc.Server
	listener net.Listener
	done     chan error
}

// Start listens on a free port of 127.0.0.1 and serves the stand-in provider
// until Stop is called.
func Start(opts Options) (*Server, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("awsstandin: listen on 127.0.0.1: %w", err)
	}
	s := &Server{
		grpc:     grpc.NewServer(),
		listener: lis,
		done:     make(chan error, 1),
	}
	pulumirpc.RegisterResourceProviderServer(s.grpc, newProvider(opts))
	go func() { s.done <- s.grpc.Serve(lis) }()
	return s, nil
}

// Port is the TCP port the server listens on.
func (s *Server) Port() int {
	return s.listener.Addr().(*net.TCPAddr).Port
}

// Addr is the server's address, host:port.
func (s *Server) Addr() string {
	return s.listener.Addr().String()
}

// DebugProvidersEnv is the value of PULUMI_DEBUG_PROVIDERS that makes the
// engine attach to this server for the aws package.
func (s *Server) DebugProvidersEnv() string {
	return "aws:" + strconv.Itoa(s.Port())
}

// Stop stops the server, letting calls in flight finish for up to two
// seconds. It is safe to call more than once.
func (s *Server) Stop() error {
	stopped := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(2 * time.Second):
		s.grpc.Stop()
	}
	select {
	case err := <-s.done:
		if err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			return fmt.Errorf("awsstandin: serve: %w", err)
		}
	default:
	}
	return nil
}
