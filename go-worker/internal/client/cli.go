// Package client is the Go client of the media pipeline: it starts the Python
// MediaProcessingWorkflow (and MediaBatchWorkflow) by name and watches it, with the same commands, output and exit
// codes as the Python client (python client/cli.py) and the TypeScript one (ts-worker
// src/client), so tests can run one input through every client and compare.
package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"go.temporal.io/sdk/client"
)

// CLI is one invocation's surroundings, injected so tests need no globals.
type CLI struct {
	Stdout, Stderr io.Writer
	// Live: Stderr is a terminal, so progress is a bar redrawn in place.
	Live      bool
	MediaRoot string
}

// Main runs argv (without the program name) and returns the exit code: 0 done, 1 the run
// or the command failed, 2 bad usage or Temporal unreachable. Errors are one stderr line.
func (cli *CLI) Main(ctx context.Context, argv []string) int {
	err := cli.run(ctx, argv)
	if err == nil {
		return 0
	}
	line, code := Report(err)
	fmt.Fprintln(cli.Stderr, line)
	return code
}

func (cli *CLI) run(ctx context.Context, argv []string) error {
	args, err := Parse(argv)
	if err != nil {
		return err
	}
	if args.Command == "help" {
		_, err := io.WriteString(cli.Stdout, Usage)
		return err
	}
	target, err := LoadTarget()
	if err != nil {
		return err
	}
	// Connect first, then read the source (and upload it), as the Python client does: a bad
	// source with Temporal down gives the same exit code (2) in every client.
	c, err := Connect(ctx, target)
	if err != nil {
		return err
	}
	defer c.Close()
	switch args.Command {
	case "run", "start":
		return cli.runOrStart(ctx, c, args)
	case "batch":
		return cli.batch(ctx, c, args)
	case "status":
		return cli.report(Status(ctx, c, args.ID))
	case "cancel":
		return cli.report(Cancel(ctx, c, args.ID))
	case "result":
		raw, err := Watch(ctx, c, c.GetWorkflow(ctx, args.ID, ""), nil)
		if err != nil {
			return err
		}
		return Emit(cli.Stdout, raw)
	}
	return fmt.Errorf("unknown command %q", args.Command) // Parse accepts no other
}

func (cli *CLI) runOrStart(ctx context.Context, c client.Client, args Args) error {
	req, err := RequestFor(args.Source, args.Options, cli.MediaRoot)
	if err != nil {
		return err
	}
	// An empty --id means the default, as in the other clients.
	id := args.ID
	if id == "" {
		id = WorkflowID(req.VideoURL)
	}
	run, err := Start(ctx, c, req, id)
	if err != nil {
		return err
	}
	if !args.Wait {
		_, err := fmt.Fprintln(cli.Stdout, run.GetID())
		return err
	}
	var view *ProgressView
	if !args.JSON {
		fmt.Fprintf(cli.Stderr, "workflow %s started\n", run.GetID())
		view = NewProgressView(cli.Stderr, cli.Live)
	}
	raw, err := Watch(ctx, c, run, view)
	if err != nil {
		return err
	}
	return Emit(cli.Stdout, raw)
}

func (cli *CLI) report(status *StatusReport, err error) error {
	if err != nil {
		return err
	}
	raw, err := json.Marshal(status)
	if err != nil {
		return fmt.Errorf("encode status: %w", err)
	}
	return Emit(cli.Stdout, raw)
}
