package activities_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/worker"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/testutil"
)

// Cancelling extract_frames while ffmpeg runs kills ffmpeg's process group and removes the
// frames the call had written. The extraction is made slow on purpose (every frame of
// long.mp4 upscaled to 3840 pixels), and it is cancelled once its first frame is in the
// store, so the cancel always lands mid-run.
func TestExtractCancelKillsFFmpegAndCleansUp(t *testing.T) {
	f := newFixture(t)
	pids := make(chan int, 4)
	f.acts.FF.Started = func(pid int) { pids <- pid }

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.env.SetWorkerOptions(worker.Options{BackgroundActivityContext: ctx})
	heartbeats := 0
	f.env.SetOnActivityHeartbeatListener(func(*activity.Info, converter.EncodedValues) { heartbeats++ })
	f.register()
	// Cancel as soon as a first frame is committed: ffmpeg is then certainly running.
	go func() {
		for ctx.Err() == nil {
			for _, name := range f.files("media://runs/r2/frames") {
				if strings.HasSuffix(name, ".jpg") && !strings.HasPrefix(name, ".") {
					cancel()
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()

	video := f.put("long.mp4", "media://runs/r2/source.mp4", "video/mp4")
	in := extractInput(video, extractOpts{strategy: gen.FrameStrategyInterval, interval: 1.0 / 25, maxFrames: 20000,
		end: longSeconds, prefix: "media://runs/r2/frames"})
	in.FrameWidth = 3840
	var out gen.ExtractFramesOutput
	err := f.run(gen.ActivityExtractFrames, in, &out)
	if err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("want a cancellation error, got %v", err)
	}
	if heartbeats == 0 {
		t.Error("no heartbeat was recorded")
	}
	ffmpegGroupGone(t, pids)
	if names := f.files("media://runs/r2/frames"); len(names) != 0 {
		t.Errorf("partial frames left after cancellation: %v", names)
	}
}

// ffmpegGroupGone checks that the ffmpeg started (its pid sent on pids) left no process of its
// group behind after a cancellation.
func ffmpegGroupGone(t *testing.T, pids <-chan int) {
	t.Helper()
	select {
	case pid := <-pids:
		if live := testutil.GroupGone(pid, 5*time.Second); len(live) > 0 {
			t.Errorf("ffmpeg processes %v still alive after cancellation", live)
		}
	default:
		t.Fatal("ffmpeg was never started")
	}
}
