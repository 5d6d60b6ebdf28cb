// Command client starts the media pipeline (the Python MediaProcessingWorkflow) and watches
// it: run, start, status, result, cancel. Same commands, output and exit codes as the Python
// and TypeScript clients; the work is in internal/client.
package main

import (
	"context"
	"os"
	"strings"

	"polyglot-media/go-worker/internal/client"
)

func main() {
	root := strings.TrimSpace(os.Getenv("MEDIA_ROOT"))
	if root == "" {
		// Empty counts as unset, as for the Go worker (internal/config).
		root = client.DefaultMediaRoot
	}
	cli := &client.CLI{Stdout: os.Stdout, Stderr: os.Stderr, Live: isTerminal(os.Stderr), MediaRoot: root}
	os.Exit(cli.Main(context.Background(), os.Args[1:]))
}

// isTerminal is true for a character device (a terminal; also /dev/null, where the live
// bar is harmless), the test golang.org/x/term would make without a new dependency.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
