package activities

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"sync"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/media"
)

// The shot series: for every decoded frame of the segment, a 64x36 YUV 4:2:0 copy made by a
// side branch of the extraction's filter graph (no second decode) becomes one row of integer
// features, which detect_shots (Python, media_pipeline/shots) classifies into cuts, dissolves
// and fades. The layout is python/src/media_pipeline/shots/series.py's; a shared vector in
// both languages' tests keeps the two computations equal.
const (
	seriesW, seriesH = 64, 36
	seriesYBins      = 16 // Y >> 4
	seriesCBins      = 8  // U >> 5, V >> 5
	seriesGrid       = 4  // 4x4 blocks of 16x9 luma pixels
	seriesVersion    = 1
	seriesFrameBytes = seriesW * seriesH * 3 / 2
	seriesRow        = 1 + seriesYBins + 2*seriesCBins + seriesGrid*seriesGrid
	seriesFilterName = "shots"
)

// seriesFeatures computes one row (without its time) from a 64x36 yuv420p frame.
func seriesFeatures(frame []byte) []int {
	row := make([]int, seriesRow-1)
	y := frame[:seriesW*seriesH]
	c := seriesW * seriesH / 4
	u, v := frame[seriesW*seriesH:seriesW*seriesH+c], frame[seriesW*seriesH+c:]
	bh, bw := seriesH/seriesGrid, seriesW/seriesGrid
	grid := row[seriesYBins+2*seriesCBins:]
	for i, p := range y {
		row[p>>4]++
		grid[(i/seriesW/bh)*seriesGrid+(i%seriesW)/bw] += int(p)
	}
	for i := range u {
		row[seriesYBins+int(u[i]>>5)]++
		row[seriesYBins+seriesCBins+int(v[i]>>5)]++
	}
	for i := range grid {
		grid[i] /= bh * bw
	}
	return row
}

// seriesBranch is the side branch of the filter graph: every frame of [start, end) at 64x36,
// with its time logged by a showinfo instance named "shots".
func seriesBranch(start, end float64) string {
	return fmt.Sprintf("select='gte(t,%s)*lt(t,%s)',scale=%d:%d:flags=area,format=yuv420p,showinfo@%s=checksum=0",
		num(start), num(end), seriesW, seriesH, seriesFilterName)
}

var (
	seriesConfig = regexp.MustCompile(`^\[showinfo@` + seriesFilterName + ` @ [^\]]+\] (?:\[info\] )?config in time_base: (\d+)/(\d+)`)
	seriesFrame  = regexp.MustCompile(`^\[showinfo@` + seriesFilterName + ` @ [^\]]+\] (?:\[info\] )?n:\s*\d+ pts:\s*(-?\d+) `)
	seriesAny    = regexp.MustCompile(`^\[showinfo@` + seriesFilterName + ` @ `)
)

// shotSeries collects the rows of one ffmpeg run: features from the raw pipe, times from the
// log, paired in order once both have ended.
type shotSeries struct {
	mu           sync.Mutex
	tbNum, tbDen int64
	times        []int64 // ms
	rows         [][]int
}

// line consumes the side branch's showinfo lines.
func (s *shotSeries) line(line string) bool {
	if !seriesAny.MatchString(line) {
		return false
	}
	if m := seriesFrame.FindStringSubmatch(line); m != nil {
		pts, err := strconv.ParseInt(m[1], 10, 64)
		s.mu.Lock()
		if err == nil && s.tbDen != 0 {
			sec := float64(pts) * (float64(s.tbNum) / float64(s.tbDen))
			s.times = append(s.times, int64(math.Round(sec*1000)))
		}
		s.mu.Unlock()
	} else if m := seriesConfig.FindStringSubmatch(line); m != nil {
		s.mu.Lock()
		s.tbNum, _ = strconv.ParseInt(m[1], 10, 64)
		s.tbDen, _ = strconv.ParseInt(m[2], 10, 64)
		s.mu.Unlock()
	}
	return true
}

// consume reads the raw frames of the side branch.
func (s *shotSeries) consume(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64*seriesFrameBytes)
	buf := make([]byte, seriesFrameBytes)
	for {
		if _, err := io.ReadFull(br, buf); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil
			}
			return fmt.Errorf("read shot series frame: %w", err)
		}
		row := seriesFeatures(buf)
		s.mu.Lock()
		s.rows = append(s.rows, row)
		s.mu.Unlock()
	}
}

// encode is the series document (shots/series.py): rows paired with times, in time order,
// one per millisecond.
func (s *shotSeries) encode(start, end float64) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := min(len(s.times), len(s.rows))
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"version":%d,"width":%d,"height":%d,"segment":[%s,%s],"frames":[`,
		seriesVersion, seriesW, seriesH, num(start), num(end))
	last := int64(-1)
	first := true
	for i := 0; i < n; i++ {
		if s.times[i] <= last {
			continue
		}
		last = s.times[i]
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteByte('[')
		b.WriteString(strconv.FormatInt(s.times[i], 10))
		for _, v := range s.rows[i] {
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(v))
		}
		b.WriteByte(']')
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// writeSeries stores the document beside the segment's frames.
func writeSeries(store media.Store, in *gen.ExtractFramesInput, s *shotSeries) (gen.MediaRef, string, error) {
	start, end := in.Segment.StartSeconds, in.Segment.EndSeconds
	key := media.Join(string(in.OutputPrefix), fmt.Sprintf("shots-t%09d.json", int64(math.Round(start*1000))))
	ref, err := store.Put(key, "application/json", bytes.NewReader(s.encode(start, end)))
	return ref, key, err
}
