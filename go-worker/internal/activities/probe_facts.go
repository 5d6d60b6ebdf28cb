package activities

import (
	"math"
	"strconv"
	"strings"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
)

// maxFPS is the schema's bound; a larger rate is a broken or hostile header.
const maxFPS = 1000

// videoFacts turns ffprobe's report into a VideoProbe.
func videoFacts(res *ffmpeg.ProbeResult, uri string) (gen.VideoProbe, error) {
	video, audio := pickStreams(res.Streams)
	if video == nil {
		if audio != nil {
			return gen.VideoProbe{}, contracts.Error(gen.ErrUnsupportedMedia, "%s has no video stream (audio only)", uri)
		}
		return gen.VideoProbe{}, contracts.Error(gen.ErrUnsupportedMedia, "%s has no video stream", uri)
	}
	if video.Width <= 0 || video.Height <= 0 || video.CodecName == "" {
		return gen.VideoProbe{}, contracts.Error(gen.ErrUnsupportedMedia, "%s has no decodable video stream", uri)
	}
	fps := frameRate(video.AvgFrameRate)
	if fps <= 0 || fps > maxFPS {
		fps = frameRate(video.RFrameRate)
	}
	if fps <= 0 || fps > maxFPS {
		return gen.VideoProbe{}, contracts.Error(gen.ErrUnsupportedMedia, "%s has no usable frame rate (avg %q, r %q)", uri, video.AvgFrameRate, video.RFrameRate)
	}
	duration := positive(res.Format.Duration)
	if duration == 0 {
		duration = positive(video.Duration)
	}
	if duration == 0 {
		return gen.VideoProbe{}, contracts.Error(gen.ErrUnsupportedMedia, "%s has no known duration", uri)
	}
	rotation := rotationOf(video)
	width, height := video.Width, video.Height
	if rotation == 90 || rotation == 270 {
		width, height = height, width
	}
	frames := count(positive(video.NbFrames))
	if frames == 0 {
		frames = count(math.Round(duration * fps))
	}
	p := gen.VideoProbe{
		FormatName:      res.Format.FormatName,
		DurationSeconds: duration,
		Width:           width,
		Height:          height,
		Rotation:        gen.VideoProbeRotation(rotation),
		FPS:             fps,
		VideoCodec:      video.CodecName,
		PixelFormat:     video.PixFmt,
		BitRate:         integerOrNil(res.Format.BitRate, video.BitRate),
		FrameCount:      frames,
	}
	if audio != nil {
		p.HasAudio = true
		codec := audio.CodecName
		p.AudioCodec = &codec
		channels := audio.Channels
		p.AudioChannels = &channels
		p.AudioSampleRate = integerOrNil(audio.SampleRate)
	}
	return p, nil
}

// pickStreams returns the first real video stream (cover art is an attached picture, not a
// video) and the first audio stream.
func pickStreams(streams []ffmpeg.ProbeStream) (video, audio *ffmpeg.ProbeStream) {
	for i := range streams {
		s := &streams[i]
		switch {
		case s.CodecType == "video" && video == nil && s.Disposition["attached_pic"] == 0:
			video = s
		case s.CodecType == "audio" && audio == nil:
			audio = s
		}
	}
	return video, audio
}

// rotationOf is the clockwise rotation that displays the video upright: the display matrix
// (ffprobe reports it counter-clockwise) or else the legacy rotate tag (clockwise),
// normalised to 0, 90, 180 or 270. It is the angle ffmpeg's autorotate applies.
func rotationOf(s *ffmpeg.ProbeStream) int {
	for _, sd := range s.SideDataList {
		if sd.Type == "Display Matrix" && sd.Rotation != nil {
			return normaliseRotation(-*sd.Rotation)
		}
	}
	if tag, err := strconv.ParseFloat(s.Tags["rotate"], 64); err == nil {
		return normaliseRotation(tag)
	}
	return 0
}

func normaliseRotation(deg float64) int {
	r := int(math.Round(deg/90)) * 90 % 360
	if r < 0 {
		r += 360
	}
	return r
}

// count converts a parsed count, capped at the schema's largest integer (2^53-1) so a
// hostile header cannot overflow int; such a count is over every frame limit anyway.
func count(v float64) int {
	const maxExact = 1<<53 - 1
	if v > maxExact {
		return maxExact
	}
	return int(v)
}

// frameRate parses ffprobe's "num/den"; "0/0" and garbage are 0.
func frameRate(s string) float64 {
	num, den, ok := strings.Cut(s, "/")
	n, err1 := strconv.ParseFloat(num, 64)
	if !ok {
		if err1 != nil {
			return 0
		}
		return n
	}
	d, err2 := strconv.ParseFloat(den, 64)
	if err1 != nil || err2 != nil || d == 0 {
		return 0
	}
	return n / d
}

// positive parses a number ffprobe printed as a string; "N/A", negatives and NaN are 0.
func positive(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// integerOrNil is the first value that parses as a non-negative integer, or nil (unknown).
func integerOrNil(values ...string) *int {
	for _, s := range values {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil && v >= 0 {
			n := int(v)
			return &n
		}
	}
	return nil
}
