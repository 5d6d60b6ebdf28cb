package activities

import (
	"fmt"
	"runtime"
	"strconv"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
)

const (
	// preroll is how far before the segment decoding starts, so the first frame of the
	// segment has its predecessor: the scene score compares a frame with the previous one
	// (a cut exactly at the segment start must not be missed) and the interval grid needs the
	// previous frame's time. Seeking is -noaccurate_seek, so decoding actually starts at the
	// keyframe before start-preroll and every frame from there reaches the select filter.
	preroll = 0.5
	// trimSlack lets decoding run a little past the segment end before trim stops ffmpeg;
	// select decides the exact end, with the same arithmetic as the next segment's start.
	trimSlack = 0.25
	// gridEpsilon (in grid steps) absorbs float error in t/interval at a grid point.
	gridEpsilon = 1e-6
	// jpegQuality is ffmpeg's -q:v for mjpeg (2 best .. 31 worst).
	jpegQuality = "3"
)

// decoderThreads shares the CPUs among the extractions running at once: the segments the
// workflow runs in parallel, or more if other runs extract in this worker too. One extraction
// gets them all (ffmpeg's own choice, CPUs + 1 frame threads, measured ~18% slower for H.264
// on 2 cores); two on 2 CPUs get one thread each, which decodes R60 in 2.5 s where one
// process with two threads takes 3.2 s: frame threading scales worse than separate decoders.
func decoderThreads(in *gen.ExtractFramesInput, running int) int {
	parallel := max(1, running)
	if in.ParallelSegments != nil {
		parallel = max(parallel, *in.ParallelSegments)
	}
	return max(1, runtime.NumCPU()/parallel)
}

// extractArgs builds the ffmpeg command for one segment. The first frame that reaches the
// select filter (n == 0) is always emitted: it tells Go where decoding really started (see
// extraction.consume in extract_frames.go) and is dropped when it lies before the segment.
func extractArgs(in *gen.ExtractFramesInput, path string, seekStart float64, threads int) []string {
	start, end := in.Segment.StartSeconds, in.Segment.EndSeconds
	inputOpts := []string{"-threads", strconv.Itoa(threads)}
	shots := wantsSeries(in)
	if in.Strategy == gen.FrameStrategyKeyframes && !shots {
		// Keyframes only: the decoder skips everything else, so no full decode happens.
		inputOpts = append(inputOpts, "-skip_frame", "nokey")
	}
	if seekStart > 0 {
		inputOpts = append(inputOpts, "-noaccurate_seek", "-ss", num(seekStart))
	}
	inSegment := fmt.Sprintf("gte(t,%s)*lt(t,%s)", num(start), num(end))
	var pick string
	switch in.Strategy {
	case gen.FrameStrategyInterval:
		// The first frame at or after each grid point k*interval: t crosses a grid line
		// that the previous decoded frame had not reached.
		step := num(in.IntervalSeconds)
		pick = fmt.Sprintf("*gt(floor(t/%[1]s+%[2]s),floor(prev_pts*TB/%[1]s+%[2]s))", step, num(gridEpsilon))
	case gen.FrameStrategyScene:
		pick = fmt.Sprintf("*gt(scene,%s)", num(in.SceneThreshold))
	case gen.FrameStrategyKeyframes:
		if shots { // every frame is decoded for the shot series: pick the keyframes
			pick = "*key"
		}
	}
	trim := fmt.Sprintf("trim=end=%s", num(end+trimSlack))
	filters := fmt.Sprintf("select='eq(n,0)+%s%s'", inSegment, pick)
	if in.Strategy == gen.FrameStrategyScene {
		filters += ",metadata=print:key=lavfi.scene_score"
	}
	// Scale only the selected frames, to the requested width; height keeps the display
	// aspect ratio (dar includes the sample aspect ratio) and is even.
	filters += "," + scaleFilter(in.FrameWidth, "bicubic") + ",showinfo=checksum=0"

	// One filter thread: the graph scales a handful of selected frames, not every frame (and,
	// for the shot series, shrinks every frame to 64x36, which is cheap).
	args := append(ffmpeg.Common(), "-filter_threads", "1", "-filter_complex_threads", "1", "-copyts", "-start_at_zero")
	args = append(args, ffmpeg.Input(path, inputOpts...)...)
	if shots {
		// The same decoded frames feed both branches: the series costs no second decode.
		graph := fmt.Sprintf("[0:V:0]%s,split=2[pick][all];[pick]%s[frames];[all]%s[series]",
			trim, filters, seriesBranch(start, end))
		args = append(args, "-filter_complex", graph, "-map", "[frames]")
	} else {
		args = append(args, "-map", "0:V:0", "-an", "-sn", "-dn", "-vf", trim+","+filters)
	}
	args = append(args,
		"-fps_mode", "passthrough", // one output image per selected frame, never duplicated
		"-frames:v", strconv.Itoa(in.MaxFrames+2), // the n == 0 frame and one more to detect truncation
		"-c:v", "mjpeg", "-q:v", jpegQuality,
		"-f", "image2pipe", "pipe:1",
	)
	if shots {
		args = append(args, "-map", "[series]", "-fps_mode", "passthrough", "-f", "rawvideo", "pipe:3")
	}
	return args
}

// wantsSeries: the workflow asked for the shot series of this segment.
func wantsSeries(in *gen.ExtractFramesInput) bool {
	return in.ShotSeries != nil && *in.ShotSeries
}

// scaleFilter scales to width w with an even height that keeps the display aspect ratio.
func scaleFilter(w int, flags string) string {
	return fmt.Sprintf("scale=w=%d:h='max(2,2*trunc(%d/dar/2+0.5))':flags=%s,setsar=1", w, w, flags)
}

// num formats a number for an ffmpeg expression: no exponent, which SI suffix parsing
// could misread.
func num(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
