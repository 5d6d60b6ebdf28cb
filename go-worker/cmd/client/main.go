// Command client starts and watches the media pipeline's workflows: run, start, status,
// result, cancel and batch, as docs/clients.md describes. The work is in internal/client.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"polyglot-media/go-worker/internal/client"
	"polyglot-media/go-worker/internal/telemetry"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	// Off unless the OTEL_* variables ask for traces; then the run's trace starts here.
	tracing, err := telemetry.Setup(ctx, os.LookupEnv, "media-client-go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "error: tracing:", err)
		os.Exit(2)
	}
	// One span for the whole command: the start, every progress query and the result wait
	// are its children, so a run is one trace.
	ctx, span := tracing.Tracer.Start(ctx, "client "+strings.Join(os.Args[1:min(2, len(os.Args))], ""))
	code := client.Main(ctx, os.Args[1:], os.Stdout, os.Stderr, tracing.Interceptors...)
	span.End()
	telemetry.Flush(tracing)
	stop()
	os.Exit(code)
}
