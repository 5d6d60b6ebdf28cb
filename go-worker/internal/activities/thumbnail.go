package activities

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"math"

	"golang.org/x/image/webp"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
	"polyglot-media/go-worker/internal/media"
)

const (
	// seekMargin: the frame time came from showinfo, rounded to microseconds; seeking a
	// little earlier makes sure that exact frame, not the next, is the first one decoded.
	seekMargin = 0.0005
	// seekTolerance: how much later than asked the first frame may be without suspicion.
	seekTolerance = 0.002
)

// poster is one requested rendition.
type poster struct {
	width  int
	format gen.ImageFormat
	key    string
}

// GenerateThumbnail renders the poster from the source video at the chosen frame's time,
// decoding once for every size and format, and stores each rendition.
func (a *Activities) GenerateThumbnail(ctx context.Context, in *gen.GenerateThumbnailInput) (*gen.GenerateThumbnailOutput, error) {
	path, err := a.Store.Open(in.Video)
	if err != nil {
		return nil, err
	}
	posters := uniquePosters(in)
	at := in.Frame.TimestampSeconds
	var images [][]byte
	var first *ffmpeg.FrameInfo
	// A first frame that is a keyframe later than asked means the demuxer overshot the seek
	// (MPEG-TS seeks by estimate): seek again further back, in the end from the start.
	for _, back := range []float64{seekMargin, 5, 30, 120, math.Inf(1)} {
		from := max(0, at-back)
		images, first, err = a.renderPosters(ctx, path, posters, at, from)
		if err != nil || first == nil || !first.Key || first.Seconds <= at+seekTolerance || from == 0 {
			break
		}
	}
	if err != nil {
		return nil, ffmpeg.Classify(err, fmt.Sprintf("render poster of %s at %.3f s", in.Video.URI, at))
	}
	if first == nil || len(images[0]) == 0 {
		return nil, contracts.Error(gen.ErrInvalidInput, "invalid GenerateThumbnailInput at $.frame.timestamp_seconds: %s has no frame at or after %.3f s", in.Video.URI, at)
	}
	refs := map[string]gen.Thumbnail{}
	for i, p := range posters {
		t, err := a.storePoster(p, images[i])
		if err != nil {
			for _, done := range refs {
				a.Store.Remove(string(done.Image.URI))
			}
			return nil, err
		}
		refs[p.key] = t
	}
	out := &gen.GenerateThumbnailOutput{SourceTimestampSeconds: math.Round(first.Seconds*1e6) / 1e6}
	for _, w := range in.Sizes {
		for _, f := range in.Formats {
			out.Thumbnails = append(out.Thumbnails, refs[posterKey(in.OutputPrefix, w, f)])
		}
	}
	return out, nil
}

// uniquePosters lists each (width, format) once, in request order.
func uniquePosters(in *gen.GenerateThumbnailInput) []poster {
	var out []poster
	seen := map[string]bool{}
	for _, w := range in.Sizes {
		for _, f := range in.Formats {
			key := posterKey(in.OutputPrefix, w, f)
			if !seen[key] {
				seen[key] = true
				out = append(out, poster{width: w, format: f, key: key})
			}
		}
	}
	return out
}

func posterKey(prefix gen.MediaURI, width int, f gen.ImageFormat) string {
	ext := "jpg"
	if f == gen.ImageFormatWebp {
		ext = "webp"
	}
	return media.Join(string(prefix), fmt.Sprintf("poster-%d.%s", width, ext))
}

func (a *Activities) storePoster(p poster, img []byte) (gen.Thumbnail, error) {
	decodeConfig, contentType := jpeg.DecodeConfig, "image/jpeg"
	if p.format == gen.ImageFormatWebp {
		decodeConfig, contentType = webp.DecodeConfig, "image/webp"
	}
	cfg, err := decodeConfig(bytes.NewReader(img))
	if err != nil {
		return gen.Thumbnail{}, fmt.Errorf("ffmpeg wrote an unreadable %s: %w", p.key, err)
	}
	ref, err := a.Store.Put(p.key, contentType, bytes.NewReader(img))
	if err != nil {
		return gen.Thumbnail{}, err
	}
	return gen.Thumbnail{Width: cfg.Width, Height: cfg.Height, Format: p.format, Image: ref}, nil
}
