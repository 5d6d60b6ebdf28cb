package telemetry

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"
)

// ErrorTypeKey is the span attribute naming a failure's type from schemas/errors.json
// (OpenTelemetry's semantic convention error.type), the same in every language.
const ErrorTypeKey = attribute.Key("error.type")

// errorTypes stamps the activity span with the catalogue's error type of a failed attempt,
// so a trace search by error.type finds the span that failed, not just its workflow, and a
// successful one with the facts of its output (frames, codec, size).
type errorTypes struct {
	interceptor.InterceptorBase
}

func (*errorTypes) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	i := &activityErrorTypes{}
	i.Next = next
	return i
}

type activityErrorTypes struct {
	interceptor.ActivityInboundInterceptorBase
}

func (a *activityErrorTypes) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	out, err := a.Next.ExecuteActivity(ctx, in)
	span := trace.SpanFromContext(ctx)
	if err != nil {
		span.SetAttributes(ErrorTypeKey.String(ErrorType(err)))
	} else if facts, ok := factsOf(out); ok {
		span.SetAttributes(facts.attributes()...)
	}
	return out, err
}

// ErrorType is the application error's type, or the Go type family for anything untyped
// (a bug to fix: every failure should carry a catalogue type).
func ErrorType(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() != "" {
		return app.Type()
	}
	var canceled *temporal.CanceledError
	if errors.As(err, &canceled) || errors.Is(err, context.Canceled) {
		return "Cancelled"
	}
	return "Unclassified"
}

func activityType(ctx context.Context) string {
	return activity.GetInfo(ctx).ActivityType.Name
}
