package activities_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.temporal.io/sdk/worker"
	"golang.org/x/image/webp"

	"polyglot-media/go-worker/internal/contracts/gen"
)

func previewInput(video gen.MediaRef, times ...float64) gen.GeneratePreviewInput {
	return gen.GeneratePreviewInput{Video: video, TimesSeconds: times, ClipSeconds: 1, FPS: 6, Width: 160, OutputPrefix: "media://runs/r1/preview"}
}

// webpFrames counts the ANMF chunks of a RIFF WebP and reads its VP8X canvas, independently
// of the activity's own reader.
func webpFrames(t *testing.T, b []byte) (frames, width, height, loops int) {
	t.Helper()
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		t.Fatalf("not a RIFF WEBP file: % x", b[:min(16, len(b))])
	}
	for i := 12; i+8 <= len(b); {
		size := int(binary.LittleEndian.Uint32(b[i+4 : i+8]))
		body := b[i+8 : i+8+size]
		switch string(b[i : i+4]) {
		case "VP8X":
			if body[0]&0x02 == 0 {
				t.Error("VP8X without the animation flag")
			}
			width = int(body[4]) | int(body[5])<<8 | int(body[6])<<16 + 1
			height = int(body[7]) | int(body[8])<<8 | int(body[9])<<16 + 1
		case "ANIM":
			loops = int(binary.LittleEndian.Uint16(body[4:6]))
		case "ANMF":
			frames++
		}
		i += 8 + size + size&1
	}
	return
}

// The preview of cuts.mp4 at its four scene starts is an animated WebP that ffprobe reads as
// WebP, with a few frames per clip, at the asked width, looping, about 4 s long.
func TestPreviewIsAnimatedWebP(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	var out gen.GeneratePreviewOutput
	f.mustRun(gen.ActivityGeneratePreview, previewInput(video, 0, 2, 4, 6), &out)
	if out.Preview.URI != "media://runs/r1/preview/preview.webp" || out.Preview.ContentType != "image/webp" {
		t.Fatalf("preview %+v", out.Preview)
	}
	img := f.read(out.Preview)
	frames, w, h, loops := webpFrames(t, img)
	// A static clip (the black one) may be merged into fewer frames by the encoder.
	if frames < 4 || frames != out.FrameCount || w != 160 || h != 120 || loops != 0 {
		t.Errorf("%d frames (output says %d), %dx%d, loop count %d; want > 4, 160x120, 0 (forever)", frames, out.FrameCount, w, h, loops)
	}
	if out.Width != 160 || out.Height != 120 || math.Abs(out.DurationSeconds-4) > 0.5 {
		t.Errorf("output %+v, want 160x120 and about 4 s", out)
	}
	// ffprobe (5.1 has no animated WebP decoder) must still recognise the stream as WebP.
	path := filepath.Join(t.TempDir(), "p.webp")
	if err := os.WriteFile(path, img, 0o644); err != nil {
		t.Fatal(err)
	}
	probe, err := exec.Command("ffprobe", "-v", "quiet", "-show_entries", "stream=codec_name", "-of", "json", path).Output()
	var got struct {
		Streams []struct {
			CodecName string `json:"codec_name"`
		} `json:"streams"`
	}
	if err != nil || json.Unmarshal(probe, &got) != nil || len(got.Streams) != 1 || got.Streams[0].CodecName != "webp" {
		t.Errorf("ffprobe: %s (%v)", probe, err)
	}
	// A retry writes the same key again, and nothing else is left in the folder.
	var again gen.GeneratePreviewOutput
	f.mustRun(gen.ActivityGeneratePreview, previewInput(video, 0, 2, 4, 6), &again)
	if again.Preview.URI != out.Preview.URI || strings.Join(f.files("media://runs/r1/preview"), ",") != "preview.webp" {
		t.Errorf("retry wrote %s, folder holds %v", again.Preview.URI, f.files("media://runs/r1/preview"))
	}
}

// A clip where nothing moves (the black segment of cuts.mp4) is one frame: libwebp_anim
// writes it as a still WebP, which is still a valid preview.
func TestPreviewOfAStaticClipIsOneFrame(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	var out gen.GeneratePreviewOutput
	f.mustRun(gen.ActivityGeneratePreview, previewInput(video, 4.2), &out)
	cfg, err := webp.DecodeConfig(bytes.NewReader(f.read(out.Preview)))
	if err != nil || cfg.Width != 160 || out.FrameCount != 1 || out.Width != 160 || out.Height != 120 || math.Abs(out.DurationSeconds-1) > 0.2 {
		t.Fatalf("output %+v, decoded %+v (%v): want one 160x120 frame of about 1 s", out, cfg, err)
	}
}

func TestPreviewHostileInput(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	missing := video
	missing.URI = "media://runs/r1/gone.mp4"
	var out gen.GeneratePreviewOutput
	wantAppError(t, f.withEnv().run(gen.ActivityGeneratePreview, previewInput(missing, 0), &out), gen.ErrSourceUnavailable)
	wantAppError(t, f.withEnv().run(gen.ActivityGeneratePreview, previewInput(video), &out), gen.ErrInvalidInput)
	app := wantAppError(t, f.withEnv().run(gen.ActivityGeneratePreview, previewInput(video, 60, 90), &out), gen.ErrInvalidInput)
	if !strings.Contains(app.Message(), "$.times_seconds") {
		t.Errorf("message %q does not name $.times_seconds", app.Message())
	}
	junk, err := f.store.Put("media://runs/r1/junk.mp4", "video/mp4", strings.NewReader("not a video at all"))
	if err != nil {
		t.Fatal(err)
	}
	wantAppError(t, f.withEnv().run(gen.ActivityGeneratePreview, previewInput(junk, 0), &out), gen.ErrMediaCorrupt)
	if names := f.files("media://runs/r1/preview"); len(names) != 0 {
		t.Errorf("a failed preview left %v", names)
	}
}

// Cancelling generate_preview while ffmpeg runs kills ffmpeg's process group and stores
// nothing. The run is made long on purpose (twelve 3 s clips of long.mp4 at 640 px, 15 fps),
// and cancelled once ffmpeg has started.
func TestPreviewCancelKillsFFmpeg(t *testing.T) {
	f := newFixture(t)
	pids := make(chan int, 4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.acts.FF.Started = func(pid int) { pids <- pid; cancel() }
	f.env.SetWorkerOptions(worker.Options{BackgroundActivityContext: ctx})
	f.register()
	video := f.put("long.mp4", "media://runs/r2/source.mp4", "video/mp4")
	in := gen.GeneratePreviewInput{Video: video, TimesSeconds: []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
		ClipSeconds: 3, FPS: 15, Width: 640, OutputPrefix: "media://runs/r2/preview"}
	var out gen.GeneratePreviewOutput
	err := f.run(gen.ActivityGeneratePreview, in, &out)
	if err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("want a cancellation error, got %v", err)
	}
	ffmpegGroupGone(t, pids)
	if names := f.files("media://runs/r2/preview"); len(names) != 0 {
		t.Errorf("files left after cancellation: %v", names)
	}
}
