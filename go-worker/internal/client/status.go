package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
)

// StatusReport is what status and cancel print; progress only while the run is RUNNING.
type StatusReport struct {
	WorkflowID    string          `json:"workflow_id"`
	RunID         string          `json:"run_id"`
	Status        string          `json:"status"`
	Progress      json.RawMessage `json:"progress,omitempty"`
	ProgressError *string         `json:"progress_error,omitempty"`
}

// Status describes the latest run of id and, while it runs, asks for its progress.
func Status(ctx context.Context, c client.Client, id string) (*StatusReport, error) {
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		return nil, fmt.Errorf("describe %s: %w", id, err)
	}
	info := desc.GetWorkflowExecutionInfo()
	out := &StatusReport{WorkflowID: id, RunID: info.GetExecution().GetRunId(), Status: StatusName(info.GetStatus())}
	if info.GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		return out, nil
	}
	raw, _, err := QueryProgress(ctx, c, id)
	var broken *Failure
	switch {
	case errors.As(err, &broken):
		return nil, err
	case err != nil:
		msg := queryError(err)
		out.ProgressError = &msg
	default:
		out.Progress = raw
	}
	return out, nil
}

// StatusName is Temporal's own name for a status (RUNNING, CANCELED, ...), as the Python
// and TS clients print it.
func StatusName(s enumspb.WorkflowExecutionStatus) string {
	name, ok := enumspb.WorkflowExecutionStatus_name[int32(s)]
	if !ok || s == enumspb.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED {
		return "UNKNOWN"
	}
	return strings.TrimPrefix(name, "WORKFLOW_EXECUTION_STATUS_")
}

func queryError(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("Timeout expired (no answer within %s)", QueryTimeout)
	}
	if code, msg, ok := RPCStatus(err); ok {
		if code == "DEADLINE_EXCEEDED" {
			return fmt.Sprintf("Timeout expired (no answer within %s)", QueryTimeout)
		}
		return msg
	}
	return err.Error()
}

// Cancel requests cancellation of the latest run of id, waits (up to CancelWait) until it
// is closed, and reports its status.
func Cancel(ctx context.Context, c client.Client, id string) (*StatusReport, error) {
	if err := c.CancelWorkflow(ctx, id, ""); err != nil {
		return nil, fmt.Errorf("cancel %s: %w", id, err)
	}
	wait, stop := context.WithTimeout(ctx, CancelWait)
	defer stop()
	err := c.GetWorkflow(wait, id, "").Get(wait, nil)
	// Closed with a failure (cancelled, most likely) or still running after the wait: report it.
	var closed *temporal.WorkflowExecutionError
	if err != nil && !errors.As(err, &closed) && wait.Err() == nil {
		return nil, fmt.Errorf("wait for %s to close: %w", id, err)
	}
	return Status(ctx, c, id)
}
