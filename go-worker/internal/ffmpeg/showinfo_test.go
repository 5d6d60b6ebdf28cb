package ffmpeg_test

import (
	"testing"

	"polyglot-media/go-worker/internal/ffmpeg"
)

func TestLogParser(t *testing.T) {
	p := ffmpeg.NewLogParser()
	lines := []string{
		"[Parsed_showinfo_4 @ 0x55] [info] config in time_base: 1/12800, frame_rate: 25/1",
		"[Parsed_showinfo_4 @ 0x55] [info] config out time_base: 0/0, frame_rate: 0/0",
		"[Parsed_metadata_2 @ 0x54] [info] frame:1    pts:25600   pts_time:2",
		"[Parsed_metadata_2 @ 0x54] [info] lavfi.scene_score=0.458766",
		"[Parsed_showinfo_4 @ 0x55] [info] n:   0 pts:      0 pts_time:0       pos: 48 fmt:yuvj420p s:160x120 i:P iskey:1 type:I ",
		"[Parsed_showinfo_4 @ 0x55] [info] color_range:pc color_space:unknown",
		"[Parsed_showinfo_4 @ 0x55] [info] n:   1 pts:  25600 pts_time:2       pos: 9 fmt:yuvj420p s:160x120 i:P iskey:1 type:I ",
	}
	var frames []ffmpeg.FrameInfo
	for _, l := range lines {
		f, consumed := p.Line(l)
		if !consumed {
			t.Errorf("filter line not consumed: %s", l)
		}
		if f != nil {
			frames = append(frames, *f)
		}
	}
	if len(frames) != 2 {
		t.Fatalf("want 2 frames, got %+v", frames)
	}
	if frames[0].Seconds != 0 || frames[0].Score != nil || !frames[0].Key {
		t.Errorf("frame 0: %+v", frames[0])
	}
	if frames[1].Seconds != 2 || frames[1].PTS != 25600 || frames[1].Score == nil || *frames[1].Score != 0.458766 {
		t.Errorf("frame 1: %+v", frames[1])
	}
	if _, consumed := p.Line("[error] input.mp4: Invalid data found when processing input"); consumed {
		t.Error("an error line was consumed")
	}
}
