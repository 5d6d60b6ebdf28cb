package activities

import (
	"bytes"
	"context"
	"fmt"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
	"polyglot-media/go-worker/internal/media"
)

// previewHeartbeatEvery: the registry's rule, heartbeat timeout / heartbeat_interval_divisor,
// so a cancellation reaches the activity while ffmpeg runs.
var previewHeartbeatEvery = gen.Policies[gen.ActivityGeneratePreview].HeartbeatInterval

// GeneratePreview cuts a short clip of the source video at each given time (scene starts),
// joins them, and stores the result as one looping animated WebP. Clips of the source, not
// the extracted stills: the preview moves, and the decoding stays bounded by
// len(times) x (clip + distance to the keyframe before each time).
func (a *Activities) GeneratePreview(ctx context.Context, in *gen.GeneratePreviewInput) (*gen.GeneratePreviewOutput, error) {
	path, err := a.Store.Open(in.Video)
	if err != nil {
		return nil, err
	}
	stop := tick(ctx, previewHeartbeatEvery, func() { heartbeat(ctx, nil) })
	img, seen, err := a.renderPreview(ctx, path, in)
	stop()
	if err != nil {
		err = ffmpeg.Classify(err, fmt.Sprintf("render preview of %s", in.Video.URI))
		// The encoder fails when it got no frame at all: that is the input's fault, not a
		// transient one. A container ffmpeg could not read keeps its own type.
		if seen > 0 || ctx.Err() != nil || contracts.TypeOf(err) != gen.ErrProcessingFailed {
			return nil, err
		}
	}
	if seen == 0 {
		return nil, contracts.Error(gen.ErrInvalidInput, "invalid GeneratePreviewInput at $.times_seconds: %s has no frame at any of the given times", in.Video.URI)
	}
	info, err := readAnimatedWebP(img)
	if err != nil {
		return nil, fmt.Errorf("ffmpeg wrote an unreadable preview: %w", err)
	}
	if info.durationMS == 0 { // a still: as long as the frames that went into it
		info.durationMS = max(1, seen*1000/in.FPS)
	}
	// One deterministic key under the run's prefix: a retry overwrites it, and Put makes the
	// object appear whole or not at all.
	ref, err := a.Store.Put(media.Join(string(in.OutputPrefix), "preview.webp"), "image/webp", bytes.NewReader(img))
	if err != nil {
		return nil, err
	}
	return &gen.GeneratePreviewOutput{
		Preview:         ref,
		Width:           info.width,
		Height:          info.height,
		FrameCount:      info.frames,
		DurationSeconds: float64(info.durationMS) / 1000,
	}, nil
}
