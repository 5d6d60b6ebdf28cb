package client

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"
)

// Failure is a typed failure, printed `error: <Type>: <Message>` (exit 1). Type is a
// catalogue error type (schemas/errors.json), Cancelled, or a failure class name.
type Failure struct {
	Type    string
	Message string
}

func (f *Failure) Error() string { return f.Type + ": " + f.Message }

// UsageError is a bad command line (exit 2).
type UsageError struct{ Message string }

func (e *UsageError) Error() string { return e.Message }

// ConnectError means Temporal cannot be reached or its configuration read (exit 2).
type ConnectError struct{ Message string }

func (e *ConnectError) Error() string { return e.Message }

// InputError is a command that cannot go ahead, e.g. a source that is neither a URL nor a
// file: `error: <message>` (exit 1).
type InputError struct{ Message string }

func (e *InputError) Error() string { return e.Message }

// Report returns the one line printed for err and the exit code that goes with it.
func Report(err error) (string, int) {
	var (
		use  *UsageError
		conn *ConnectError
		in   *InputError
		fail *Failure
		app  *temporal.ApplicationError
	)
	switch {
	case errors.As(err, &use):
		return line(use.Message + " (see --help)"), 2
	case errors.As(err, &conn):
		return line(conn.Message), 2
	case errors.As(err, &in):
		return line(in.Message), 1
	case errors.As(err, &fail):
		return line(fail.Error()), 1
	case errors.As(err, &app):
		// The media store's own typed errors (IntegrityError for an upload outside it).
		return line(app.Type() + ": " + app.Message()), 1
	}
	if code, msg, ok := RPCStatus(err); ok {
		return line(code + ": " + msg), 1
	}
	return line(err.Error()), 1
}

var newlines = regexp.MustCompile(`\s*\n\s*`)

// line keeps every report on one line, as the other clients do.
func line(text string) string {
	return "error: " + strings.TrimSpace(newlines.ReplaceAllString(text, " "))
}

// grpcCodes are the gRPC status names by number, as the Python and TS clients print them.
var grpcCodes = []string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
	"NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
	"ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}

// RPCStatus is the gRPC status name (e.g. NOT_FOUND) and message behind an SDK error; ok is
// false when err is not an RPC failure.
func RPCStatus(err error) (code, message string, ok bool) {
	var svc serviceerror.ServiceError
	if !errors.As(err, &svc) {
		return "", "", false
	}
	st := svc.Status()
	code = fmt.Sprintf("STATUS_%d", uint32(st.Code()))
	if c := int(st.Code()); c < len(grpcCodes) {
		code = grpcCodes[c]
	}
	return code, svc.Error(), true
}

// Failed names a run's failure after the first typed cause in its chain, the rule of the
// Python client: a cancellation is Cancelled, an application error its catalogue type, the
// innermost failure its class name.
func Failed(err error) *Failure {
	for cause := errors.Unwrap(err); cause != nil; cause = errors.Unwrap(cause) {
		if _, ok := cause.(*temporal.CanceledError); ok {
			return &Failure{Type: "Cancelled", Message: "the run was cancelled"}
		}
		if app, ok := cause.(*temporal.ApplicationError); ok && app.Type() != "" {
			return &Failure{Type: app.Type(), Message: app.Message()}
		}
		if errors.Unwrap(cause) == nil {
			return &Failure{Type: className(cause), Message: message(cause)}
		}
	}
	return &Failure{Type: "WorkflowFailed", Message: err.Error()}
}

// className is the Go type name of a failure (TerminatedError, TimeoutError, ...).
func className(err error) string {
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

// message is a failure's own message without the details the SDK appends to Error() (" (type:
// ..., retryable: ...)"), as Python's FailureError.message; not every failure type has one.
func message(err error) string {
	if m, ok := err.(interface{ Message() string }); ok {
		return m.Message()
	}
	return err.Error()
}
