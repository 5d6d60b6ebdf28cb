package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// The batch command (python client/batch.py): start MediaBatchWorkflow on a list of videos
// and watch it.

// batchPollEvery is how often a waiting batch asks for its progress.
const batchPollEvery = time.Second

// BatchOptions are the BatchRequest fields batch can set; an empty value is not given.
// They stay JSON number literals so an out-of-range value reaches the schema.
type BatchOptions struct {
	MaxInFlight   json.Number
	ContinueEvery json.Number
}

// BatchID is the default batch id: batch- and the first 16 hex of the list's sha256, so the
// same list attaches to its running batch whichever client submits it.
func BatchID(data []byte) string {
	return "batch-" + sha16(data)
}

func sha16(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:16]
}

// batchFields holds only the fields given.
type batchFields struct {
	Requests      *[]json.RawMessage `json:"requests,omitempty"`
	Manifest      string             `json:"manifest,omitempty"`
	MaxInFlight   json.Number        `json:"max_in_flight,omitempty"`
	ContinueEvery json.Number        `json:"continue_every,omitempty"`
}

// BatchRequestFor is the BatchRequest for the bytes of a batch list: every entry is checked
// first; up to InlineLimit entries travel inline, a longer list is put into the media store
// (UploadManifest) and sent as its reference. The request is checked against the schema
// before anything starts (InvalidInput if not).
func BatchRequestFor(data []byte, o BatchOptions, mediaRoot string) (*gen.BatchRequest, error) {
	m, err := ReadManifest(data)
	if err != nil {
		return nil, err
	}
	fields := batchFields{MaxInFlight: o.MaxInFlight, ContinueEvery: o.ContinueEvery}
	if m.Total <= InlineLimit {
		requests := m.Requests
		if requests == nil {
			requests = []json.RawMessage{} // an empty list is still given, as []
		}
		fields.Requests = &requests
	} else {
		if fields.Manifest, err = UploadManifest(mediaRoot, data); err != nil {
			return nil, err
		}
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("encode BatchRequest: %w", err)
	}
	if err := contracts.Validate("BatchRequest", raw); err != nil {
		var inv *contracts.Invalid
		if errors.As(err, &inv) {
			return nil, &Failure{Type: gen.ErrInvalidInput, Message: inv.Error()}
		}
		return nil, err
	}
	raw, err = contracts.Integral(raw)
	if err != nil {
		return nil, err
	}
	var req gen.BatchRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		// The schema accepted what the generated type refuses: generator drift.
		return nil, &Failure{Type: gen.ErrInvalidInput, Message: "invalid BatchRequest at $: " + err.Error()}
	}
	return &req, nil
}

// UploadManifest puts the list, unchanged, into the media store at
// manifests/<first 16 hex of its sha256>.jsonl (content-addressed: the same list is written
// once) and returns its media:// URI.
func UploadManifest(mediaRoot string, data []byte) (string, error) {
	uri := "media://manifests/" + sha16(data) + ".jsonl"
	err := putOnce(mediaRoot, uri, "the manifest", "application/jsonl", func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	})
	if err != nil {
		return "", err
	}
	return uri, nil
}

// StartBatch starts MediaBatchWorkflow (Python, by its registry name) with the request.
func StartBatch(ctx context.Context, c client.Client, req *gen.BatchRequest, id string) (client.WorkflowRun, error) {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        id,
		TaskQueue: gen.TaskQueuePython,
		// Same id while running: attach instead of starting twice. After it ends: run again.
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	}, gen.WorkflowMediaBatch, req)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", id, err)
	}
	return run, nil
}

// QueryBatchProgress asks the latest run of id for its progress, bounded by QueryTimeout,
// and checks the answer against BatchProgress (a *Failure ContractViolation if not).
func QueryBatchProgress(ctx context.Context, c client.Client, id string) (*gen.BatchProgress, error) {
	raw, err := queryProgress(ctx, c, id, "BatchProgress")
	if err != nil {
		return nil, err
	}
	return decode[gen.BatchProgress]("BatchProgress", raw)
}

// ProgressLine is the line batch prints for a BatchProgress (python client/batch.py).
func ProgressLine(p *gen.BatchProgress) string {
	return fmt.Sprintf("done %d/%d  ok %d  failed %d  running %d  runs %d", p.Done, p.Total, p.Succeeded, p.Failed, p.Running, p.Runs)
}

// WatchBatch waits for the batch's result and returns it as received once it matches
// BatchResult. With progress not nil it asks for the progress every batchPollEvery
// meanwhile and writes a line whenever the line changes.
func WatchBatch(ctx context.Context, c client.Client, run client.WorkflowRun, progress io.Writer) (json.RawMessage, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := awaitResult(ctx, run)
	var got outcome
	if progress == nil {
		got = <-done
	} else {
		last := ""
	poll:
		for {
			p, err := QueryBatchProgress(ctx, c, run.GetID())
			var broken *Failure
			if errors.As(err, &broken) {
				return nil, err
			}
			// A query nobody answers (no worker for a moment) is no reason to stop.
			if err == nil {
				if line := ProgressLine(p); line != last {
					fmt.Fprintln(progress, line)
					last = line
				}
			}
			select {
			case got = <-done:
				break poll
			case <-time.After(batchPollEvery):
			}
		}
	}
	return checkResult[gen.BatchResult](got, run.GetID(), "BatchResult")
}

// batch runs the batch command: it reads the list (InputError if it is not a readable
// file), starts the batch and, unless told not to wait, watches it and prints its result.
func (cli *CLI) batch(ctx context.Context, c client.Client, args Args) error {
	data, ok := readFile(args.Source)
	if !ok {
		return &InputError{Message: pythonPath(args.Source) + " is not a readable file"}
	}
	req, err := BatchRequestFor(data, args.Batch, cli.MediaRoot)
	if err != nil {
		return err
	}
	// An empty --id means the default, as in the other clients.
	id := args.ID
	if id == "" {
		id = BatchID(data)
	}
	run, err := StartBatch(ctx, c, req, id)
	if err != nil {
		return err
	}
	if !args.Wait {
		_, err := fmt.Fprintln(cli.Stdout, run.GetID())
		return err
	}
	var progress io.Writer
	if !args.JSON {
		fmt.Fprintf(cli.Stderr, "batch %s started\n", run.GetID())
		progress = cli.Stderr
	}
	raw, err := WatchBatch(ctx, c, run, progress)
	if err != nil {
		return err
	}
	return Emit(cli.Stdout, raw)
}

// pythonPath is how Python prints pathlib.Path(p): empty and "." segments and repeated or
// trailing slashes dropped, "." for nothing; exactly two leading slashes are kept.
func pythonPath(p string) string {
	root := ""
	switch {
	case strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///"):
		root = "//"
	case strings.HasPrefix(p, "/"):
		root = "/"
	}
	var parts []string
	for _, part := range strings.Split(p, "/") {
		if part != "" && part != "." {
			parts = append(parts, part)
		}
	}
	if out := root + strings.Join(parts, "/"); out != "" {
		return out
	}
	return "."
}
