package ffmpeg

import (
	"regexp"
	"strconv"
)

// FrameInfo is one output frame as ffmpeg's showinfo filter reported it.
type FrameInfo struct {
	PTS     int64
	Seconds float64  // PTS in seconds, computed exactly as ffmpeg's select filter does
	Key     bool     // a keyframe
	Score   *float64 // lavfi.scene_score, when a metadata=print filter reported one
}

var (
	showinfoConfig = regexp.MustCompile(`^\[Parsed_showinfo_\d+ @ [^\]]+\] (?:\[info\] )?config in time_base: (\d+)/(\d+)`)
	showinfoFrame  = regexp.MustCompile(`^\[Parsed_showinfo_\d+ @ [^\]]+\] (?:\[info\] )?n:\s*\d+ pts:\s*(-?\d+) .* iskey:([01]) `)
	showinfoAny    = regexp.MustCompile(`^\[Parsed_showinfo_\d+ @ `)
	metadataFrame  = regexp.MustCompile(`^\[Parsed_metadata_\d+ @ [^\]]+\] (?:\[info\] )?frame:\s*\d+\s+pts:\s*(-?\d+)`)
	metadataScore  = regexp.MustCompile(`^\[Parsed_metadata_\d+ @ [^\]]+\] (?:\[info\] )?lavfi\.scene_score=([0-9.]+)`)
)

// LogParser reads frame timestamps (showinfo) and scene scores (metadata=print) from
// ffmpeg's log, so timestamps are ffmpeg's own rather than computed from a frame list. The
// metadata filter sits before showinfo in the chain, so a frame's score is logged before
// the frame itself and is matched to it by pts.
type LogParser struct {
	tbNum, tbDen int64
	scorePTS     int64
	scores       map[int64]float64
}

// NewLogParser returns a parser for one ffmpeg run.
func NewLogParser() *LogParser { return &LogParser{scores: map[int64]float64{}} }

// Line parses one stderr line. frame is set for a showinfo frame line; consumed is true for
// every line of the two filters, which carry no error worth keeping.
func (p *LogParser) Line(line string) (frame *FrameInfo, consumed bool) {
	if m := showinfoFrame.FindStringSubmatch(line); m != nil {
		pts, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || p.tbDen == 0 {
			return nil, true
		}
		f := &FrameInfo{PTS: pts, Seconds: float64(pts) * (float64(p.tbNum) / float64(p.tbDen)), Key: m[2] == "1"}
		if s, ok := p.scores[pts]; ok {
			f.Score = &s
			delete(p.scores, pts)
		}
		return f, true
	}
	if m := showinfoConfig.FindStringSubmatch(line); m != nil {
		p.tbNum, _ = strconv.ParseInt(m[1], 10, 64)
		p.tbDen, _ = strconv.ParseInt(m[2], 10, 64)
		return nil, true
	}
	if m := metadataFrame.FindStringSubmatch(line); m != nil {
		p.scorePTS, _ = strconv.ParseInt(m[1], 10, 64)
		return nil, true
	}
	if m := metadataScore.FindStringSubmatch(line); m != nil {
		if s, err := strconv.ParseFloat(m[1], 64); err == nil {
			p.scores[p.scorePTS] = s
		}
		return nil, true
	}
	return nil, showinfoAny.MatchString(line)
}
