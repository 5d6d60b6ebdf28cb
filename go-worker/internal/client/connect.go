package client

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"
	tlog "go.temporal.io/sdk/log"
)

// ConnectTimeout bounds dialing and the first call: a server that is down must fail the
// command in seconds, not after the SDK's retries.
const ConnectTimeout = 10 * time.Second

// Target is where the client connects, from Temporal's environment configuration
// (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS, temporal.toml profiles).
type Target struct {
	Options   client.Options
	Address   string
	Namespace string
}

// LoadTarget reads the configuration; it does not connect.
func LoadTarget() (Target, error) {
	opts, err := envconfig.LoadDefaultClientOptions()
	if err != nil {
		return Target{}, &ConnectError{Message: "cannot read the Temporal configuration: " + err.Error()}
	}
	if opts.HostPort == "" {
		opts.HostPort = client.DefaultHostPort
	}
	if opts.Namespace == "" {
		opts.Namespace = client.DefaultNamespace
	}
	// The SDK logs to stderr by default; the client's stderr is its own output.
	opts.Logger = tlog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	return Target{Options: opts, Address: opts.HostPort, Namespace: opts.Namespace}, nil
}

func (t Target) String() string {
	return fmt.Sprintf("%s (namespace %s)", t.Address, t.Namespace)
}

// Connect dials and checks the server answers (DialContext calls GetSystemInfo), within
// ConnectTimeout. Any failure is a *ConnectError (exit 2).
func Connect(ctx context.Context, t Target) (client.Client, error) {
	ctx, cancel := context.WithTimeout(ctx, ConnectTimeout)
	defer cancel()
	c, err := client.DialContext(ctx, t.Options)
	if err != nil {
		return nil, &ConnectError{Message: fmt.Sprintf("cannot reach Temporal at %s: %v", t, err)}
	}
	return c, nil
}
