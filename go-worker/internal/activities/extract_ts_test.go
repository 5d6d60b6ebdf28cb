package activities_test

import (
	"reflect"
	"testing"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// MPEG-TS has no index: ffmpeg's seek may land after the requested time. Extraction notices
// (the first decoded frame is already inside the segment) and decodes from the start, so
// segments still find every frame, on the timeline that starts at 0 like the probe's.
func TestExtractMPEGTSSegments(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.ts", "media://runs/ts/source.ts", "video/mp2t")
	for _, strategy := range []gen.FrameStrategy{gen.FrameStrategyInterval, gen.FrameStrategyScene, gen.FrameStrategyKeyframes} {
		whole := extract(f, video, extractOpts{strategy: strategy, interval: 0.5, prefix: "media://runs/ts/whole"})
		var joined []float64
		bounds := []float64{0, 2, 4, 5.5, clipSeconds}
		for i := range len(bounds) - 1 {
			seg := extract(f, video, extractOpts{strategy: strategy, interval: 0.5, start: bounds[i], end: bounds[i+1], prefix: "media://runs/ts/seg"})
			joined = append(joined, times(seg.Frames)...)
		}
		if !reflect.DeepEqual(joined, times(whole.Frames)) {
			t.Errorf("%s: segments %v, whole %v", strategy, joined, times(whole.Frames))
		}
		if strategy == gen.FrameStrategyScene && !reflect.DeepEqual(times(whole.Frames), []float64{0, 2, 4, 6}) {
			t.Errorf("scene frames of the MPEG-TS copy at %v, want [0 2 4 6]", times(whole.Frames))
		}
	}
}

// The poster of an MPEG-TS video is the requested frame, not the keyframe the seek hit.
func TestThumbnailMPEGTS(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.ts", "media://runs/ts/source.ts", "video/mp2t")
	for _, at := range []float64{1.0, 5.0} {
		frame := gen.FrameRef{Index: 0, TimestampSeconds: at, Width: 160, Height: 120, Image: video}
		var out gen.GenerateThumbnailOutput
		f.mustRun(gen.ActivityGenerateThumbnail, gen.GenerateThumbnailInput{
			Video: video, Frame: frame, Sizes: []int{160}, Formats: []gen.ImageFormat{gen.ImageFormatJpeg},
			OutputPrefix: "media://runs/ts/poster",
		}, &out)
		if out.SourceTimestampSeconds != at {
			t.Errorf("poster for %g rendered from the frame at %g", at, out.SourceTimestampSeconds)
		}
	}
}
