package ffmpeg_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
	"polyglot-media/go-worker/internal/testutil"
)

// Cancelling kills the whole process group, children included, not just the leader.
func TestCancelKillsProcessGroup(t *testing.T) {
	pids := make(chan int, 1)
	r := &ffmpeg.Runner{FFmpeg: "/bin/sh", Started: func(pid int) { pids <- pid }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		// The shell starts a child that would outlive a kill of the shell alone.
		done <- r.RunFFmpeg(ctx, ffmpeg.Job{Args: []string{"-c", "sleep 300 & echo started; wait"},
			Stdout: func(rd io.Reader) error {
				buf := make([]byte, 8)
				rd.Read(buf) // the child is running once "started" arrives
				cancel()
				_, err := io.Copy(io.Discard, rd)
				return err
			}})
	}()
	pgid := <-pids
	err := <-done
	if !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled, got %v", err)
	}
	if live := testutil.GroupGone(pgid, 5*time.Second); len(live) > 0 {
		t.Errorf("processes %v of group %d still alive after cancel", live, pgid)
	}
}

func TestExitErrorKeepsStderrTail(t *testing.T) {
	r := &ffmpeg.Runner{FFmpeg: "/bin/sh"}
	err := r.RunFFmpeg(context.Background(), ffmpeg.Job{Args: []string{"-c",
		`echo "[info] Stream #0:0 noise" >&2; echo "[mov @ 0x5] [error] moov atom not found" >&2; exit 1`}})
	var exit *ffmpeg.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("want ExitError, got %v", err)
	}
	if exit.Stderr != "[mov] moov atom not found" {
		t.Errorf("stderr tail %q", exit.Stderr)
	}
	if got := contracts.TypeOf(ffmpeg.Classify(err, "probe x")); got != gen.ErrMediaCorrupt {
		t.Errorf("classified as %s", got)
	}
}

func TestConsumerStopEndsProcess(t *testing.T) {
	r := &ffmpeg.Runner{FFmpeg: "/bin/sh"}
	err := r.RunFFmpeg(context.Background(), ffmpeg.Job{Args: []string{"-c", "yes"},
		Stdout: func(rd io.Reader) error {
			rd.Read(make([]byte, 16))
			return ffmpeg.ErrStop
		}})
	if err != nil {
		t.Errorf("ErrStop must end the run without error, got %v", err)
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]string{
		"[hls] Format not on whitelist 'mov,mp4'":         gen.ErrUnsupportedMedia,
		"x.mp4: Invalid data found when processing input": gen.ErrMediaCorrupt,
		"Conversion failed!":                              gen.ErrProcessingFailed,
	}
	for stderr, want := range cases {
		err := ffmpeg.Classify(&ffmpeg.ExitError{Program: "ffmpeg", Err: errors.New("exit status 1"), Stderr: stderr}, "probe x")
		if got := contracts.TypeOf(err); got != want {
			t.Errorf("%q: got %s, want %s", stderr, got, want)
		}
		if !strings.HasPrefix(err.Error(), "probe x") {
			t.Errorf("message does not name the step: %v", err)
		}
	}
}

// A line far longer than any buffer must not stop stderr from being drained (ffmpeg would
// block) nor hide the error after it.
func TestStderrLongLine(t *testing.T) {
	r := &ffmpeg.Runner{FFmpeg: "/bin/sh"}
	err := r.RunFFmpeg(context.Background(), ffmpeg.Job{Args: []string{"-c",
		`head -c 3000000 /dev/zero | tr '\0' x >&2; echo >&2; echo "[error] real problem" >&2; exit 3`}})
	var exit *ffmpeg.ExitError
	if !errors.As(err, &exit) || !strings.HasSuffix(exit.Stderr, "real problem") {
		t.Fatalf("got %v", err)
	}
	if len(exit.Stderr) > 20_000 {
		t.Errorf("the error tail is not bounded: %d bytes", len(exit.Stderr))
	}
}
