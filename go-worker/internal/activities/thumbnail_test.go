package activities_test

import (
	"bytes"
	"image/jpeg"
	"testing"

	"golang.org/x/image/webp"

	"polyglot-media/go-worker/internal/contracts/gen"
)

func TestThumbnailSizesAndFormats(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	frames := extract(f, video, extractOpts{strategy: gen.FrameStrategyInterval, interval: 1})
	chosen := frames.Frames[3] // 3.0 s, inside the mandelbrot scene
	var out gen.GenerateThumbnailOutput
	f.mustRun(gen.ActivityGenerateThumbnail, gen.GenerateThumbnailInput{
		Video: video, Frame: chosen, Sizes: []int{160, 320}, Formats: []gen.ImageFormat{gen.ImageFormatJpeg, gen.ImageFormatWebp},
		OutputPrefix: "media://runs/r1/poster",
	}, &out)
	if out.SourceTimestampSeconds != chosen.TimestampSeconds {
		t.Errorf("rendered at %g, frame at %g", out.SourceTimestampSeconds, chosen.TimestampSeconds)
	}
	want := []struct {
		w, h   int
		format gen.ImageFormat
		uri    string
	}{
		{160, 120, gen.ImageFormatJpeg, "media://runs/r1/poster/poster-160.jpg"},
		{160, 120, gen.ImageFormatWebp, "media://runs/r1/poster/poster-160.webp"},
		{320, 240, gen.ImageFormatJpeg, "media://runs/r1/poster/poster-320.jpg"},
		{320, 240, gen.ImageFormatWebp, "media://runs/r1/poster/poster-320.webp"},
	}
	if len(out.Thumbnails) != len(want) {
		t.Fatalf("%d thumbnails, want %d", len(out.Thumbnails), len(want))
	}
	for i, w := range want {
		th := out.Thumbnails[i]
		if th.Width != w.w || th.Height != w.h || th.Format != w.format || string(th.Image.URI) != w.uri {
			t.Errorf("thumbnail %d: %dx%d %s %s, want %dx%d %s %s", i, th.Width, th.Height, th.Format, th.Image.URI, w.w, w.h, w.format, w.uri)
		}
		b := f.read(th.Image)
		var err error
		var gotW, gotH int
		switch w.format {
		case gen.ImageFormatJpeg:
			if !bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}) || th.Image.ContentType != "image/jpeg" {
				t.Errorf("thumbnail %d is not a JPEG (%s)", i, th.Image.ContentType)
			}
			cfg, e := jpeg.DecodeConfig(bytes.NewReader(b))
			gotW, gotH, err = cfg.Width, cfg.Height, e
		case gen.ImageFormatWebp:
			if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" || th.Image.ContentType != "image/webp" {
				t.Errorf("thumbnail %d is not a WebP (%s)", i, th.Image.ContentType)
			}
			cfg, e := webp.DecodeConfig(bytes.NewReader(b))
			gotW, gotH, err = cfg.Width, cfg.Height, e
		}
		if err != nil || gotW != w.w || gotH != w.h {
			t.Errorf("thumbnail %d decodes as %dx%d (%v)", i, gotW, gotH, err)
		}
	}
}

// The poster of a rotated video is upright: portrait, like the probe says.
func TestThumbnailOfRotatedVideo(t *testing.T) {
	f := newFixture(t)
	video := f.put("rotated.mp4", "media://runs/r3/source.mp4", "video/mp4")
	frame := gen.FrameRef{Index: 0, TimestampSeconds: 1, Width: 120, Height: 160, Image: video}
	var out gen.GenerateThumbnailOutput
	f.mustRun(gen.ActivityGenerateThumbnail, gen.GenerateThumbnailInput{
		Video: video, Frame: frame, Sizes: []int{120}, Formats: []gen.ImageFormat{gen.ImageFormatJpeg},
		OutputPrefix: "media://runs/r3/poster",
	}, &out)
	if th := out.Thumbnails[0]; th.Width != 120 || th.Height != 160 {
		t.Errorf("rotated poster %dx%d, want 120x160", th.Width, th.Height)
	}
}

func TestThumbnailBeyondTheEnd(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	frame := gen.FrameRef{Index: 0, TimestampSeconds: 60, Width: 160, Height: 120, Image: video}
	var out gen.GenerateThumbnailOutput
	err := f.run(gen.ActivityGenerateThumbnail, gen.GenerateThumbnailInput{
		Video: video, Frame: frame, Sizes: []int{160}, Formats: []gen.ImageFormat{gen.ImageFormatJpeg},
		OutputPrefix: "media://runs/r1/poster",
	}, &out)
	wantAppError(t, err, gen.ErrInvalidInput)
}
