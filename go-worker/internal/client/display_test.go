package client_test

import (
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/client"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// The fixtures of ts-worker/src/test/client-display.test.ts: what the Python client's
// ProgressView prints for the same values.
func progress(stage gen.Stage, percent, elapsed float64, counts ...int) *gen.Progress {
	counts = append(counts, 0, 0, 0, 0)
	return &gen.Progress{WorkflowID: "media-abc", Stage: stage, StagesDone: []gen.Stage{},
		FramesExtracted: counts[0], FramesAnalyzed: counts[1], BatchesTotal: counts[2], BatchesDone: counts[3],
		Percent: percent, ElapsedSeconds: elapsed}
}

var sequence = []*gen.Progress{
	progress(gen.StageStarting, 0, 0.25),
	progress(gen.StageDownloading, 12.25, 1.04),
	progress(gen.StageDownloading, 15, 1.5),
	progress(gen.StageAnalyzing, 62.75, 8.35, 120, 48, 5, 2),
	progress(gen.StageCompleted, 100, 12.0, 120, 120, 5, 5),
}

func show(live bool, ps ...*gen.Progress) string {
	var out strings.Builder
	view := client.NewProgressView(&out, live)
	for _, p := range ps {
		view.Show(p)
	}
	view.Close()
	return out.String()
}

func TestDisplayPlain(t *testing.T) {
	want := "    0.2s starting      0.0% frames 0, analysed 0\n" +
		"    1.0s downloading  12.2% frames 0, analysed 0\n" +
		"    8.3s analyzing    62.8% frames 120, analysed 48, batches 2/5\n" +
		"   12.0s completed   100.0% frames 120, analysed 120, batches 5/5\n"
	if got := show(false, sequence...); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestDisplayLive(t *testing.T) {
	want := "\r[--------------------]   0.0% starting    frames 0, analysed 0 (0.2s)\x1b[K" +
		"\r[##------------------]  12.2% downloading frames 0, analysed 0 (1.0s)\x1b[K" +
		"\r[###-----------------]  15.0% downloading frames 0, analysed 0 (1.5s)\x1b[K" +
		"\r[############--------]  62.8% analyzing   frames 120, analysed 48, batches 2/5 (8.3s)\x1b[K" +
		"\r[####################] 100.0% completed   frames 120, analysed 120, batches 5/5 (12.0s)\x1b[K\n"
	if got := show(true, sequence...); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if got := show(true); got != "" {
		t.Errorf("close without a line printed %q", got)
	}
}

// Python's {x:5.1f}, ties to even included: python3 -c "print([f'{v:5.1f}' for v in VALUES])"
func TestDisplayRoundsLikePython(t *testing.T) {
	cases := map[float64]string{
		0: "  0.0", 0.05: "  0.1", 0.15: "  0.1", 0.25: "  0.2", 0.35: "  0.3", 0.45: "  0.5",
		0.75: "  0.8", 1.25: "  1.2", 2.5: "  2.5", 12.25: " 12.2", 12.75: " 12.8",
		33.333333: " 33.3", 66.65: " 66.7", 99.95: "100.0", 99.96: "100.0", 100: "100.0",
		0.04999: "  0.0", 7.85: "  7.8", 1234.56: "1234.6",
	}
	for value, want := range cases {
		line := show(false, progress(gen.StageProbing, value, 0))
		// "    0.0s probing     " is 21 characters; the percent follows, then "% frames".
		if got, _, _ := strings.Cut(line[21:], "% "); got != want {
			t.Errorf("%v: %q, want %q", value, got, want)
		}
	}
}
