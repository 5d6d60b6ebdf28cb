package activities

import (
	"context"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
)

// maxSide is the schema's largest width or height; a video beyond it is too large rather
// than an output the schema would refuse.
const maxSide = 16384

// ProbeVideo reads the facts of a video with ffprobe and refuses videos over the configured
// limits, before any other activity spends time decoding them.
func (a *Activities) ProbeVideo(ctx context.Context, in *gen.ProbeVideoInput) (*gen.ProbeVideoOutput, error) {
	uri := string(in.Video.URI)
	path, err := a.Store.Open(in.Video)
	if err != nil {
		return nil, err
	}
	res, err := a.FF.Probe(ctx, path)
	if err != nil {
		return nil, ffmpeg.Classify(err, "probe "+uri)
	}
	probe, err := videoFacts(res, uri)
	if err != nil {
		return nil, err
	}
	if err := a.checkLimits(probe, uri); err != nil {
		return nil, err
	}
	return &gen.ProbeVideoOutput{Probe: probe}, nil
}

func (a *Activities) checkLimits(p gen.VideoProbe, uri string) error {
	l := a.Limits
	switch {
	case p.DurationSeconds > l.MaxSeconds:
		return contracts.Error(gen.ErrMediaTooLarge, "%s lasts %.3f s, over the limit of %g s (MAX_VIDEO_SECONDS)", uri, p.DurationSeconds, l.MaxSeconds)
	case int64(p.Width)*int64(p.Height) > l.MaxPixels:
		return contracts.Error(gen.ErrMediaTooLarge, "%s is %dx%d, over the limit of %d pixels (MAX_VIDEO_PIXELS)", uri, p.Width, p.Height, l.MaxPixels)
	case p.Width > maxSide || p.Height > maxSide:
		return contracts.Error(gen.ErrMediaTooLarge, "%s is %dx%d, over the largest side of %d pixels", uri, p.Width, p.Height, maxSide)
	case int64(p.FrameCount) > l.MaxFrames:
		return contracts.Error(gen.ErrMediaTooLarge, "%s has %d frames, over the limit of %d (MAX_VIDEO_FRAMES)", uri, p.FrameCount, l.MaxFrames)
	}
	return nil
}
