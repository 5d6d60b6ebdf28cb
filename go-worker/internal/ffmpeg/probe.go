package ffmpeg

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// ProbeResult is the part of `ffprobe -print_format json -show_format -show_streams` the
// worker reads. ffprobe prints most numbers as strings ("60.000000"); they stay strings here
// and are parsed where their meaning is known.
type ProbeResult struct {
	Streams []ProbeStream `json:"streams"`
	Format  struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
		BitRate    string `json:"bit_rate"`
	} `json:"format"`
}

// ProbeStream is one stream of a ProbeResult.
type ProbeStream struct {
	CodecType    string            `json:"codec_type"`
	CodecName    string            `json:"codec_name"`
	Width        int               `json:"width"`
	Height       int               `json:"height"`
	PixFmt       string            `json:"pix_fmt"`
	AvgFrameRate string            `json:"avg_frame_rate"`
	RFrameRate   string            `json:"r_frame_rate"`
	Duration     string            `json:"duration"`
	BitRate      string            `json:"bit_rate"`
	NbFrames     string            `json:"nb_frames"`
	SampleRate   string            `json:"sample_rate"`
	Channels     int               `json:"channels"`
	Tags         map[string]string `json:"tags"`
	Disposition  map[string]int    `json:"disposition"`
	SideDataList []SideData        `json:"side_data_list"`
}

// SideData is stream side data; only the display matrix's rotation is read.
type SideData struct {
	Type     string   `json:"side_data_type"`
	Rotation *float64 `json:"rotation"`
}

// maxProbeBytes bounds ffprobe's JSON: a hostile file with thousands of streams or huge tags
// must not exhaust memory.
const maxProbeBytes = 8 << 20

// Probe runs ffprobe on a media-store file with the protocol and format whitelists.
func (r *Runner) Probe(ctx context.Context, path string) (*ProbeResult, error) {
	args := []string{"-v", "error", "-print_format", "json", "-show_format", "-show_streams"}
	args = append(args, "-protocol_whitelist", "file", "-format_whitelist", FormatWhitelist, "file:"+path)
	var out bytes.Buffer
	job := Job{
		Args: args,
		Stdout: func(rd io.Reader) error {
			n, err := io.Copy(&out, io.LimitReader(rd, maxProbeBytes+1))
			if n > maxProbeBytes {
				return fmt.Errorf("ffprobe output over %d bytes", maxProbeBytes)
			}
			return err
		},
	}
	if err := r.run(ctx, r.FFprobe, "ffprobe", job); err != nil {
		return nil, err
	}
	var res ProbeResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("parse ffprobe output: %w", err)
	}
	return &res, nil
}
