package client

import (
	"errors"
	"strings"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"
)

// Error is a failure with its catalogue type (schemas/errors.json), printed
// `error: <Type>: <Message>`.
type Error struct {
	Type    string
	Message string
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

// Describe names a failure as the last stderr line does: the first typed cause in its chain
// (an *Error, a typed application error, a cancellation as Cancelled, an unknown workflow id
// as NotFound), or WorkflowFailed when none has a type.
func Describe(err error) (typ, message string) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		switch e := e.(type) {
		case *Error:
			return e.Type, e.Message
		case *temporal.ApplicationError:
			if e.Type() != "" {
				return e.Type(), e.Message()
			}
		case *temporal.CanceledError:
			return "Cancelled", "the run was cancelled"
		case *serviceerror.NotFound:
			return "NotFound", e.Error()
		}
	}
	return "WorkflowFailed", err.Error()
}

// oneLine keeps a message on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
