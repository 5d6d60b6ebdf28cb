package activities_test

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// toneClip makes 2 s of silence, 3 s of a 997 Hz stereo sine at -20 dBFS peak, 2 s of
// silence (PCM in Matroska, so no lossy codec moves the level) beside a small video.
// ITU-R BS.1770: a 997 Hz sine in one channel reads its RMS level (peak - 3.01 dB), so in two
// channels it reads its peak level: -20.0 LUFS over the tone. The 400 ms blocks that straddle
// the tone's two edges pass the relative gate at lower loudness and pull the integrated value
// down to -20.41 LUFS (computed: 27 whole blocks at -20, 6 partial ones).
func toneClip(t *testing.T, f *fixture) gen.MediaRef {
	t.Helper()
	out := filepath.Join(t.TempDir(), "tone.mkv")
	tone := `if(between(t\,2\,5)\,0.1*sin(2*PI*997*t)\,0)`
	cmd := exec.Command("ffmpeg", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=7",
		"-f", "lavfi", "-i", "aevalsrc="+tone+"|"+tone+":s=48000:d=7",
		"-c:v", "libx264", "-preset", "veryfast", "-c:a", "pcm_s16le", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, b)
	}
	file, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	ref, err := f.store.Put("media://in/tone.mkv", "video/x-matroska", file)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestExtractAudioLoudnessSilenceAndPCM(t *testing.T) {
	f := newFixture(t)
	in := gen.ExtractAudioInput{Video: toneClip(t, f), OutputPrefix: "media://runs/a/audio",
		Pcm: true, Loudness: true, SilenceNoiseDb: -50, SilenceMinSeconds: 0.5}
	var out gen.ExtractAudioOutput
	f.mustRun(gen.ActivityExtractAudio, in, &out)

	if out.Loudness == nil || out.Loudness.IntegratedLufs == nil {
		t.Fatalf("no integrated loudness: %+v", out.Loudness)
	}
	// Tolerance 0.5 LU: the gate and K-weighting are exact; what varies is the 0.1 rounding
	// and the resampler ebur128 uses for true peak.
	if got := *out.Loudness.IntegratedLufs; math.Abs(got-(-20.4)) > 0.5 {
		t.Errorf("integrated loudness %.1f LUFS, want -20.4 +- 0.5", got)
	}
	if tp := out.Loudness.TruePeakDbtp; tp == nil || math.Abs(*tp-(-20.0)) > 0.5 {
		t.Errorf("true peak %v dBTP, want -20 +- 0.5", tp)
	}
	if math.Abs(out.DurationSeconds-7) > 0.05 {
		t.Errorf("duration %.3f s, want 7", out.DurationSeconds)
	}
	// Silences: [0, 2) and [5, 7), each edge within 50 ms.
	want := []gen.TimeRange{{StartSeconds: 0, EndSeconds: 2}, {StartSeconds: 5, EndSeconds: 7}}
	if len(out.Silences) != len(want) {
		t.Fatalf("silences %+v, want %+v", out.Silences, want)
	}
	for i, w := range want {
		g := out.Silences[i]
		if math.Abs(g.StartSeconds-w.StartSeconds) > 0.05 || math.Abs(g.EndSeconds-w.EndSeconds) > 0.05 {
			t.Errorf("silence %d = %+v, want %+v", i, g, w)
		}
	}
	if out.Audio == nil {
		t.Fatal("no PCM reference")
	}
	wav := f.read(*out.Audio)
	if string(wav[:4]) != "RIFF" || string(wav[8:16]) != "WAVEfmt " || binary.LittleEndian.Uint32(wav[24:]) != 16000 {
		t.Fatalf("not a 16 kHz WAV header: %q", wav[:44])
	}
	if n := binary.LittleEndian.Uint32(wav[40:]); int(n) != len(wav)-44 || math.Abs(float64(n)/32000-7) > 0.05 {
		t.Errorf("data size %d for %d bytes", n, len(wav))
	}
}

func TestExtractAudioLoudnessOnly(t *testing.T) {
	f := newFixture(t)
	in := gen.ExtractAudioInput{Video: toneClip(t, f), OutputPrefix: "media://runs/b/audio",
		Loudness: true, SilenceNoiseDb: -50, SilenceMinSeconds: 0.5}
	var out gen.ExtractAudioOutput
	f.mustRun(gen.ActivityExtractAudio, in, &out)
	if out.Audio != nil || len(f.files("media://runs/b/audio")) != 0 {
		t.Errorf("PCM stored although not asked for: %+v", out.Audio)
	}
	if out.Loudness == nil {
		t.Error("no loudness")
	}
}

func TestExtractAudioWithoutAudioStream(t *testing.T) {
	f := newFixture(t)
	ref := f.put("long.mp4", "media://in/long.mp4", "video/mp4")
	in := gen.ExtractAudioInput{Video: ref, OutputPrefix: "media://runs/c/audio", Pcm: true,
		Loudness: true, SilenceNoiseDb: -50, SilenceMinSeconds: 0.5}
	var out gen.ExtractAudioOutput
	wantAppError(t, f.run(gen.ActivityExtractAudio, in, &out), gen.ErrUnsupportedMedia)
}
