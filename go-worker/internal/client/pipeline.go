package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

const (
	// QueryTimeout bounds one progress query: with no worker to answer, the server would
	// hold it much longer, and a status must not hang.
	QueryTimeout = 5 * time.Second
	// CancelWait is how long cancel waits for the run to close before printing its status.
	CancelWait = 60 * time.Second
	pollEvery  = 500 * time.Millisecond
)

// Start starts MediaProcessingWorkflow (Python, by its registry name) with the request.
func Start(ctx context.Context, c client.Client, req *gen.PipelineRequest, id string) (client.WorkflowRun, error) {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        id,
		TaskQueue: gen.TaskQueuePython,
		// Same id while running: attach instead of processing twice. After it ends: run again.
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	}, gen.WorkflowMediaProcessing, req)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", id, err)
	}
	return run, nil
}

// QueryProgress asks the latest run of id for its progress, bounded by QueryTimeout, and
// checks the answer against the Progress schema (a *Failure ContractViolation if not).
func QueryProgress(ctx context.Context, c client.Client, id string) (json.RawMessage, *gen.Progress, error) {
	raw, err := queryProgress(ctx, c, id, "Progress")
	if err != nil {
		return nil, nil, err
	}
	p, err := decode[gen.Progress]("Progress", raw)
	return raw, p, err
}

// queryProgress is the raw answer to the progress query of the latest run of id, bounded by
// QueryTimeout; schema names the answer in the error when it is not JSON.
func queryProgress(ctx context.Context, c client.Client, id, schema string) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(ctx, QueryTimeout)
	defer cancel()
	value, err := c.QueryWorkflow(ctx, id, "", gen.QueryProgress)
	if err != nil {
		return nil, fmt.Errorf("query progress of %s: %w", id, err)
	}
	var raw json.RawMessage
	if err := value.Get(&raw); err != nil {
		return nil, &Failure{Type: gen.ErrContractViolation, Message: "invalid " + schema + " at $: " + err.Error()}
	}
	return raw, nil
}

// Watch waits for the run's result, showing progress meanwhile when view is not nil, and
// returns the result as received once it matches PipelineResult.
func Watch(ctx context.Context, c client.Client, run client.WorkflowRun, view *ProgressView) (json.RawMessage, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := awaitResult(ctx, run)
	var got outcome
	if view == nil {
		got = <-done
	} else {
		var err error
		if got, err = showUntil(ctx, c, run.GetID(), view, done); err != nil {
			return nil, err
		}
	}
	return checkResult[gen.PipelineResult](got, run.GetID(), "PipelineResult")
}

// awaitResult waits for the run's result in the background (following continue-as-new).
func awaitResult(ctx context.Context, run client.WorkflowRun) <-chan outcome {
	done := make(chan outcome, 1)
	go func() {
		var raw json.RawMessage
		err := run.Get(ctx, &raw)
		done <- outcome{raw, err}
	}()
	return done
}

// checkResult is the result as received once it matches $defs/<schema>; a failed run is
// a *Failure named after its cause.
func checkResult[T any](got outcome, id, schema string) (json.RawMessage, error) {
	if got.err != nil {
		var failed *temporal.WorkflowExecutionError
		if errors.As(got.err, &failed) {
			return nil, Failed(failed)
		}
		return nil, fmt.Errorf("result of %s: %w", id, got.err)
	}
	if _, err := decode[T](schema, got.raw); err != nil {
		return nil, err
	}
	return got.raw, nil
}

type outcome struct {
	raw json.RawMessage
	err error
}

// showUntil shows the progress every pollEvery until the result is in. A query nobody
// answers (no worker for a moment) is no reason to stop; a Progress that breaks the
// contract is a bug and fails loudly.
func showUntil(ctx context.Context, c client.Client, id string, view *ProgressView, done <-chan outcome) (outcome, error) {
	defer view.Close()
	for {
		_, p, err := QueryProgress(ctx, c, id)
		var broken *Failure
		if errors.As(err, &broken) {
			return outcome{}, err
		}
		if err == nil {
			view.Show(p)
		}
		select {
		case got := <-done:
			return got, nil
		case <-time.After(pollEvery):
		}
	}
}

// decode checks raw against $defs/<schema> and decodes it into the generated type; either
// failing is a ContractViolation: the other side broke the contract.
func decode[T any](schema string, raw []byte) (*T, error) {
	if err := contracts.Validate(schema, raw); err != nil {
		var inv *contracts.Invalid
		if errors.As(err, &inv) {
			return nil, &Failure{Type: gen.ErrContractViolation, Message: inv.Error()}
		}
		return nil, err
	}
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, &Failure{Type: gen.ErrContractViolation, Message: fmt.Sprintf("invalid %s at $: %v", schema, err)}
	}
	return v, nil
}
