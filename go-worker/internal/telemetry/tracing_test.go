package telemetry_test

import (
	"context"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/telemetry"
)

func env(m map[string]string) telemetry.Lookup {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestOffWithoutEndpoint(t *testing.T) {
	for _, m := range []map[string]string{
		{},
		{"OTEL_SERVICE_NAME": "x"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_SDK_DISABLED": "true"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_TRACES_EXPORTER": "none"},
	} {
		tr, err := telemetry.Setup(context.Background(), env(m), "svc")
		if err != nil || tr.Interceptors != nil {
			t.Errorf("%v: want tracing off, got %d interceptors, %v", m, len(tr.Interceptors), err)
		}
	}
}

func TestProtocol(t *testing.T) {
	cases := map[string]map[string]string{
		"http/protobuf":  {},
		"grpc":           {"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
		"http/protobuf ": {"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"},
	}
	for want, m := range cases {
		got, err := telemetry.Protocol(env(m))
		if err != nil || got != strings.TrimSpace(want) {
			t.Errorf("%v: got %q, %v; want %q", m, got, err, want)
		}
	}
	_, err := telemetry.Protocol(env(map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}))
	if err == nil || !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_PROTOCOL") {
		t.Errorf("http/json: want an error naming the variable, got %v", err)
	}
}

func TestOnWithEndpoint(t *testing.T) {
	tr, err := telemetry.Setup(context.Background(), env(map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
	}), "svc")
	if err != nil || len(tr.Interceptors) != 2 {
		t.Fatalf("want two interceptors, got %d, %v", len(tr.Interceptors), err)
	}
	_ = tr.Shutdown(context.Background())
}
