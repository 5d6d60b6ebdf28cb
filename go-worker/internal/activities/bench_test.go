package activities_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// benchVideo is the benchmark clip of the project: 60 s of 1280x720 at 30 fps, H.264 with
// x264's defaults (keyframe every 250 frames) and AAC audio. BENCH_VIDEO points at an
// existing copy; otherwise it is generated once into the system temp folder (~25 s).
func benchVideo(b *testing.B) string {
	if p := os.Getenv("BENCH_VIDEO"); p != "" {
		return p
	}
	p := filepath.Join(os.TempDir(), "polyglot-media-bench-r60.mp4")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	tmp := p + ".tmp.mp4"
	cmd := exec.Command("ffmpeg", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
		"-t", "60", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", tmp)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("generate benchmark clip: %v: %s", err, out)
	}
	if err := os.Rename(tmp, p); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkExtract times extract_frames over the whole benchmark clip, through the contract
// boundary and the media store, per strategy and number of segments run in parallel (as
// the workflow does). Run: go test -run '^$' -bench Extract -benchtime 3x ./internal/activities
func BenchmarkExtract(b *testing.B) {
	src := benchVideo(b)
	cases := []struct {
		strategy gen.FrameStrategy
		segments int
	}{
		{gen.FrameStrategyInterval, 1}, {gen.FrameStrategyInterval, 2}, {gen.FrameStrategyInterval, 4},
		{gen.FrameStrategyScene, 1}, {gen.FrameStrategyScene, 2}, {gen.FrameStrategyScene, 4},
		{gen.FrameStrategyKeyframes, 1},
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("%s/segments=%d", c.strategy, c.segments), func(b *testing.B) {
			f := newFixture(b)
			video := putFile(f, src, "media://bench/source.mp4")
			frames := 0
			for b.Loop() {
				frames = 0
				done := make(chan int, c.segments)
				for s := range c.segments {
					g := f.withEnv()
					go func() {
						start, end := 60*float64(s)/float64(c.segments), 60*float64(s+1)/float64(c.segments)
						in := extractInput(video, extractOpts{strategy: c.strategy, interval: 2, threshold: 0.3, start: start, end: end,
							prefix: fmt.Sprintf("media://bench/frames%d", s)})
						in.FrameWidth = 480
						var out gen.ExtractFramesOutput
						if err := g.run(gen.ActivityExtractFrames, in, &out); err != nil {
							b.Error(err)
						}
						done <- len(out.Frames)
					}()
				}
				for range c.segments {
					frames += <-done
				}
			}
			b.ReportMetric(float64(frames), "frames")
		})
	}
}

func putFile(f *fixture, path, uri string) gen.MediaRef {
	file, err := os.Open(path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer file.Close()
	ref, err := f.store.Put(uri, "video/mp4", file)
	if err != nil {
		f.t.Fatal(err)
	}
	return ref
}

// BenchmarkRender times generate_thumbnail (3 widths x 2 formats, as the workflow's defaults)
// and build_storyboard (30 frames) on the benchmark clip.
func BenchmarkRender(b *testing.B) {
	f := newFixture(b)
	video := putFile(f, benchVideo(b), "media://bench/source.mp4")
	in := extractInput(video, extractOpts{strategy: gen.FrameStrategyInterval, interval: 2, end: 60, prefix: "media://bench/frames"})
	in.FrameWidth = 480
	var frames gen.ExtractFramesOutput
	f.mustRun(gen.ActivityExtractFrames, in, &frames)
	b.Run("thumbnail", func(b *testing.B) {
		for b.Loop() {
			var out gen.GenerateThumbnailOutput
			f.mustRun(gen.ActivityGenerateThumbnail, gen.GenerateThumbnailInput{Video: video, Frame: frames.Frames[len(frames.Frames)/2],
				Sizes: []int{320, 640, 1280}, Formats: []gen.ImageFormat{gen.ImageFormatJpeg, gen.ImageFormatWebp},
				OutputPrefix: "media://bench/poster"}, &out)
		}
	})
	b.Run("storyboard", func(b *testing.B) {
		for b.Loop() {
			var out gen.BuildStoryboardOutput
			f.mustRun(gen.ActivityBuildStoryboard, gen.BuildStoryboardInput{Frames: frames.Frames, DurationSeconds: 60,
				TileWidth: 160, Columns: 10, Rows: 10, OutputPrefix: "media://bench/storyboard"}, &out)
		}
	})
	b.Run("probe", func(b *testing.B) {
		for b.Loop() {
			var out gen.ProbeVideoOutput
			f.mustRun(gen.ActivityProbeVideo, gen.ProbeVideoInput{Video: video}, &out)
		}
	})
}
