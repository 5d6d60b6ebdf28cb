package activities

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"math"
	"sync/atomic"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
	"polyglot-media/go-worker/internal/media"
)

// errSeekOvershoot: decoding began after the segment start, so frames may be missing.
var errSeekOvershoot = errors.New("seek landed after the segment start")

// extraction is the state of one extract_frames call: frames written so far, the keys to
// remove if the call fails, and a counter the heartbeat goroutine reads.
type extraction struct {
	store     media.Store
	in        *gen.ExtractFramesInput
	seekStart float64
	threads   int // decoder threads of this call's ffmpeg
	frames    []gen.FrameRef
	truncated bool
	keys      []string
	seen      map[string]bool
	written   atomic.Int64
	series    *shotSeries // the shot series of the current ffmpeg run, when asked for
}

func (x *extraction) reset(seekStart float64) {
	x.seekStart = seekStart
	x.frames = make([]gen.FrameRef, 0) // never nil: the output schema wants an array
	x.truncated = false
	clear(x.seen)
}

// consume pairs each JPEG on ffmpeg's stdout with its showinfo line (both come in output
// order) and writes the frames that belong to the segment.
func (x *extraction) consume(r io.Reader, infos <-chan ffmpeg.FrameInfo) error {
	br := bufio.NewReaderSize(r, 1<<20)
	start, end := x.in.Segment.StartSeconds, x.in.Segment.EndSeconds
	for i := 0; ; i++ {
		img, err := ffmpeg.ReadJPEG(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read frame %d from ffmpeg: %w", i, err)
		}
		info, ok := <-infos
		if !ok {
			return fmt.Errorf("ffmpeg wrote frame %d without a showinfo line", i)
		}
		if i == 0 {
			// The first decoded frame, emitted whatever the strategy. Before the segment it
			// is pre-roll. At or after the start while we had seeked, the demuxer overshot
			// and frames may be missing. Without seeking it is the video's first frame:
			// the first interval grid point, a keyframe, and the opening of the first scene
			// (which has no score), so it is kept when it falls in the segment.
			if info.Seconds < start || info.Seconds >= end {
				continue
			}
			if x.seekStart > 0 {
				return errSeekOvershoot
			}
			info.Score = nil
		}
		if len(x.frames) == x.in.MaxFrames {
			x.truncated = true
			return ffmpeg.ErrStop
		}
		if err := x.write(img, info); err != nil {
			return err
		}
	}
}

func (x *extraction) write(img []byte, info ffmpeg.FrameInfo) error {
	ms := int64(math.Round(info.Seconds * 1000))
	key := media.Join(string(x.in.OutputPrefix), fmt.Sprintf("t%09d.jpg", ms))
	if x.seen[key] {
		return nil // two frames within one millisecond (over 1000 fps): the first one stands
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return fmt.Errorf("frame at %.3f s is not a JPEG: %w", info.Seconds, err)
	}
	ref, err := x.store.Put(key, "image/jpeg", bytes.NewReader(img))
	if err != nil {
		return err
	}
	x.seen[key] = true
	x.keys = append(x.keys, key)
	x.frames = append(x.frames, gen.FrameRef{
		Index:            len(x.frames),
		TimestampSeconds: math.Round(info.Seconds*1e6) / 1e6,
		Width:            cfg.Width,
		Height:           cfg.Height,
		Image:            ref,
		SceneScore:       info.Score,
	})
	x.written.Add(1)
	return nil
}

// removeWritten deletes what this call wrote, so a failed or cancelled call leaves no
// partial set of frames behind.
func (x *extraction) removeWritten() {
	for _, key := range x.keys {
		x.store.Remove(key)
	}
	x.keys = nil
}
