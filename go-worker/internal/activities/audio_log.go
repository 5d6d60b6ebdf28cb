package activities

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// ebur128's summary and silencedetect's events, as ffmpeg prints them at the info level.
var (
	reIntegrated   = regexp.MustCompile(`^\s*I:\s+(\S+) LUFS`)
	reRange        = regexp.MustCompile(`^\s*LRA:\s+(\S+) LU`)
	rePeak         = regexp.MustCompile(`^\s*Peak:\s+(\S+) dBFS`)
	reSilenceStart = regexp.MustCompile(`silence_start: (\S+)`)
	reSilenceEnd   = regexp.MustCompile(`silence_end: (\S+)`)
)

// ebur128's absolute gate: an integrated loudness at or below it means nothing was loud
// enough to measure.
const gateLUFS = -70.0

type loudnessParser struct {
	mu                  sync.Mutex
	summary             bool
	integrated, lra, tp *float64
	starts, ends        []float64
}

func newLoudnessParser() *loudnessParser { return &loudnessParser{} }

// line sees every stderr line; the ones it understands stay out of the error tail.
func (p *loudnessParser) line(s string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m := reSilenceStart.FindStringSubmatch(s); m != nil {
		p.starts = append(p.starts, parse(m[1]))
		return true
	}
	if m := reSilenceEnd.FindStringSubmatch(s); m != nil {
		p.ends = append(p.ends, parse(m[1]))
		return true
	}
	// ffmpeg may configure the graph twice (once before it knows the input's format) and
	// each filter instance prints a summary when freed: the last one is the real one.
	if strings.Contains(s, "Summary:") {
		p.summary, p.integrated, p.lra, p.tp = true, nil, nil, nil
		return true
	}
	if !p.summary {
		return false
	}
	for re, dst := range map[*regexp.Regexp]**float64{reIntegrated: &p.integrated, reRange: &p.lra, rePeak: &p.tp} {
		if m := re.FindStringSubmatch(s); m != nil {
			v := parse(m[1])
			*dst = &v
		}
	}
	return true
}

func parse(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.Inf(-1) // "-inf", "nan": nothing measurable
	}
	return v
}

// finite rounds to 0.1 (ebur128 prints one decimal) and maps unmeasurable values to nil.
func finite(v *float64, floor float64) *float64 {
	if v == nil || math.IsInf(*v, 0) || math.IsNaN(*v) || *v <= floor {
		return nil
	}
	r := math.Round(*v*10) / 10
	return &r
}

func (p *loudnessParser) result() gen.Loudness {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := gen.Loudness{IntegratedLufs: finite(p.integrated, gateLUFS), TruePeakDbtp: finite(p.tp, -200)}
	if l.IntegratedLufs != nil {
		l.RangeLu = finite(p.lra, -1)
	}
	return l
}

// silences pairs starts with ends; a silence still open at the end lasts to the duration.
func (p *loudnessParser) silences(duration float64) []gen.TimeRange {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := []gen.TimeRange{}
	ms := func(v float64) float64 { return math.Round(max(0, v)*1000) / 1000 }
	for i, s := range p.starts {
		end := duration
		if i < len(p.ends) {
			end = p.ends[i]
		}
		if end = min(ms(end), duration); end > ms(s) {
			out = append(out, gen.TimeRange{StartSeconds: ms(s), EndSeconds: end})
		}
	}
	return out
}
