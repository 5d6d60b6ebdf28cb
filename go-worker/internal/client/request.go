package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// RequestFor is the PipelineRequest of run and start: a source containing "://" is the
// video URL as given; a readable local file is uploaded into the media store first.
func RequestFor(source string, o Options, mediaRoot string) (*gen.PipelineRequest, error) {
	if !strings.Contains(source, "://") {
		if !readableFile(source) {
			return nil, &InputError{Message: source + " is neither a URL nor a readable file"}
		}
		uri, err := Upload(mediaRoot, source)
		if err != nil {
			return nil, err
		}
		source = uri
	}
	return BuildRequest(source, o)
}

// requestFields holds only the options given, in the schema's order.
type requestFields struct {
	VideoURL        string      `json:"video_url"`
	Strategy        string      `json:"strategy,omitempty"`
	IntervalSeconds *float64    `json:"interval_seconds,omitempty"`
	MaxFrames       json.Number `json:"max_frames,omitempty"`
	Storyboard      *bool       `json:"storyboard,omitempty"`
	KeepFrames      *bool       `json:"keep_frames,omitempty"`
}

// BuildRequest checks the request against the PipelineRequest schema before anything is
// started, so a bad option fails here as InvalidInput naming the field, not in the worker.
func BuildRequest(videoURL string, o Options) (*gen.PipelineRequest, error) {
	fields := requestFields{VideoURL: videoURL, Strategy: o.Strategy, IntervalSeconds: o.IntervalSeconds, MaxFrames: o.MaxFrames}
	if o.NoStoryboard {
		fields.Storyboard = new(bool)
	}
	if o.KeepFrames {
		fields.KeepFrames = &o.KeepFrames
	}
	// JSON has no NaN or infinity (Python's float() accepts both): refuse them by name.
	if f := o.IntervalSeconds; f != nil && (math.IsNaN(*f) || math.IsInf(*f, 0)) {
		inv := &contracts.Invalid{Schema: "PipelineRequest", Path: "$.interval_seconds", Reason: "must be a finite number"}
		return nil, &Failure{Type: gen.ErrInvalidInput, Message: inv.Error()}
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("encode PipelineRequest: %w", err)
	}
	if err := contracts.Validate("PipelineRequest", raw); err != nil {
		var inv *contracts.Invalid
		if errors.As(err, &inv) {
			return nil, &Failure{Type: gen.ErrInvalidInput, Message: inv.Error()}
		}
		return nil, err
	}
	var req gen.PipelineRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		// The schema accepted what the generated type refuses: generator drift.
		return nil, &Failure{Type: gen.ErrInvalidInput, Message: "invalid PipelineRequest at $: " + err.Error()}
	}
	return &req, nil
}
