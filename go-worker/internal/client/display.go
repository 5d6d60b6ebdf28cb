package client

import (
	"fmt"
	"io"
	"strings"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// ProgressView shows progress as the Python client does (client/display.py), byte for byte:
// a live bar redrawn in place on a terminal, a plain line per stage change otherwise (a
// pipe or CI log). Go's %.1f rounds the exact binary value half to even, as Python's does.
type ProgressView struct {
	out       io.Writer
	live      bool
	lastStage string
	shown     bool
}

// NewProgressView writes to out; live selects the terminal form.
func NewProgressView(out io.Writer, live bool) *ProgressView {
	return &ProgressView{out: out, live: live}
}

// Show draws one Progress.
func (v *ProgressView) Show(p *gen.Progress) {
	counts := fmt.Sprintf("frames %d, analysed %d", p.FramesExtracted, p.FramesAnalyzed)
	if p.BatchesTotal != 0 {
		counts += fmt.Sprintf(", batches %d/%d", p.BatchesDone, p.BatchesTotal)
	}
	stage := string(p.Stage)
	if v.live {
		filled := int(p.Percent / 5)
		bar := strings.Repeat("#", max(filled, 0)) + strings.Repeat("-", max(20-filled, 0))
		fmt.Fprintf(v.out, "\r[%s] %5.1f%% %-11s %s (%.1fs)\x1b[K", bar, p.Percent, stage, counts, p.ElapsedSeconds)
	} else if !v.shown || stage != v.lastStage {
		fmt.Fprintf(v.out, "%7.1fs %-11s %5.1f%% %s\n", p.ElapsedSeconds, stage, p.Percent, counts)
	}
	v.lastStage, v.shown = stage, true
}

// Close ends the live line so what follows starts on a fresh one.
func (v *ProgressView) Close() {
	if v.live && v.shown {
		fmt.Fprint(v.out, "\n")
	}
}
