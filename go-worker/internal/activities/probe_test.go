package activities_test

import (
	"math"
	"testing"

	"polyglot-media/go-worker/internal/config"
	"polyglot-media/go-worker/internal/contracts/gen"
)

func probe(f *fixture, video gen.MediaRef) (gen.VideoProbe, error) {
	var out gen.ProbeVideoOutput
	err := f.run(gen.ActivityProbeVideo, gen.ProbeVideoInput{Video: video}, &out)
	return out.Probe, err
}

func TestProbeMatchesGeneration(t *testing.T) {
	f := newFixture(t)
	p, err := probe(f, f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4"))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(p.DurationSeconds-clipSeconds) > 0.1 {
		t.Errorf("duration %g, want %g", p.DurationSeconds, clipSeconds)
	}
	if p.Width != clipW || p.Height != clipH || p.Rotation != 0 {
		t.Errorf("size %dx%d rotation %d", p.Width, p.Height, p.Rotation)
	}
	if p.FPS != clipFPS || p.FrameCount != int(clipSeconds*clipFPS) {
		t.Errorf("fps %g frames %d", p.FPS, p.FrameCount)
	}
	if p.VideoCodec != "h264" || p.PixelFormat != "yuv420p" || p.FormatName != "mov,mp4,m4a,3gp,3g2,mj2" {
		t.Errorf("codec %s pix %s format %s", p.VideoCodec, p.PixelFormat, p.FormatName)
	}
	if p.BitRate == nil || *p.BitRate <= 0 {
		t.Errorf("bit rate %v", p.BitRate)
	}
	if !p.HasAudio || p.AudioCodec == nil || *p.AudioCodec != "aac" ||
		p.AudioChannels == nil || *p.AudioChannels != 1 || p.AudioSampleRate == nil || *p.AudioSampleRate != sampleRate {
		t.Errorf("audio %v %v %v %v", p.HasAudio, p.AudioCodec, p.AudioChannels, p.AudioSampleRate)
	}
}

// rotated.mp4 carries a display matrix of 90 degrees counter-clockwise (what ffmpeg 5.1
// makes of -metadata:s:v rotate=90): shown upright it is portrait, turned 270 clockwise.
func TestProbeRotation(t *testing.T) {
	f := newFixture(t)
	p, err := probe(f, f.put("rotated.mp4", "media://runs/r1/rotated.mp4", "video/mp4"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Rotation != 270 || p.Width != clipH || p.Height != clipW {
		t.Errorf("rotation %d, size %dx%d; want 270, %dx%d", p.Rotation, p.Width, p.Height, clipH, clipW)
	}
	if p.HasAudio {
		t.Error("rotated.mp4 has no audio")
	}
	if p.AudioCodec != nil || p.AudioChannels != nil || p.AudioSampleRate != nil {
		t.Error("audio facts must be null without audio")
	}
}

func TestProbeRefusesNonVideo(t *testing.T) {
	cases := []struct{ clip, errType string }{
		{"audio.m4a", gen.ErrUnsupportedMedia},
		{"playlist.mp4", gen.ErrUnsupportedMedia},
		{"truncated.mp4", gen.ErrMediaCorrupt},
	}
	for _, c := range cases {
		t.Run(c.clip, func(t *testing.T) {
			f := newFixture(t)
			_, err := probe(f, f.put(c.clip, "media://in/"+c.clip, "video/mp4"))
			wantAppError(t, err, c.errType)
		})
	}
}

func TestProbeLimits(t *testing.T) {
	cases := map[string]config.Limits{
		"duration": {MaxSeconds: clipSeconds - 1, MaxPixels: 1 << 40, MaxFrames: 1 << 40},
		"pixels":   {MaxSeconds: 1e6, MaxPixels: clipW*clipH - 1, MaxFrames: 1 << 40},
		"frames":   {MaxSeconds: 1e6, MaxPixels: 1 << 40, MaxFrames: clipSeconds*clipFPS - 1},
	}
	for name, limits := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.acts.Limits = limits
			_, err := probe(f, f.put("cuts.mp4", "media://in/cuts.mp4", "video/mp4"))
			wantAppError(t, err, gen.ErrMediaTooLarge)
		})
	}
}

func TestProbeChecksReference(t *testing.T) {
	f := newFixture(t)
	ref := f.put("cuts.mp4", "media://in/cuts.mp4", "video/mp4")
	bad := ref
	bad.Sha256 = gen.Sha256("0000000000000000000000000000000000000000000000000000000000000000")
	_, err := probe(f, bad)
	wantAppError(t, err, gen.ErrIntegrityError)
	missing := ref
	missing.URI = "media://in/nothing.mp4"
	_, err = probe(f, missing)
	wantAppError(t, err, gen.ErrSourceUnavailable)
}
