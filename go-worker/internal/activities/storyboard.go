package activities

import (
	"context"
	"fmt"
	"strings"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/media"
)

const (
	maxSheets = 1000 // the schema's bound on Storyboard.sheets
	// maxSheetSide is JPEG's largest dimension; maxSheetPixels keeps one sheet's RGBA
	// buffer (4 bytes a pixel) to a sane size.
	maxSheetSide   = 65535
	maxSheetPixels = 64 << 20
)

// layout is the geometry shared by every sheet.
type layout struct {
	tileW, tileH, columns, rows int
}

func (l layout) perSheet() int { return l.columns * l.rows }

// BuildStoryboard draws the frames, in time order, as tiles on contact sheets of
// columns x rows and writes a WebVTT file whose cues point into the sheets with #xywh.
func (a *Activities) BuildStoryboard(ctx context.Context, in *gen.BuildStoryboardInput) (*gen.BuildStoryboardOutput, error) {
	cues := planCues(in.Frames, in.DurationSeconds)
	first := cues[0].frame
	l := layout{tileW: in.TileWidth, tileH: evenHeight(in.TileWidth, first.Width, first.Height), columns: in.Columns, rows: in.Rows}
	sheets := (len(cues) + l.perSheet() - 1) / l.perSheet()
	switch {
	case sheets > maxSheets:
		return nil, contracts.Error(gen.ErrInvalidInput, "invalid BuildStoryboardInput at $.frames: %d tiles need %d sheets of %dx%d, at most %d are allowed", len(cues), sheets, l.columns, l.rows, maxSheets)
	case l.columns*l.tileW > maxSheetSide || l.rows*l.tileH > maxSheetSide || l.columns*l.tileW*l.rows*l.tileH > maxSheetPixels:
		return nil, contracts.Error(gen.ErrInvalidInput, "invalid BuildStoryboardInput at $.tile_width: a sheet of %dx%d tiles of %dx%d is too large", l.columns, l.rows, l.tileW, l.tileH)
	}

	var written []string
	fail := func(err error) (*gen.BuildStoryboardOutput, error) {
		for _, uri := range written {
			a.Store.Remove(uri)
		}
		return nil, err
	}
	board := gen.Storyboard{TileWidth: l.tileW, TileHeight: l.tileH, Columns: l.columns, Rows: l.rows, TileCount: len(cues)}
	texts := make([]string, len(cues))
	for s := range sheets {
		name := fmt.Sprintf("sheet-%03d.jpg", s)
		lo, hi := s*l.perSheet(), min(len(cues), (s+1)*l.perSheet())
		ref, err := a.drawSheet(ctx, media.Join(string(in.OutputPrefix), name), l, cues[lo:hi])
		if err != nil {
			return fail(err)
		}
		written = append(written, string(ref.URI))
		board.Sheets = append(board.Sheets, ref)
		for i := lo; i < hi; i++ {
			x, y := l.tileOrigin(i - lo)
			texts[i] = fmt.Sprintf("%s#xywh=%d,%d,%d,%d", name, x, y, l.tileW, l.tileH)
		}
	}
	vtt, err := a.Store.Put(media.Join(string(in.OutputPrefix), "storyboard.vtt"), "text/vtt", strings.NewReader(webVTT(cues, texts)))
	if err != nil {
		return fail(err)
	}
	board.Vtt = vtt
	return &gen.BuildStoryboardOutput{Storyboard: board}, nil
}

func (l layout) tileOrigin(i int) (int, int) {
	return i % l.columns * l.tileW, i / l.columns * l.tileH
}

// evenHeight keeps the frames' aspect ratio at width w, rounded to an even number >= 2.
func evenHeight(w, frameW, frameH int) int {
	h := 2 * int(float64(w)*float64(frameH)/float64(frameW)/2+0.5)
	return max(2, h)
}
