package contracts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

const video = `{"uri":"media://runs/r1/source.mp4","sha256":"` +
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" + `","size_bytes":0,"content_type":"video/mp4"}`

// validProbe is a ProbeVideoOutput the fake implementation returns unless told otherwise.
func validProbe() *gen.ProbeVideoOutput {
	return &gen.ProbeVideoOutput{Probe: gen.VideoProbe{
		FormatName: "mov,mp4", DurationSeconds: 1, Width: 2, Height: 2, FPS: 25,
		VideoCodec: "h264", PixelFormat: "yuv420p", FrameCount: 25,
	}}
}

// execute runs a probe_video handler built around impl in Temporal's activity test
// environment and returns the ApplicationError the SDK would report, if any.
func execute(t *testing.T, impl func(context.Context, *gen.ProbeVideoInput) (*gen.ProbeVideoOutput, error), input string) (json.RawMessage, error) {
	t.Helper()
	h, err := contracts.Activity(gen.ActivityProbeVideo, impl)
	if err != nil {
		t.Fatal(err)
	}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivityWithOptions(h, activity.RegisterOptions{Name: gen.ActivityProbeVideo})
	val, err := env.ExecuteActivity(gen.ActivityProbeVideo, json.RawMessage(input))
	if err != nil {
		return nil, err
	}
	var out json.RawMessage
	if err := val.Get(&out); err != nil {
		t.Fatal(err)
	}
	return out, nil
}

func appError(t *testing.T, err error) *temporal.ApplicationError {
	t.Helper()
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		t.Fatalf("want an ApplicationError, got %T: %v", err, err)
	}
	return app
}

func ok(context.Context, *gen.ProbeVideoInput) (*gen.ProbeVideoOutput, error) {
	return validProbe(), nil
}

func TestBoundaryUnknownField(t *testing.T) {
	_, err := execute(t, ok, `{"video":`+video+`,"unexpected_field":1}`)
	app := appError(t, err)
	if app.Type() != gen.ErrInvalidInput || !app.NonRetryable() {
		t.Fatalf("got type %s non-retryable %v", app.Type(), app.NonRetryable())
	}
	if want := "invalid ProbeVideoInput at $.unexpected_field: unknown field"; app.Message() != want {
		t.Errorf("message %q, want %q", app.Message(), want)
	}
}

func TestBoundaryMissingAndNested(t *testing.T) {
	cases := map[string]string{
		`{}`: "invalid ProbeVideoInput at $.video: required field missing",
		`{"video":` + strings.Replace(video, "media://runs", "media://../runs", 1) + `}`: "invalid ProbeVideoInput at $.video.uri: ",
		`"just a string"`: "invalid ProbeVideoInput at $: ",
	}
	for input, want := range cases {
		_, err := execute(t, ok, input)
		app := appError(t, err)
		if app.Type() != gen.ErrInvalidInput || !app.NonRetryable() || !strings.HasPrefix(app.Message(), want) {
			t.Errorf("%s: got %s %q, want InvalidInput %q...", input, app.Type(), app.Message(), want)
		}
	}
}

func TestBoundaryValidRoundTrip(t *testing.T) {
	out, err := execute(t, ok, `{"video":`+video+`}`)
	if err != nil {
		t.Fatal(err)
	}
	if err := contracts.Validate("ProbeVideoOutput", out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"bit_rate":null`) {
		t.Errorf("unknown bit rate must be null: %s", out)
	}
}

func TestBoundaryContractViolation(t *testing.T) {
	bad := func(context.Context, *gen.ProbeVideoInput) (*gen.ProbeVideoOutput, error) {
		p := validProbe()
		p.Probe.Rotation = 45
		return p, nil
	}
	_, err := execute(t, bad, `{"video":`+video+`}`)
	app := appError(t, err)
	if app.Type() != gen.ErrContractViolation || !app.NonRetryable() || !strings.Contains(app.Message(), "$.probe.rotation") {
		t.Errorf("got %s non-retryable=%v %q", app.Type(), app.NonRetryable(), app.Message())
	}
}

// A typed error wrapped with context keeps its type and retry flag; an untyped error is a
// retryable ProcessingFailed.
func TestBoundaryErrorTypes(t *testing.T) {
	typed := func(context.Context, *gen.ProbeVideoInput) (*gen.ProbeVideoOutput, error) {
		return nil, fmt.Errorf("probe step: %w", contracts.Error(gen.ErrMediaCorrupt, "moov atom not found"))
	}
	app := appError(t, second(execute(t, typed, `{"video":`+video+`}`)))
	if app.Type() != gen.ErrMediaCorrupt || !app.NonRetryable() || app.Message() != "probe step: moov atom not found" {
		t.Errorf("typed: got %s non-retryable=%v %q", app.Type(), app.NonRetryable(), app.Message())
	}
	untyped := func(context.Context, *gen.ProbeVideoInput) (*gen.ProbeVideoOutput, error) {
		return nil, errors.New("disk on fire")
	}
	app = appError(t, second(execute(t, untyped, `{"video":`+video+`}`)))
	if app.Type() != gen.ErrProcessingFailed || app.NonRetryable() {
		t.Errorf("untyped: got %s non-retryable=%v", app.Type(), app.NonRetryable())
	}
}

func TestActivityRefusesWrongTypes(t *testing.T) {
	wrong := func(context.Context, *gen.ExtractFramesInput) (*gen.ProbeVideoOutput, error) { return nil, nil }
	if _, err := contracts.Activity(gen.ActivityProbeVideo, wrong); err == nil {
		t.Error("a probe_video handler taking ExtractFramesInput was accepted")
	}
	if _, err := contracts.Activity("no_such_activity", ok); err == nil {
		t.Error("an activity missing from the registry was accepted")
	}
}

func second(_ json.RawMessage, err error) error { return err }
