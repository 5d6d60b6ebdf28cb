// Package telemetry turns on OpenTelemetry tracing for the Go worker and client, configured
// only by the standard OTEL_* variables. With no OTLP endpoint set it does nothing at all:
// no provider, no interceptor, no exporter goroutine.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
	temporalotel "go.temporal.io/sdk/contrib/opentelemetry"
	"go.temporal.io/sdk/interceptor"
)

// Lookup is os.LookupEnv or a test's map.
type Lookup func(key string) (string, bool)

// Tracing is what Setup turned on: interceptors for the Temporal client (a worker built on
// that client inherits them) and a Shutdown that flushes spans not yet exported.
type Tracing struct {
	Interceptors []interceptor.ClientInterceptor
	Shutdown     func(context.Context) error
	// Tracer makes the program's own spans (a no-op one when tracing is off).
	Tracer trace.Tracer
}

// Off is tracing turned off: nothing to intercept, nothing to flush.
var Off = Tracing{Shutdown: func(context.Context) error { return nil }, Tracer: noop.NewTracerProvider().Tracer("")}

// Enabled tells whether the OTEL_* variables ask for traces: an OTLP endpoint is set, the
// SDK is not disabled and the traces exporter is not "none".
func Enabled(env Lookup) bool {
	get := func(k string) string { v, _ := env(k); return strings.TrimSpace(v) }
	if strings.EqualFold(get("OTEL_SDK_DISABLED"), "true") || get("OTEL_TRACES_EXPORTER") == "none" {
		return false
	}
	return get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "" || get("OTEL_EXPORTER_OTLP_ENDPOINT") != ""
}

// Protocol is the OTLP protocol the variables choose: the traces-specific one first, then
// the general one, else the specification's default, http/protobuf.
func Protocol(env Lookup) (string, error) {
	for _, key := range []string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		if v, _ := env(key); strings.TrimSpace(v) != "" {
			switch p := strings.TrimSpace(v); p {
			case "grpc", "http/protobuf":
				return p, nil
			default:
				return "", fmt.Errorf("%s=%q: want grpc or http/protobuf", key, v)
			}
		}
	}
	return "http/protobuf", nil
}

// Setup installs a global tracer provider exporting over OTLP and returns the Temporal
// interceptors, or Off when tracing is not asked for. service is the default service.name;
// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override it. The exporters read the
// endpoint, headers and timeouts from the OTEL_* variables themselves, and the provider
// reads OTEL_TRACES_SAMPLER.
func Setup(ctx context.Context, env Lookup, service string) (Tracing, error) {
	if !Enabled(env) {
		return Off, nil
	}
	protocol, err := Protocol(env)
	if err != nil {
		return Off, err
	}
	var exporter sdktrace.SpanExporter
	if protocol == "grpc" {
		exporter, err = otlptracegrpc.New(ctx)
	} else {
		exporter, err = otlptracehttp.New(ctx)
	}
	if err != nil {
		return Off, fmt.Errorf("OTLP trace exporter: %w", err)
	}
	// Later options win: the default name, then whatever the environment says.
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName(service)),
		resource.WithTelemetrySDK(), resource.WithProcessPID(), resource.WithFromEnv())
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return Off, fmt.Errorf("OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	provider := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	tracing, err := temporalotel.NewTracingInterceptor(temporalotel.TracerOptions{
		Tracer: provider.Tracer("temporal-sdk-go"),
	})
	if err != nil {
		return Off, err
	}
	return Tracing{
		// Tracing outermost, so the error type below lands on the activity's own span.
		Interceptors: []interceptor.ClientInterceptor{tracing, &errorTypes{}},
		Shutdown:     provider.Shutdown,
		Tracer:       provider.Tracer(service),
	}, nil
}

// flushTimeout bounds the export of the last spans at exit: a backend that is down must
// not hold the process.
const flushTimeout = 5 * time.Second

// Flush exports what is left, within flushTimeout; a failure is only worth a line on stderr.
func Flush(t Tracing) {
	ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
	defer cancel()
	if err := t.Shutdown(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "tracing: flush:", err)
	}
}
