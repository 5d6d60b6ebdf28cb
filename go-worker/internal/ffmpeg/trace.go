package ffmpeg

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// The global provider is a no-op until telemetry.Setup installs one, so an untraced worker
// pays one interface call per process.
var tracer = otel.Tracer("polyglot-media/go-worker/ffmpeg")

// run is one process as one span, a child of the activity that started it, named by the
// program, with its exit code and, when it failed, the kind of failure.
func (r *Runner) run(ctx context.Context, bin, program string, job Job) error {
	ctx, span := tracer.Start(ctx, program, trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(attribute.String("process.executable.name", program),
			attribute.Int("process.args_count", len(job.Args))))
	defer span.End()
	start := time.Now()
	err := r.process(ctx, bin, program, job)
	if r.Finished != nil {
		r.Finished(program, time.Since(start).Seconds(), err)
	}
	if code, ok := ExitCode(err); ok {
		span.SetAttributes(attribute.Int("process.exit.code", code))
	} else if err == nil {
		span.SetAttributes(attribute.Int("process.exit.code", 0))
	}
	if err != nil {
		span.SetAttributes(attribute.String("error.type", failureKind(ctx, err)))
		span.SetStatus(codes.Error, err.Error())
	}
	return err
}

// ExitCode is the exit status of a process that ended with one.
func ExitCode(err error) (int, bool) {
	var exit *ExitError
	if !errors.As(err, &exit) {
		return 0, false
	}
	var status interface{ ExitCode() int }
	if errors.As(exit.Err, &status) && status.ExitCode() >= 0 {
		return status.ExitCode(), true
	}
	return 0, false
}

func failureKind(ctx context.Context, err error) string {
	var exit *ExitError
	switch {
	case ctx.Err() != nil:
		return "Cancelled"
	case errors.As(err, &exit):
		return "ExitError"
	default:
		return "ConsumerError"
	}
}
