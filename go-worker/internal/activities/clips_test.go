package activities_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Test clips are generated once per test run with ffmpeg's lavfi sources, so every expected
// value below follows from the generation parameters.
const (
	clipW, clipH = 320, 240
	clipFPS      = 25
	clipSeconds  = 8.0
	// keyint 40 at 25 fps puts keyframes every 1.6 s, away from the cuts, so a cut at a
	// segment boundary is found only through the pre-roll, not by luck of a keyframe there.
	clipKeyint     = 40
	sampleRate     = 44100
	longSeconds    = 20
	rotatedSeconds = 2
)

// cutTimes are the hard cuts of cuts.mp4: testsrc2 | mandelbrot | black | smptebars.
var cutTimes = []float64{2, 4, 6}

var keyframeTimes = []float64{0, 1.6, 3.2, 4.8, 6.4}

var clipDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "activities-clips-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	clipDir = dir
	err = makeClips(dir)
	code := 1
	if err != nil {
		fmt.Fprintln(os.Stderr, "generate test clips:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func clip(name string) string { return filepath.Join(clipDir, name) }

func makeClips(dir string) error {
	size := fmt.Sprintf("%dx%d", clipW, clipH)
	src := func(filter string) string { // two seconds of a lavfi source
		sep := "="
		if strings.Contains(filter, "=") {
			sep = ":"
		}
		return fmt.Sprintf("%s%ssize=%s:rate=%d:duration=2", filter, sep, size, clipFPS)
	}
	x264 := []string{"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
		"-x264-params", fmt.Sprintf("keyint=%d:min-keyint=%d:scenecut=0", clipKeyint, clipKeyint)}
	steps := [][]string{
		append(append([]string{
			"-f", "lavfi", "-i", src("testsrc2"),
			"-f", "lavfi", "-i", fmt.Sprintf("mandelbrot=size=%s:rate=%d,trim=duration=2", size, clipFPS),
			"-f", "lavfi", "-i", src("color=c=black"),
			"-f", "lavfi", "-i", src("smptebars"),
			"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:sample_rate=%d:duration=%g", sampleRate, clipSeconds),
			"-filter_complex", "[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0[v]",
			"-map", "[v]", "-map", "4:a"}, x264...),
			"-c:a", "aac", "cuts.mp4"),
		// ffmpeg 5.1 writes rotate=90 as a display matrix of 90 degrees counter-clockwise.
		{"-i", "cuts.mp4", "-t", fmt.Sprint(rotatedSeconds), "-an", "-c", "copy", "-metadata:s:v:0", "rotate=90", "rotated.mp4"},
		{"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:sample_rate=%d:duration=2", sampleRate), "-c:a", "aac", "audio.m4a"},
		// MPEG-TS has no index and starts at 1.4 s: seeking in it overshoots.
		{"-i", "cuts.mp4", "-c", "copy", "-f", "mpegts", "cuts.ts"},
		append(append([]string{"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=160x120:rate=25:duration=%d", longSeconds)}, x264...), "long.mp4"),
	}
	for _, args := range steps {
		cmd := exec.Command("ffmpeg", append([]string{"-v", "error", "-y"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("ffmpeg %v: %w: %s", args, err, out)
		}
	}
	// An mp4 cut short: ffmpeg writes the moov atom last, so it is missing.
	whole, err := os.ReadFile(filepath.Join(dir, "cuts.mp4"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "truncated.mp4"), whole[:len(whole)/2], 0o644); err != nil {
		return err
	}
	// An HLS playlist named .mp4: ffmpeg would follow it to other files or URLs.
	playlist := "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\ncuts.mp4\n#EXT-X-ENDLIST\n"
	return os.WriteFile(filepath.Join(dir, "playlist.mp4"), []byte(playlist), 0o644)
}
