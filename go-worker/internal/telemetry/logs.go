package telemetry

import (
	"io"
	"log/slog"
)

// sdkKeys maps the Go SDK's logger fields (and the tracing interceptor's) to the names every
// worker writes, so one query finds a task's lines whatever its language.
var sdkKeys = map[string]string{
	"WorkflowID":   "workflow_id",
	"RunID":        "run_id",
	"ActivityType": "activity",
	"Attempt":      "attempt",
	"TraceID":      "trace_id",
	"SpanID":       "span_id",
}

// NewLogger writes JSON lines (time, level, msg, and inside a task workflow_id, run_id,
// activity, attempt, trace_id), as the Python and TypeScript workers do.
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if name, ok := sdkKeys[a.Key]; ok && len(groups) == 0 {
				a.Key = name
			}
			if a.Value.Kind() == slog.KindAny {
				// TraceID and SpanID are arrays: their String form is the hex everyone prints.
				if s, ok := a.Value.Any().(interface{ String() string }); ok {
					a.Value = slog.StringValue(s.String())
				}
			}
			return a
		},
	}))
}
