// Command client starts and watches the media pipeline's workflows: run, start, status,
// result, cancel and batch, as docs/clients.md describes. The work is in internal/client.
package main

import (
	"context"
	"os"
	"os/signal"

	"polyglot-media/go-worker/internal/client"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := client.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
