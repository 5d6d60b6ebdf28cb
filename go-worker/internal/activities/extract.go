package activities

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
)

// heartbeatEvery is how often extract_frames reports progress while ffmpeg runs, so the
// workflow's heartbeat timeout notices a dead worker and a cancellation reaches us: the
// registry's rule, heartbeat timeout / heartbeat_interval_divisor (schemas/registry.json).
var heartbeatEvery = gen.Policies[gen.ActivityExtractFrames].HeartbeatInterval

// ExtractProgress is the heartbeat detail of extract_frames.
type ExtractProgress struct {
	Frames int64 `json:"frames"`
}

// ExtractFrames writes the frames of one segment [start, end) as JPEGs under output_prefix.
// Keys derive from the frame time, so a retry rewrites the same objects; on failure or
// cancellation the frames this call wrote are removed.
func (a *Activities) ExtractFrames(ctx context.Context, in *gen.ExtractFramesInput) (*gen.ExtractFramesOutput, error) {
	if in.Segment.EndSeconds <= in.Segment.StartSeconds {
		return nil, contracts.Error(gen.ErrInvalidInput, "invalid ExtractFramesInput at $.segment: [%g, %g) is empty",
			in.Segment.StartSeconds, in.Segment.EndSeconds)
	}
	path, err := a.Store.Open(in.Video)
	if err != nil {
		return nil, err
	}
	running := a.extracting.Add(1)
	defer a.extracting.Add(-1)
	x := &extraction{store: a.Store, in: in, seen: map[string]bool{}, threads: decoderThreads(in, int(running))}
	stop := x.heartbeats(ctx)
	defer stop()

	// When the demuxer lands after the segment start (MPEG-TS has no index and seeks by
	// estimate), seek again further back, and in the end decode from the beginning.
	for _, back := range []float64{preroll, 5, 30, 120, math.Inf(1)} {
		seekStart := max(0, in.Segment.StartSeconds-back)
		err = a.extractOnce(ctx, x, path, seekStart)
		if !errors.Is(err, errSeekOvershoot) || seekStart == 0 {
			break
		}
	}
	if err != nil {
		x.removeWritten()
		return nil, ffmpeg.Classify(err, fmt.Sprintf("extract frames of %s", in.Video.URI))
	}
	out := &gen.ExtractFramesOutput{Frames: x.frames, Truncated: x.truncated}
	if x.series != nil {
		ref, key, err := writeSeries(a.Store, in, x.series)
		if err != nil {
			x.removeWritten()
			return nil, ffmpeg.Classify(err, fmt.Sprintf("write the shot series of %s", in.Video.URI))
		}
		x.keys = append(x.keys, key)
		out.ShotSeries = &ref
	}
	return out, nil
}

func (a *Activities) extractOnce(ctx context.Context, x *extraction, path string, seekStart float64) error {
	x.reset(seekStart)
	parser := ffmpeg.NewLogParser()
	// Buffered beyond -frames:v, because showinfo may log a few frames more than the
	// encoder takes before ffmpeg stops; a send never blocks the log reader.
	infos := make(chan ffmpeg.FrameInfo, x.in.MaxFrames+16)
	if wantsSeries(x.in) {
		x.series = &shotSeries{}
	}
	job := ffmpeg.Job{
		Args:   extractArgs(x.in, path, seekStart, x.threads),
		Stdout: func(r io.Reader) error { return x.consume(r, infos) },
		Stderr: func(line string) bool {
			if x.series != nil && x.series.line(line) {
				return true
			}
			frame, consumed := parser.Line(line)
			if frame != nil {
				select {
				case infos <- *frame:
				default:
				}
			}
			return consumed
		},
		StderrEnd: func() { close(infos) },
	}
	if x.series != nil {
		job.Outputs = []func(io.Reader) error{x.series.consume}
	}
	return a.FF.RunFFmpeg(ctx, job)
}

// heartbeats reports the number of frames written every heartbeatEvery until stopped.
func (x *extraction) heartbeats(ctx context.Context) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(heartbeatEvery)
		defer t.Stop()
		heartbeat(ctx, ExtractProgress{Frames: x.written.Load()})
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				heartbeat(ctx, ExtractProgress{Frames: x.written.Load()})
			}
		}
	}()
	return func() { close(done) }
}
