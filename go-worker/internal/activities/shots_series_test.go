package activities_test

import (
	"encoding/json"
	"math"
	"testing"

	"polyglot-media/go-worker/internal/contracts/gen"
)

type seriesDoc struct {
	Version int       `json:"version"`
	Width   int       `json:"width"`
	Height  int       `json:"height"`
	Segment []float64 `json:"segment"`
	Frames  [][]int   `json:"frames"`
}

func extractSeries(t *testing.T, f *fixture, video gen.MediaRef, o extractOpts) (gen.ExtractFramesOutput, seriesDoc) {
	t.Helper()
	in := extractInput(video, o)
	yes := true
	in.ShotSeries = &yes
	var out gen.ExtractFramesOutput
	f.mustRun(gen.ActivityExtractFrames, in, &out)
	checkFrames(f, out.Frames)
	if out.ShotSeries == nil || out.ShotSeries.ContentType != "application/json" {
		t.Fatalf("no shot series in %+v", out)
	}
	var doc seriesDoc
	if err := json.Unmarshal(f.read(*out.ShotSeries), &doc); err != nil {
		t.Fatal(err)
	}
	return out, doc
}

// Every decoded frame of the segment, and only those, has a row, whatever the strategy; the
// frames sampled for analysis are the strategy's as before.
func TestExtractShotSeriesEveryFrame(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	for _, o := range []extractOpts{
		{strategy: gen.FrameStrategyInterval, interval: 2, start: 0, end: 4},
		{strategy: gen.FrameStrategyInterval, interval: 2, start: 4, end: clipSeconds},
		{strategy: gen.FrameStrategyScene, threshold: 0.3, start: 0, end: clipSeconds},
		{strategy: gen.FrameStrategyKeyframes, start: 0, end: clipSeconds},
	} {
		o.maxFrames = 100
		o.prefix = "media://runs/r1/frames"
		out, doc := extractSeries(t, f, video, o)
		want := int(math.Round((o.end - o.start) * clipFPS))
		if doc.Version != 1 || doc.Width != 64 || doc.Height != 36 || len(doc.Frames) != want {
			t.Fatalf("%s [%g, %g): version %d, %dx%d, %d rows, want %d", o.strategy, o.start, o.end,
				doc.Version, doc.Width, doc.Height, len(doc.Frames), want)
		}
		for i, row := range doc.Frames {
			ms := float64(row[0]) / 1000
			if len(row) != 49 || ms < o.start || ms >= o.end || (i > 0 && row[0] <= doc.Frames[i-1][0]) {
				t.Fatalf("row %d: %v", i, row[:1])
			}
			sum := 0
			for _, v := range row[1:17] {
				sum += v
			}
			if sum != 64*36 {
				t.Fatalf("row %d: luma histogram sums to %d", i, sum)
			}
		}
		if o.strategy == gen.FrameStrategyKeyframes {
			for _, fr := range out.Frames {
				if k := fr.TimestampSeconds * clipFPS / clipKeyint; k != math.Trunc(k) {
					t.Errorf("keyframes with the series: frame at %g is no keyframe", fr.TimestampSeconds)
				}
			}
		}
	}
}

// Without the option nothing changes: no series.
func TestExtractWithoutShotSeries(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	out := extract(f, video, extractOpts{strategy: gen.FrameStrategyInterval, interval: 2, maxFrames: 10, end: clipSeconds})
	if out.ShotSeries != nil {
		t.Fatalf("a series nobody asked for: %+v", out.ShotSeries)
	}
}
