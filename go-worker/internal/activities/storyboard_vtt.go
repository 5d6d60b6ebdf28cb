package activities

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// cue is one storyboard tile and the time span it covers, in whole milliseconds so that
// consecutive cues share their boundary exactly.
type cue struct {
	frame          gen.FrameRef
	startMS, endMS int64
}

// planCues orders the frames by time and gives each a cue: the first from 0, each ending
// where the next starts, the last at the duration, so the cues cover [0, duration] with no
// gap or overlap. Frames that would give an empty cue (same millisecond as the previous one,
// or at or after the end) are left out of the storyboard.
func planCues(frames []gen.FrameRef, duration float64) []cue {
	sorted := slices.Clone(frames)
	slices.SortStableFunc(sorted, func(a, b gen.FrameRef) int {
		return cmpFloat(a.TimestampSeconds, b.TimestampSeconds)
	})
	end := max(1, int64(math.Round(duration*1000)))
	var cues []cue
	for i, f := range sorted {
		start := int64(math.Round(f.TimestampSeconds * 1000))
		if i == 0 {
			start = 0
		} else if start <= cues[len(cues)-1].startMS || start >= end {
			continue
		}
		cues = append(cues, cue{frame: f, startMS: start})
	}
	for i := range cues {
		if i+1 < len(cues) {
			cues[i].endMS = cues[i+1].startMS
		} else {
			cues[i].endMS = end
		}
	}
	return cues
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// webVTT renders the cues; texts[i] is cue i's payload (sheet-NNN.jpg#xywh=x,y,w,h).
func webVTT(cues []cue, texts []string) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	for i, c := range cues {
		fmt.Fprintf(&b, "\n%s --> %s\n%s\n", vttTime(c.startMS), vttTime(c.endMS), texts[i])
	}
	return b.String()
}

// vttTime formats milliseconds as HH:MM:SS.mmm.
func vttTime(ms int64) string {
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3_600_000, ms/60_000%60, ms/1000%60, ms%1000)
}
