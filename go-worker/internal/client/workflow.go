package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"
	"go.temporal.io/sdk/interceptor"
	tlog "go.temporal.io/sdk/log"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

const (
	// DialTimeout bounds connecting: a server that is down fails the command in seconds.
	DialTimeout = 10 * time.Second
	// QueryTimeout bounds one progress query, which waits long when no worker answers.
	QueryTimeout = 5 * time.Second
	// CancelWait is how long cancel waits for the run to close.
	CancelWait = 60 * time.Second
	pollEvery  = 500 * time.Millisecond
)

// Connect dials Temporal as its environment configuration says (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS, temporal.toml profiles), within DialTimeout.
// Interceptors (tracing) go on the client, so every call it makes carries them.
func Connect(ctx context.Context, interceptors ...interceptor.ClientInterceptor) (client.Client, error) {
	opts, err := envconfig.LoadDefaultClientOptions()
	if err != nil {
		return nil, fmt.Errorf("cannot read the Temporal configuration: %w", err)
	}
	if opts.HostPort == "" {
		opts.HostPort = client.DefaultHostPort
	}
	// The SDK logs to stderr by default; the client's stderr is its own output.
	opts.Logger = tlog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	opts.Interceptors = append(opts.Interceptors, interceptors...)
	ctx, cancel := context.WithTimeout(ctx, DialTimeout)
	defer cancel()
	c, err := client.DialContext(ctx, opts) // checks the server answers (GetSystemInfo)
	if err != nil {
		return nil, fmt.Errorf("cannot reach Temporal at %s: %w", opts.HostPort, err)
	}
	return c, nil
}

// Start checks req against its schema, then starts the workflow by name on the Python
// queue. The same id while a run is open attaches to it; after it closed, it runs again.
func Start[R any](ctx context.Context, c client.Client, workflow, id string, req *R) (client.WorkflowRun, error) {
	if err := Check(req); err != nil {
		return nil, err
	}
	return c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       id,
		TaskQueue:                gen.TaskQueuePython,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	}, workflow, req)
}

// wait returns the run's result once it matches its schema. With progress not nil it
// queries the run's progress meanwhile and writes a line whenever the line changes.
func wait[R, P any](ctx context.Context, c client.Client, run client.WorkflowRun, progress io.Writer, line func(*P) string) (*R, error) {
	var raw json.RawMessage
	done := make(chan error, 1)
	go func() { done <- run.Get(ctx, &raw) }()
	live, last := isTerminal(progress), ""
	for {
		select {
		case err := <-done:
			if live && last != "" {
				fmt.Fprintln(progress)
			}
			if err != nil {
				return nil, err
			}
			return decode[R](raw)
		case <-time.After(pollEvery):
		}
		if progress == nil {
			continue
		}
		// No worker may answer for a moment: no reason to stop waiting.
		if p, err := queryProgress[P](ctx, c, run.GetID()); err == nil && line(p) != last {
			last = line(p)
			if live {
				fmt.Fprintf(progress, "\r%s\x1b[K", last)
			} else {
				fmt.Fprintln(progress, last)
			}
		}
	}
}

func pipelineLine(p *gen.Progress) string {
	line := fmt.Sprintf("%-11s %5.1f%%  frames %d, analysed %d", p.Stage, p.Percent, p.FramesExtracted, p.FramesAnalyzed)
	if p.BatchesTotal > 0 {
		line += fmt.Sprintf(", batches %d/%d", p.BatchesDone, p.BatchesTotal)
	}
	return line
}

func batchLine(p *gen.BatchProgress) string {
	return fmt.Sprintf("done %d/%d  ok %d  failed %d  running %d  runs %d", p.Done, p.Total, p.Succeeded, p.Failed, p.Running, p.Runs)
}

func queryProgress[P any](ctx context.Context, c client.Client, id string) (*P, error) {
	ctx, cancel := context.WithTimeout(ctx, QueryTimeout)
	defer cancel()
	value, err := c.QueryWorkflow(ctx, id, "", gen.QueryProgress)
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := value.Get(&raw); err != nil {
		return nil, err
	}
	return decode[P](raw)
}

// Status describes the latest run of id and, while it runs, asks for its progress.
func Status(ctx context.Context, c client.Client, id string) (*gen.RunStatus, error) {
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		return nil, err
	}
	info := desc.GetWorkflowExecutionInfo()
	name := strings.TrimPrefix(enumspb.WorkflowExecutionStatus_name[int32(info.GetStatus())], "WORKFLOW_EXECUTION_STATUS_")
	if name == "" || name == "UNSPECIFIED" {
		name = "UNKNOWN"
	}
	status := &gen.RunStatus{WorkflowID: gen.WorkflowID(id), RunID: info.GetExecution().GetRunId(), Status: gen.RunStatusStatus(name)}
	if info.GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		if status.Progress, err = queryProgress[gen.Progress](ctx, c, id); err != nil {
			status.ProgressError = ptr(oneLine(err.Error()))
		}
	}
	return status, nil
}

// Cancel requests cancellation of the latest run of id, waits up to CancelWait for it to
// close, and returns its status.
func Cancel(ctx context.Context, c client.Client, id string) (*gen.RunStatus, error) {
	if err := c.CancelWorkflow(ctx, id, ""); err != nil {
		return nil, err
	}
	waitCtx, stop := context.WithTimeout(ctx, CancelWait)
	defer stop()
	_ = c.GetWorkflow(waitCtx, id, "").Get(waitCtx, nil) // how it closed is in the status
	return Status(ctx, c, id)
}

// decode checks raw against the schema named like T (gen.Progress: $defs/Progress) and
// decodes it: a mismatch is a ContractViolation, the other side broke the contract.
func decode[T any](raw []byte) (*T, error) {
	name := reflect.TypeFor[T]().Name()
	err := contracts.Validate(name, raw)
	if err == nil {
		raw, err = contracts.Integral(raw)
	}
	v := new(T)
	if err == nil {
		err = json.Unmarshal(raw, v)
	}
	if _, ok := err.(*contracts.Invalid); err != nil && !ok {
		err = fmt.Errorf("invalid %s: %w", name, err)
	}
	if err != nil {
		return nil, &Error{gen.ErrContractViolation, err.Error()}
	}
	return v, nil
}

// Check validates v against the schema named like its type; a mismatch is InvalidInput
// naming the field path, e.g. "invalid PipelineRequest at $.max_frames: ...".
func Check[T any](v *T) error {
	raw, err := json.Marshal(v)
	if err == nil {
		err = contracts.Validate(reflect.TypeFor[T]().Name(), raw)
	}
	if err != nil {
		return &Error{gen.ErrInvalidInput, err.Error()}
	}
	return nil
}

// emit prints a workflow id as a line and any other value as indented JSON.
func emit(w io.Writer, v any) error {
	if id, ok := v.(string); ok {
		_, err := fmt.Fprintln(w, id)
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal is true for a character device: a terminal gets one live progress line.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
