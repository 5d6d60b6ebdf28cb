package activities_test

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/contracts/gen"
)

var (
	cueTiming = regexp.MustCompile(`^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$`)
	cueText   = regexp.MustCompile(`^(sheet-\d{3}\.jpg)#xywh=(\d+),(\d+),(\d+),(\d+)$`)
)

type vttCue struct {
	start, end int // milliseconds
	sheet      string
	x, y, w, h int
}

// parseVTT is a strict reader of the WebVTT the storyboard writes: header, then blocks of a
// timing line and one payload line, separated by blank lines.
func parseVTT(t *testing.T, text string) []vttCue {
	t.Helper()
	blocks := strings.Split(strings.TrimRight(text, "\n"), "\n\n")
	if blocks[0] != "WEBVTT" {
		t.Fatalf("missing WEBVTT header: %q", blocks[0])
	}
	ms := func(m []string) int {
		v := func(s string) int { n, _ := strconv.Atoi(s); return n }
		return ((v(m[0])*60+v(m[1]))*60+v(m[2]))*1000 + v(m[3])
	}
	var cues []vttCue
	for _, b := range blocks[1:] {
		lines := strings.Split(b, "\n")
		if len(lines) != 2 {
			t.Fatalf("cue block %q", b)
		}
		tm, tx := cueTiming.FindStringSubmatch(lines[0]), cueText.FindStringSubmatch(lines[1])
		if tm == nil || tx == nil {
			t.Fatalf("cue %q", b)
		}
		n := func(s string) int { v, _ := strconv.Atoi(s); return v }
		cues = append(cues, vttCue{start: ms(tm[1:5]), end: ms(tm[5:9]), sheet: tx[1], x: n(tx[2]), y: n(tx[3]), w: n(tx[4]), h: n(tx[5])})
	}
	return cues
}

func TestStoryboardCoversDuration(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	frames := extract(f, video, extractOpts{strategy: gen.FrameStrategyInterval, interval: 0.5}).Frames // 16 frames
	startMS := make([]int, len(frames))
	for i, fr := range frames {
		startMS[i] = int(math.Round(fr.TimestampSeconds * 1000))
	}
	// Out of order on purpose: tiles follow time, not input order.
	frames[0], frames[5] = frames[5], frames[0]
	const duration = 7.99
	var out gen.BuildStoryboardOutput
	f.mustRun(gen.ActivityBuildStoryboard, gen.BuildStoryboardInput{
		Frames: frames, DurationSeconds: duration, TileWidth: 80, Columns: 4, Rows: 3, OutputPrefix: "media://runs/r1/storyboard",
	}, &out)
	sb := out.Storyboard
	if sb.TileWidth != 80 || sb.TileHeight != 60 || sb.TileCount != 16 || len(sb.Sheets) != 2 {
		t.Fatalf("storyboard %+v", sb)
	}
	// Full sheets are columns x rows tiles; the last one keeps only the rows it uses.
	for i, want := range [][2]int{{320, 180}, {320, 60}} {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(f.read(sb.Sheets[i])))
		if err != nil || cfg.Width != want[0] || cfg.Height != want[1] {
			t.Errorf("sheet %d is %dx%d (%v), want %dx%d", i, cfg.Width, cfg.Height, err, want[0], want[1])
		}
		if wantURI := fmt.Sprintf("media://runs/r1/storyboard/sheet-%03d.jpg", i); string(sb.Sheets[i].URI) != wantURI {
			t.Errorf("sheet %d at %s", i, sb.Sheets[i].URI)
		}
	}
	if sb.Vtt.URI != "media://runs/r1/storyboard/storyboard.vtt" || sb.Vtt.ContentType != "text/vtt" {
		t.Errorf("vtt %+v", sb.Vtt)
	}
	cues := parseVTT(t, string(f.read(sb.Vtt)))
	if len(cues) != sb.TileCount {
		t.Fatalf("%d cues for %d tiles", len(cues), sb.TileCount)
	}
	if cues[0].start != 0 || cues[len(cues)-1].end != int(duration*1000) {
		t.Errorf("cues span [%d, %d] ms, want [0, %d]", cues[0].start, cues[len(cues)-1].end, int(duration*1000))
	}
	for i, c := range cues {
		if c.end <= c.start || (i > 0 && c.start != cues[i-1].end) {
			t.Errorf("cue %d [%d, %d] leaves a gap, overlaps or is empty", i, c.start, c.end)
		}
		if i > 0 && c.start != startMS[i] {
			t.Errorf("cue %d starts at %d ms, its frame is at %d ms", i, c.start, startMS[i])
		}
		sheet, pos := i/12, i%12
		want := vttCue{sheet: fmt.Sprintf("sheet-%03d.jpg", sheet), x: pos % 4 * 80, y: pos / 4 * 60, w: 80, h: 60}
		if c.sheet != want.sheet || c.x != want.x || c.y != want.y || c.w != want.w || c.h != want.h {
			t.Errorf("cue %d points at %s#%d,%d,%d,%d, want %s#%d,%d,%d,%d", i, c.sheet, c.x, c.y, c.w, c.h, want.sheet, want.x, want.y, want.w, want.h)
		}
	}
}

// Frames sharing a millisecond, or at or after the end, would make empty cues: they are left
// out, and the cues still cover the duration exactly.
func TestStoryboardSkipsEmptyCues(t *testing.T) {
	f := newFixture(t)
	video := f.put("cuts.mp4", "media://runs/r1/source.mp4", "video/mp4")
	frames := extract(f, video, extractOpts{strategy: gen.FrameStrategyInterval, interval: 2}).Frames // 0, 2, 4, 6
	dup := frames[1]
	dup.TimestampSeconds += 0.0001
	frames = append(frames, dup)
	var out gen.BuildStoryboardOutput
	f.mustRun(gen.ActivityBuildStoryboard, gen.BuildStoryboardInput{
		Frames: frames, DurationSeconds: 5, TileWidth: 64, Columns: 10, Rows: 10, OutputPrefix: "media://runs/r1/sb2",
	}, &out)
	cues := parseVTT(t, string(f.read(out.Storyboard.Vtt)))
	if len(cues) != 3 || out.Storyboard.TileCount != 3 {
		t.Fatalf("%d cues, tile count %d, want 3 (frames at 0, 2, 4)", len(cues), out.Storyboard.TileCount)
	}
	if cues[0].start != 0 || cues[1].start != 2000 || cues[2].start != 4000 || cues[2].end != 5000 {
		t.Errorf("cues %+v", cues)
	}
}
