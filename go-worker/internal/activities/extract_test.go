package activities_test

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"math"
	"reflect"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/contracts/gen"
)

const frameDuration = 1.0 / clipFPS

type extractOpts struct {
	strategy   gen.FrameStrategy
	interval   float64
	threshold  float64
	maxFrames  int
	start, end float64
	prefix     string
}

func extractInput(video gen.MediaRef, o extractOpts) gen.ExtractFramesInput {
	in := gen.ExtractFramesInput{
		Video: video, Strategy: o.strategy, IntervalSeconds: o.interval, SceneThreshold: o.threshold,
		MaxFrames: o.maxFrames, FrameWidth: 160, Segment: gen.TimeRange{StartSeconds: o.start, EndSeconds: o.end},
		OutputPrefix: gen.MediaURI(o.prefix),
	}
	if in.IntervalSeconds == 0 {
		in.IntervalSeconds = 1
	}
	if in.SceneThreshold == 0 {
		in.SceneThreshold = 0.3
	}
	if in.MaxFrames == 0 {
		in.MaxFrames = 300
	}
	if in.OutputPrefix == "" {
		in.OutputPrefix = "media://runs/r1/frames"
	}
	if o.end == 0 {
		in.Segment.EndSeconds = clipSeconds
	}
	return in
}

func extract(f *fixture, video gen.MediaRef, o extractOpts) gen.ExtractFramesOutput {
	f.t.Helper()
	var out gen.ExtractFramesOutput
	f.mustRun(gen.ActivityExtractFrames, extractInput(video, o), &out)
	checkFrames(f, out.Frames)
	return out
}

// checkFrames verifies what every extraction promises: indices from 0, time order, real
// JPEGs with the reported size, keys named after the time, references that match the bytes.
func checkFrames(f *fixture, frames []gen.FrameRef) {
	f.t.Helper()
	for i, fr := range frames {
		if fr.Index != i {
			f.t.Errorf("frame %d has index %d", i, fr.Index)
		}
		if i > 0 && fr.TimestampSeconds <= frames[i-1].TimestampSeconds {
			f.t.Errorf("frame %d at %g is not after %g", i, fr.TimestampSeconds, frames[i-1].TimestampSeconds)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(f.read(fr.Image)))
		if err != nil || cfg.Width != fr.Width || cfg.Height != fr.Height || fr.Width != 160 || fr.Height != 120 {
			f.t.Errorf("frame %d: reported %dx%d, image %dx%d (%v), want 160x120", i, fr.Width, fr.Height, cfg.Width, cfg.Height, err)
		}
		wantKey := fmt.Sprintf("/t%09d.jpg", int64(math.Round(fr.TimestampSeconds*1000)))
		if !strings.HasSuffix(string(fr.Image.URI), wantKey) || fr.Image.ContentType != "image/jpeg" {
			f.t.Errorf("frame %d at %g stored as %s (%s)", i, fr.TimestampSeconds, fr.Image.URI, fr.Image.ContentType)
		}
	}
}

func times(frames []gen.FrameRef) []float64 {
	out := make([]float64, len(frames))
	for i, fr := range frames {
		out[i] = fr.TimestampSeconds
	}
	return out
}

// Interval frames are the first real frame at or after each grid point k*interval, so each
// lies less than one frame duration after its grid time.
func TestExtractIntervalNearGrid(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	for _, interval := range []float64{1, 0.3} {
		out := extract(f, video, extractOpts{strategy: gen.FrameStrategyInterval, interval: interval, prefix: fmt.Sprintf("media://runs/r1/i%g", interval)})
		grid := int(math.Ceil(clipSeconds/interval - 1e-9))
		if len(out.Frames) != grid || out.Truncated {
			t.Fatalf("interval %g: %d frames (truncated %v), want %d: %v", interval, len(out.Frames), out.Truncated, grid, times(out.Frames))
		}
		for k, fr := range out.Frames {
			at := float64(k) * interval
			if d := fr.TimestampSeconds - at; d < -1e-6 || d >= frameDuration {
				t.Errorf("interval %g: frame %d at %g, grid time %g", interval, k, fr.TimestampSeconds, at)
			}
			if fr.SceneScore != nil {
				t.Errorf("interval frames have no scene score")
			}
			// Real frame times: a multiple of the frame duration, not the grid time.
			if n := fr.TimestampSeconds / frameDuration; math.Abs(n-math.Round(n)) > 1e-3 {
				t.Errorf("frame %d at %g is not a frame time of a %d fps clip", k, fr.TimestampSeconds, clipFPS)
			}
		}
	}
}

