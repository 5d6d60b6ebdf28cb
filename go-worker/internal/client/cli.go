// Package client is the Go command-line client of the media pipeline (docs/clients.md): it
// starts MediaProcessingWorkflow and MediaBatchWorkflow by name, waits for them, and
// inspects or cancels their runs.
package client

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"

	"polyglot-media/go-worker/internal/contracts/gen"
)

const usage = `usage: client <command> [flags]

commands:
  run SOURCE    start a pipeline run and wait for its result
  start SOURCE  start a pipeline run and print its workflow id
  status ID     print the status of a run
  result ID     wait for a run and print its result
  cancel ID     cancel a run and print its status
  batch FILE    start a batch over a manifest and wait for its result
  list          a page of the web catalog (WEB_URL), a line per video or --json
  show ID       one catalog record as JSON

SOURCE is an http(s):// URL, a media:// reference or a local file (uploaded first).
Run "client <command> -h" for the flags of a command.
`

// options are the flags of one command; req and batch are filled as far as flags go.
type options struct {
	req          gen.PipelineRequest
	batch        gen.BatchRequest
	id           string
	json, noWait bool
}

// Main runs one command (args without the program name) and returns its exit code: 0 done,
// 1 the run or the command failed, 2 bad usage or Temporal unreachable. Interceptors go on
// the Temporal client (cmd/client passes tracing when OTEL_* asks for it).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, interceptors ...interceptor.ClientInterceptor) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name, args := args[0], args[1:]
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if name == "list" || name == "show" {
		return catalogMain(ctx, name, args, stdout, stderr)
	}
	var o options
	fs, arg := flag.NewFlagSet(name, flag.ContinueOnError), "ID"
	fs.SetOutput(stderr)
	switch name {
	case "run", "start":
		arg = "SOURCE"
		RequestFlags(fs, &o.req)
		fs.StringVar(&o.id, "id", "", "workflow id (default: media- and a hash of the video URL)")
		if name == "run" {
			waitFlags(fs, &o)
		}
	case "batch":
		arg = "FILE"
		BatchFlags(fs, &o.batch)
		fs.StringVar(&o.id, "id", "", "batch id (default: batch- and a hash of the file)")
		waitFlags(fs, &o)
	case "result":
		fs.BoolVar(&o.json, "json", false, "show no progress on stderr")
	case "status", "cancel":
	default:
		fmt.Fprintf(stderr, "client: unknown command %q\n%s", name, usage)
		return 2
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: client %s %s [flags]\n", name, arg)
		fs.PrintDefaults()
	}
	positional, err := parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2 // fs has printed the problem and the usage
	}
	if len(positional) != 1 {
		fmt.Fprintf(stderr, "client %s: want one %s, got %d arguments\n", name, arg, len(positional))
		fs.Usage()
		return 2
	}
	c, err := Connect(ctx, interceptors...)
	if err != nil {
		fmt.Fprintln(stderr, "error:", oneLine(err.Error()))
		return 2
	}
	defer c.Close()
	out, err := execute(ctx, c, name, positional[0], &o, stderr)
	if err == nil {
		err = emit(stdout, out)
	}
	if err != nil {
		typ, msg := Describe(err)
		fmt.Fprintf(stderr, "error: %s: %s\n", typ, oneLine(msg))
		return 1
	}
	return 0
}

// execute runs the command and returns what it prints: a workflow id or a value for JSON.
func execute(ctx context.Context, c client.Client, name, arg string, o *options, stderr io.Writer) (any, error) {
	root := or(os.Getenv("MEDIA_ROOT"), gen.MediaRootDefault)
	var progress io.Writer // nil: wait without showing progress
	if !o.json {
		progress = stderr
	}
	switch name {
	case "run", "start":
		uri, err := Source(root, arg)
		if err != nil {
			return nil, err
		}
		o.req.VideoURL = uri
		run, err := Start(ctx, c, gen.WorkflowMediaProcessing, or(o.id, WorkflowID(uri)), &o.req)
		if err != nil || name == "start" || o.noWait {
			return runID(run), err
		}
		return wait[gen.PipelineResult](ctx, c, run, progress, pipelineLine)
	case "batch":
		uri, batchID, err := UploadManifest(root, arg)
		if err != nil {
			return nil, err
		}
		o.batch.Manifest = (*gen.MediaURI)(&uri)
		run, err := Start(ctx, c, gen.WorkflowMediaBatch, or(o.id, batchID), &o.batch)
		if err != nil || o.noWait {
			return runID(run), err
		}
		return wait[gen.BatchResult](ctx, c, run, progress, batchLine)
	case "result":
		return wait[gen.PipelineResult](ctx, c, c.GetWorkflow(ctx, arg, ""), progress, pipelineLine)
	case "status":
		return Status(ctx, c, arg)
	case "cancel":
		return Cancel(ctx, c, arg)
	}
	return nil, fmt.Errorf("no command %q", name)
}

// RequestFlags defines the request flags of run and start on fs; each sets one field of req,
// and a flag not given leaves its field out (the schema default).
func RequestFlags(fs *flag.FlagSet, req *gen.PipelineRequest) {
	fs.Func("strategy", "frame `strategy` (FrameStrategy in the schema)", func(s string) error {
		req.Strategy = (*gen.FrameStrategy)(&s)
		return nil
	})
	fs.Func("interval-seconds", "`seconds` between frames (interval strategy)", func(s string) error {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return errors.New("not a finite number")
		}
		req.IntervalSeconds = &x
		return nil
	})
	intFlag(fs, "max-frames", "upper bound on extracted frames", &req.MaxFrames)
	boolFlag(fs, "no-storyboard", "build no storyboard (storyboard: false)", &req.Storyboard, false)
	boolFlag(fs, "keep-frames", "keep the extracted frames (keep_frames: true)", &req.KeepFrames, true)
}

// BatchFlags defines the flags of batch that set fields of req.
func BatchFlags(fs *flag.FlagSet, req *gen.BatchRequest) {
	intFlag(fs, "max-in-flight", "child pipelines running at once", &req.MaxInFlight)
	intFlag(fs, "max-per-host", "downloads from one source host at once", &req.MaxPerHost)
	intFlag(fs, "continue-every", "children per run before continuing as new", &req.ContinueEvery)
}

func waitFlags(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.json, "json", false, "show no progress on stderr")
	fs.BoolVar(&o.noWait, "no-wait", false, "print the id and return without waiting")
}

// boolFlag is a flag without a value that sets *dst to value when given.
func boolFlag(fs *flag.FlagSet, name, usage string, dst **bool, value bool) {
	fs.BoolFunc(name, usage, func(s string) error {
		given, err := strconv.ParseBool(s)
		*dst = ptr(given == value)
		return err
	})
}

func intFlag(fs *flag.FlagSet, name, usage string, dst **int) {
	fs.Func(name, usage+" (`N`)", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil {
			return errors.New("not an integer")
		}
		*dst = &n
		return nil
	})
}

// parse parses the flags wherever they are among the arguments (flag.Parse stops at the
// first argument) and returns the arguments; all after "--" are arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
}

// runID is the workflow id of a started run, printed as a line.
func runID(run client.WorkflowRun) any {
	if run == nil {
		return nil
	}
	return run.GetID()
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

func ptr[T any](v T) *T { return &v }
