package client_test

import (
	"errors"
	"fmt"
	"testing"

	failurepb "go.temporal.io/api/failure/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"polyglot-media/go-worker/internal/client"
)

// runFailed stands in for the SDK's WorkflowExecutionError (not constructible outside the
// SDK): Failed only unwraps it.
func runFailed(cause error) error {
	if cause == nil {
		return errors.New("workflow execution error (type: MediaProcessingWorkflow)")
	}
	return fmt.Errorf("workflow execution error (type: MediaProcessingWorkflow): %w", cause)
}

// fromFailure builds an SDK error as it arrives from the server.
func fromFailure(f *failurepb.Failure) error {
	return temporal.GetDefaultFailureConverter().FailureToError(f)
}

func appFailure(errType, message string) *failurepb.Failure {
	return &failurepb.Failure{Message: message, FailureInfo: &failurepb.Failure_ApplicationFailureInfo{
		ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: errType, NonRetryable: true}}}
}

func activityFailure(cause *failurepb.Failure) *failurepb.Failure {
	return &failurepb.Failure{Message: "activity error", Cause: cause, FailureInfo: &failurepb.Failure_ActivityFailureInfo{
		ActivityFailureInfo: &failurepb.ActivityFailureInfo{ActivityId: "1"}}}
}

func TestFailedNamesTheFirstTypedCause(t *testing.T) {
	unsupported := appFailure("UnsupportedMedia", "no video stream")
	top := appFailure("DownloadRejected", "private address")
	top.Cause = activityFailure(unsupported)
	terminated := &failurepb.Failure{Message: "closing for the test", FailureInfo: &failurepb.Failure_TerminatedFailureInfo{
		TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{}}}
	timeout := &failurepb.Failure{Message: "activity StartToClose timeout", FailureInfo: &failurepb.Failure_TimeoutFailureInfo{
		TimeoutFailureInfo: &failurepb.TimeoutFailureInfo{}}}
	cases := []struct {
		err       error
		typ, text string
		what      string
	}{
		{runFailed(fromFailure(unsupported)), "UnsupportedMedia", "no video stream", "typed application error"},
		{runFailed(fromFailure(activityFailure(unsupported))), "UnsupportedMedia", "no video stream", "under an activity error"},
		// The workflow puts the catalogue type on top; an inner one does not win over it.
		{runFailed(fromFailure(top)), "DownloadRejected", "private address", "outer type first"},
		{runFailed(temporal.NewCanceledError()), "Cancelled", "the run was cancelled", "cancelled run"},
		{runFailed(fromFailure(terminated)), "TerminatedError", "terminated", "terminated run: class name"},
		{runFailed(fromFailure(activityFailure(timeout))), "TimeoutError", "activity StartToClose timeout", "timeout: its own message"},
		{runFailed(fromFailure(appFailure("", "untyped"))), "ApplicationError", "untyped", "untyped: class name"},
		{runFailed(nil), "WorkflowFailed", "workflow execution error (type: MediaProcessingWorkflow)", "no cause"},
	}
	for _, c := range cases {
		got := client.Failed(c.err)
		if got.Type != c.typ || got.Message != c.text {
			t.Errorf("%s: got %s: %s, want %s: %s", c.what, got.Type, got.Message, c.typ, c.text)
		}
	}
}

func TestReportLinesAndExitCodes(t *testing.T) {
	cases := []struct {
		err  error
		line string
		code int
	}{
		{&client.Failure{Type: "MediaCorrupt", Message: "bad\n  frame"}, "error: MediaCorrupt: bad frame", 1},
		{&client.UsageError{Message: "unrecognized arguments: b"}, "error: unrecognized arguments: b (see --help)", 2},
		{&client.ConnectError{Message: "cannot reach Temporal at h:1 (namespace n): refused"},
			"error: cannot reach Temporal at h:1 (namespace n): refused", 2},
		{&client.InputError{Message: "x is neither a URL nor a readable file"}, "error: x is neither a URL nor a readable file", 1},
		{fmt.Errorf("describe x: %w", serviceerror.NewNotFound("workflow not found for ID: x")),
			"error: NOT_FOUND: workflow not found for ID: x", 1},
		{fmt.Errorf("query: %w", serviceerror.NewFailedPrecondition("no")), "error: FAILED_PRECONDITION: no", 1},
		{temporal.NewNonRetryableApplicationError("media://a escapes the media store", "IntegrityError", nil),
			"error: IntegrityError: media://a escapes the media store", 1},
		{errors.New("something\nelse"), "error: something else", 1},
	}
	for _, c := range cases {
		if line, code := client.Report(c.err); line != c.line || code != c.code {
			t.Errorf("%v: got %q exit %d, want %q exit %d", c.err, line, code, c.line, c.code)
		}
	}
}