// Segments split anywhere give, together, exactly the frames of the whole video, each in
// one segment only.
func TestExtractSegmentsAreDisjoint(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	for _, strategy := range []gen.FrameStrategy{gen.FrameStrategyInterval, gen.FrameStrategyScene} {
		whole := extract(f, video, extractOpts{strategy: strategy, interval: 0.3, prefix: "media://runs/r1/whole"})
		var joined []float64
		bounds := []float64{0, 2.7, 4, 5.1, clipSeconds}
		for i := range len(bounds) - 1 {
			seg := extract(f, video, extractOpts{strategy: strategy, interval: 0.3, start: bounds[i], end: bounds[i+1],
				prefix: fmt.Sprintf("media://runs/r1/seg%d", i)})
			for _, fr := range seg.Frames {
				if fr.TimestampSeconds < bounds[i] || fr.TimestampSeconds >= bounds[i+1] {
					t.Errorf("%s: segment [%g, %g) returned a frame at %g", strategy, bounds[i], bounds[i+1], fr.TimestampSeconds)
				}
			}
			joined = append(joined, times(seg.Frames)...)
		}
		if !reflect.DeepEqual(joined, times(whole.Frames)) {
			t.Errorf("%s: segments %v, whole video %v", strategy, joined, times(whole.Frames))
		}
	}
}

func TestExtractKeyframes(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	out := extract(f, video, extractOpts{strategy: gen.FrameStrategyKeyframes})
	got := times(out.Frames)
	if len(got) != len(keyframeTimes) {
		t.Fatalf("keyframes at %v, want %v", got, keyframeTimes)
	}
	for i := range got {
		if math.Abs(got[i]-keyframeTimes[i]) > 1e-3 {
			t.Errorf("keyframes at %v, want %v", got, keyframeTimes)
		}
	}
	// A segment starting between keyframes gets only the keyframes inside it.
	seg := extract(f, video, extractOpts{strategy: gen.FrameStrategyKeyframes, start: 2, end: 5, prefix: "media://runs/r1/k"})
	if got := times(seg.Frames); len(got) != 2 || math.Abs(got[0]-3.2) > 1e-3 || math.Abs(got[1]-4.8) > 1e-3 {
		t.Errorf("keyframes of [2, 5): %v, want [3.2 4.8]", got)
	}
}

func TestExtractMaxFramesTruncates(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	out := extract(f, video, extractOpts{strategy: gen.FrameStrategyInterval, interval: 0.5, maxFrames: 3})
	if len(out.Frames) != 3 || !out.Truncated {
		t.Errorf("max_frames 3: %d frames, truncated %v", len(out.Frames), out.Truncated)
	}
	if names := f.files("media://runs/r1/frames"); len(names) != 3 {
		t.Errorf("store holds %v, want only the 3 frames returned", names)
	}
	exact := extract(f, video, extractOpts{strategy: gen.FrameStrategyInterval, interval: 0.5, maxFrames: 16, prefix: "media://runs/r1/exact"})
	if len(exact.Frames) != 16 || exact.Truncated {
		t.Errorf("max_frames equal to the frame count: %d frames, truncated %v", len(exact.Frames), exact.Truncated)
	}
}

// A retry writes the same keys with the same bytes: the output is identical.
func TestExtractRetryIsIdempotent(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	o := extractOpts{strategy: gen.FrameStrategyScene}
	first := extract(f, video, o)
	second := extract(f, video, o)
	if !reflect.DeepEqual(first, second) {
		t.Errorf("retry differs:\n%+v\n%+v", first, second)
	}
}

func TestExtractRefusesEmptySegment(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	var out gen.ExtractFramesOutput
	err := f.run(gen.ActivityExtractFrames, extractInput(video, extractOpts{strategy: gen.FrameStrategyInterval, start: 3, end: 3}), &out)
	wantAppError(t, err, gen.ErrInvalidInput)
}
