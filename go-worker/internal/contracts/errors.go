package contracts

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/sdk/temporal"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// Error returns an application error whose type comes from the catalogue (schemas/errors.json)
// and whose retry flag is the catalogue's, never a guess at the call site.
func Error(errType string, format string, args ...any) error {
	return newAppError(errType, fmt.Sprintf(format, args...), nil)
}

// Wrap is Error with a cause kept for errors.Is/As; the message already names what failed.
func Wrap(errType string, cause error, format string, args ...any) error {
	return newAppError(errType, fmt.Sprintf(format, args...)+": "+oneLine(cause.Error()), cause)
}

func newAppError(errType, msg string, cause error) error {
	return temporal.NewApplicationErrorWithOptions(oneLine(msg), errType, temporal.ApplicationErrorOptions{
		NonRetryable: !gen.Retryable[errType],
		Cause:        cause,
	})
}

// TypeOf returns the catalogue type carried anywhere in err's chain, or "" for none.
func TypeOf(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Type()
	}
	return ""
}

// ForTemporal turns whatever an implementation returned into what the SDK reports. The SDK
// only recognises an *ApplicationError at the top of the chain, so a typed error wrapped with
// context is re-issued with the full message and the same type; an untyped error is a
// ProcessingFailed (retryable); cancellation is passed through for the SDK to report.
func ForTemporal(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return err
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		if app == err {
			return err
		}
		// err.Error() renders app with its "(type: ..., retryable: ...)" suffix; keep only the
		// context added around it plus app's own message.
		msg := strings.Replace(err.Error(), app.Error(), app.Message(), 1)
		return temporal.NewApplicationErrorWithOptions(oneLine(msg), app.Type(), temporal.ApplicationErrorOptions{
			NonRetryable: app.NonRetryable(),
			Cause:        errors.Unwrap(app),
		})
	}
	return newAppError(gen.ErrProcessingFailed, err.Error(), err)
}

// oneLine keeps messages on one line: ffmpeg's stderr and wrapped causes contain newlines.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " | ")), " ")
}
