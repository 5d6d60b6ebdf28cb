package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.temporal.io/sdk/client"
	temporalotel "go.temporal.io/sdk/contrib/opentelemetry"
	"go.temporal.io/sdk/interceptor"
)

// MetricsPortSetting turns the worker's /metrics endpoint on, on loopback.
const MetricsPortSetting = "GO_WORKER_METRICS_PORT"

// The pipeline's counters, named as in the Python and TypeScript workers (the exporter adds
// the _total suffix, as theirs are configured to).
const (
	outcomesName = "media_activity_outcomes"
	framesName   = "media_frames_extracted"
	ffmpegName   = "media_ffmpeg_seconds"
)

// Metrics is what SetupMetrics turned on. The zero value is off: no handler (the SDK's no-op
// one), no interceptor, nothing counted.
type Metrics struct {
	// Handler is the SDK's metrics handler (client.Options.MetricsHandler).
	Handler      client.MetricsHandler
	Interceptors []interceptor.ClientInterceptor
	// FFmpegFinished counts each process's seconds (ffmpeg.Runner.Finished).
	FFmpegFinished func(program string, seconds float64, err error)
	Close          func(context.Context) error
}

// SetupMetrics serves the SDK's and the pipeline's metrics on 127.0.0.1:<port>/metrics when
// GO_WORKER_METRICS_PORT is set.
func SetupMetrics(env Lookup) (Metrics, error) {
	raw, _ := env(MetricsPortSetting)
	if raw == "" {
		return Metrics{Close: func(context.Context) error { return nil }}, nil
	}
	port, err := strconv.Atoi(raw)
	if err != nil || port < 1 || port > 65535 {
		return Metrics{}, fmt.Errorf("%s=%q: want a TCP port", MetricsPortSetting, raw)
	}
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry), otelprom.WithoutScopeInfo(), otelprom.WithoutTargetInfo())
	if err != nil {
		return Metrics{}, err
	}
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))
	meter := provider.Meter("polyglot-media/go-worker")
	c, err := newCounters(meter)
	if err != nil {
		return Metrics{}, err
	}
	listener, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", raw))
	if err != nil {
		return Metrics{}, fmt.Errorf("%s: %w", MetricsPortSetting, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = server.Serve(listener) }()
	return Metrics{
		Handler: temporalotel.NewMetricsHandler(temporalotel.MetricsHandlerOptions{
			Meter: meter, UseMonotonicCounters: true, OnError: func(error) {},
		}),
		Interceptors:   []interceptor.ClientInterceptor{&counting{c: c}},
		FFmpegFinished: c.ffmpeg,
		Close: func(ctx context.Context) error {
			return errors.Join(server.Shutdown(ctx), provider.Shutdown(ctx))
		},
	}, nil
}

type counters struct {
	outcomes, frames metric.Int64Counter
	seconds          metric.Float64Counter
}

func newCounters(m metric.Meter) (*counters, error) {
	outcomes, err1 := m.Int64Counter(outcomesName, metric.WithDescription("activity attempts by outcome"))
	frames, err2 := m.Int64Counter(framesName, metric.WithDescription("frames extract_frames wrote"))
	seconds, err3 := m.Float64Counter(ffmpegName, metric.WithDescription("wall-clock seconds of ffmpeg and ffprobe processes"))
	return &counters{outcomes, frames, seconds}, errors.Join(err1, err2, err3)
}

func (c *counters) ffmpeg(program string, seconds float64, _ error) {
	c.seconds.Add(context.Background(), seconds, metric.WithAttributes(attribute.String("program", program)))
}

// counting counts every activity's outcome and the frames in extract_frames' output.
type counting struct {
	interceptor.InterceptorBase
	c *counters
}

func (n *counting) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	i := &countingActivity{c: n.c}
	i.Next = next
	return i
}

type countingActivity struct {
	interceptor.ActivityInboundInterceptorBase
	c *counters
}

func (a *countingActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	out, err := a.Next.ExecuteActivity(ctx, in)
	name := activityType(ctx)
	outcome := "ok"
	if err != nil {
		outcome = ErrorType(err)
	} else if facts, ok := factsOf(out); ok && facts.Frames != nil {
		a.c.frames.Add(ctx, int64(len(facts.Frames)))
	}
	a.c.outcomes.Add(ctx, 1, metric.WithAttributes(attribute.String("activity", name), attribute.String("outcome", outcome)))
	return out, err
}
