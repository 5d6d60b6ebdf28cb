package activities_test

import (
	"math"
	"testing"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// nearCut returns the cut within 0.5 s of t, or -1.
func nearCut(t float64) float64 {
	for _, c := range cutTimes {
		if math.Abs(t-c) <= 0.5 {
			return c
		}
	}
	return -1
}

// The scene strategy opens with the first frame (no score) and then finds each hard cut,
// and nothing else, with the frame's scene score above the threshold.
func TestExtractSceneFindsCuts(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	out := extract(f, video, extractOpts{strategy: gen.FrameStrategyScene, threshold: 0.3})
	if len(out.Frames) == 0 || out.Frames[0].TimestampSeconds != 0 || out.Frames[0].SceneScore != nil {
		t.Fatalf("the first frame must open the first scene with a null score: %+v", out.Frames)
	}
	t.Logf("scene frames at %v", times(out.Frames))
	found := map[float64]bool{}
	for _, fr := range out.Frames[1:] {
		c := nearCut(fr.TimestampSeconds)
		if c < 0 {
			t.Errorf("frame at %g is not near a cut", fr.TimestampSeconds)
		}
		if fr.SceneScore == nil || *fr.SceneScore <= 0.3 || *fr.SceneScore > 1 {
			t.Errorf("frame at %g: scene score %v", fr.TimestampSeconds, fr.SceneScore)
		}
		found[c] = true
	}
	for _, c := range cutTimes {
		if !found[c] {
			t.Errorf("cut at %g not found; frames at %v", c, times(out.Frames))
		}
	}
}

// A cut exactly at a segment start is found by that segment (the pre-roll gives it the
// previous frame to compare with), and a segment that does not start at 0 has no opening
// frame.
func TestExtractSceneCutAtSegmentStart(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	out := extract(f, video, extractOpts{strategy: gen.FrameStrategyScene, start: 4, end: clipSeconds})
	got := times(out.Frames)
	if len(got) != 2 || got[0] != 4 || nearCut(got[1]) != 6 {
		t.Fatalf("segment [4, 8): frames at %v, want the cuts at 4 and 6", got)
	}
	if out.Frames[0].SceneScore == nil {
		t.Error("a cut at the segment start must carry its score")
	}
}
