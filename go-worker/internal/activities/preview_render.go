package activities

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/image/webp"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
)

const (
	// maxPreviewBytes bounds the preview held in memory (320 px, 6 s: a few hundred KB).
	maxPreviewBytes = 16 << 20
	// previewQuality is libwebp's lossy quality: a small image, seen at its size on hover.
	previewQuality = 70
)

// renderPreview decodes each clip from its own accurately seeked input, samples it at the
// preview's rate and width, concatenates the clips and encodes them with libwebp_anim,
// looping forever, on pipe 3. It also returns how many frames reached the encoder (showinfo):
// none means no clip had a frame, and the encoder's own failure then says nothing useful.
func (a *Activities) renderPreview(ctx context.Context, path string, in *gen.GeneratePreviewInput) ([]byte, int, error) {
	args := ffmpeg.Common()
	var g strings.Builder
	for i, t := range in.TimesSeconds {
		args = append(args, ffmpeg.Input(path, "-ss", num(t), "-t", num(in.ClipSeconds))...)
		fmt.Fprintf(&g, "[%d:V:0]fps=%d,%s,setpts=PTS-STARTPTS[c%d];", i, in.FPS, scaleFilter(in.Width, "bicubic"), i)
	}
	for i := range in.TimesSeconds {
		fmt.Fprintf(&g, "[c%d]", i)
	}
	fmt.Fprintf(&g, "concat=n=%d:v=1:a=0,showinfo=checksum=0[out]", len(in.TimesSeconds))
	args = append(args, "-filter_complex", g.String(), "-map", "[out]", "-an",
		"-c:v", "libwebp_anim", "-loop", "0", "-quality", fmt.Sprint(previewQuality),
		"-f", "webp", "pipe:3")

	var img []byte
	seen := 0
	parser := ffmpeg.NewLogParser()
	job := ffmpeg.Job{
		Args: args,
		Outputs: []func(io.Reader) error{func(r io.Reader) error {
			b, err := io.ReadAll(io.LimitReader(r, maxPreviewBytes+1))
			if len(b) > maxPreviewBytes {
				return fmt.Errorf("preview over %d bytes", maxPreviewBytes)
			}
			img = b
			return err
		}},
		Stderr: func(line string) bool {
			f, consumed := parser.Line(line)
			if f != nil {
				seen++
			}
			return consumed
		},
	}
	err := a.FF.RunFFmpeg(ctx, job)
	return img, seen, err
}

// webpInfo is what the RIFF chunks of an animated WebP say.
type webpInfo struct {
	width, height, frames, durationMS int
}

// readAnimatedWebP walks the RIFF chunks: the VP8X canvas gives the size, each ANMF chunk is
// one frame with its duration. (Go's image/webp, like ffmpeg 5.1's decoder, reads still
// images only.) libwebp_anim writes a still WebP when every frame was the same (a static
// video): that is one frame without a duration of its own.
func readAnimatedWebP(b []byte) (webpInfo, error) {
	var info webpInfo
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return info, errors.New("not a RIFF WEBP file")
	}
	u24 := func(p []byte) int { return int(p[0]) | int(p[1])<<8 | int(p[2])<<16 }
	for i := 12; i+8 <= len(b); {
		fourcc, size := string(b[i:i+4]), int(binary.LittleEndian.Uint32(b[i+4:i+8]))
		body := b[i+8:]
		if size > len(body) {
			return info, fmt.Errorf("chunk %q of %d bytes runs past the end", fourcc, size)
		}
		body = body[:size]
		switch {
		case fourcc == "VP8X" && size >= 10:
			info.width, info.height = u24(body[4:7])+1, u24(body[7:10])+1
		case fourcc == "ANMF" && size >= 16:
			info.frames++
			info.durationMS += u24(body[12:15])
		}
		i += 8 + size + size&1
	}
	if info.frames == 0 {
		cfg, err := webp.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return info, fmt.Errorf("neither an animated nor a still WebP: %w", err)
		}
		return webpInfo{width: cfg.Width, height: cfg.Height, frames: 1}, nil
	}
	if info.width == 0 {
		return info, errors.New("animation frames without a VP8X canvas")
	}
	return info, nil
}
