// Package activities implements the Go activities of schemas/registry.json: probe_video,
// extract_frames, generate_thumbnail, build_storyboard, generate_preview and extract_audio. They are methods on Activities,
// which holds their dependencies, so tests build it with a temporary media store and the
// real ffmpeg.
package activities

import (
	"context"
	"errors"
	"sync/atomic"

	"go.temporal.io/sdk/activity"

	"polyglot-media/go-worker/internal/config"
	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
	"polyglot-media/go-worker/internal/media"
)

// Activities holds what the Go activities need. Use it by pointer: it counts the
// extractions running in this worker.
type Activities struct {
	Limits config.Limits
	Store  media.Store
	FF     *ffmpeg.Runner

	extracting atomic.Int32
}

// Handlers returns every Go activity wrapped in the contract boundary, keyed by its registry
// name. The worker registers exactly this map and refuses to start if it differs from the
// registry's "go" entries.
func (a *Activities) Handlers() (map[string]contracts.Handler, error) {
	m := map[string]contracts.Handler{}
	err := errors.Join(
		bind(m, gen.ActivityProbeVideo, a.ProbeVideo),
		bind(m, gen.ActivityExtractFrames, a.ExtractFrames),
		bind(m, gen.ActivityGenerateThumbnail, a.GenerateThumbnail),
		bind(m, gen.ActivityBuildStoryboard, a.BuildStoryboard),
		bind(m, gen.ActivityGeneratePreview, a.GeneratePreview),
		bind(m, gen.ActivityExtractAudio, a.ExtractAudio),
	)
	return m, err
}

func bind[I, O any](m map[string]contracts.Handler, name string, run func(context.Context, *I) (*O, error)) error {
	h, err := contracts.Activity(name, run)
	if err != nil {
		return err
	}
	m[name] = h
	return nil
}

// heartbeat records progress when running as an activity (a plain context in a unit test has
// no heartbeat to send).
func heartbeat(ctx context.Context, details any) {
	if activity.IsActivity(ctx) {
		activity.RecordHeartbeat(ctx, details)
	}
}
