package activities

import (
	"context"
	"fmt"
	"io"
	"strings"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
)

// maxPosterBytes bounds one rendition held in memory (a 3840-wide JPEG is a few MB).
const maxPosterBytes = 64 << 20

// renderPosters decodes the frame at `at` once and encodes every poster, each on its own pipe
// (fd 3, 4, ...), so each rendition is written to the store by Go, hashed while written. It
// returns the images in posters order and the frame showinfo saw first (nil: no frame).
// Decoding starts at the keyframe before `from` (accurate seek); trim drops what comes
// before `at`, which matters when from is earlier than at.
func (a *Activities) renderPosters(ctx context.Context, path string, posters []poster, at, from float64) ([][]byte, *ffmpeg.FrameInfo, error) {
	var inputOpts []string
	if from > 0 {
		inputOpts = append(inputOpts, "-ss", num(from))
	}
	head := "[0:V:0]"
	if start := at - seekMargin; start > 0 {
		head += "trim=start=" + num(start) + ","
	}
	graph, outputs := posterGraph(head, posters)
	args := append(ffmpeg.Common(), "-copyts", "-start_at_zero")
	args = append(args, ffmpeg.Input(path, inputOpts...)...)
	args = append(args, "-filter_complex", graph)
	args = append(args, outputs...)

	images := make([][]byte, len(posters))
	consumers := make([]func(io.Reader) error, len(posters))
	for i := range posters {
		consumers[i] = func(r io.Reader) error {
			b, err := io.ReadAll(io.LimitReader(r, maxPosterBytes+1))
			if len(b) > maxPosterBytes {
				return fmt.Errorf("poster %s over %d bytes", posters[i].key, maxPosterBytes)
			}
			images[i] = b
			return err
		}
	}
	parser := ffmpeg.NewLogParser()
	var first *ffmpeg.FrameInfo
	job := ffmpeg.Job{
		Args:    args,
		Outputs: consumers,
		Stderr: func(line string) bool {
			f, consumed := parser.Line(line)
			if f != nil && first == nil {
				first = f
			}
			return consumed
		},
	}
	if err := a.FF.RunFFmpeg(ctx, job); err != nil {
		return nil, nil, err
	}
	return images, first, nil
}

// posterGraph splits the decoded frame once per width, scales it, splits again per format,
// and maps each branch to its own pipe.
func posterGraph(head string, posters []poster) (string, []string) {
	var widths []int
	byWidth := map[int][]int{}
	for i, p := range posters {
		if _, ok := byWidth[p.width]; !ok {
			widths = append(widths, p.width)
		}
		byWidth[p.width] = append(byWidth[p.width], i)
	}
	var g strings.Builder
	fmt.Fprintf(&g, "%sshowinfo=checksum=0,split=%d", head, len(widths))
	for wi := range widths {
		fmt.Fprintf(&g, "[w%d]", wi)
	}
	var outputs []string
	for wi, w := range widths {
		fmt.Fprintf(&g, ";[w%d]%s,split=%d", wi, scaleFilter(w, "lanczos"), len(byWidth[w]))
		for _, i := range byWidth[w] {
			fmt.Fprintf(&g, "[p%d]", i)
		}
	}
	for i, p := range posters {
		outputs = append(outputs, "-map", fmt.Sprintf("[p%d]", i), "-frames:v", "1")
		if p.format == gen.ImageFormatWebp {
			outputs = append(outputs, "-c:v", "libwebp", "-quality", "82")
		} else {
			outputs = append(outputs, "-c:v", "mjpeg", "-q:v", "2")
		}
		outputs = append(outputs, "-f", "image2pipe", fmt.Sprintf("pipe:%d", 3+i))
	}
	return g.String(), outputs
}
