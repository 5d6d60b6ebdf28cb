package activities

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"os"
	"runtime"
	"sync"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // frames may be WebP as well as JPEG

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// sheetQuality is the JPEG quality of contact sheets: small previews, viewed scaled.
const sheetQuality = 80

// drawSheet draws the tiles of one sheet (decoded and scaled in parallel, each into its own
// rectangle) and writes the sheet as JPEG, hashed while it is encoded.
func (a *Activities) drawSheet(ctx context.Context, uri string, l layout, cues []cue) (gen.MediaRef, error) {
	rowsUsed := (len(cues) + l.columns - 1) / l.columns
	sheet := image.NewRGBA(image.Rect(0, 0, l.columns*l.tileW, rowsUsed*l.tileH))
	draw.Draw(sheet, sheet.Bounds(), image.Black, image.Point{}, draw.Src)

	jobs := make(chan int)
	errs := make([]error, len(cues))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				x, y := l.tileOrigin(i)
				errs[i] = a.drawTile(sheet, image.Rect(x, y, x+l.tileW, y+l.tileH), cues[i].frame)
			}
		})
	}
	for i := range cues {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return gen.MediaRef{}, fmt.Errorf("storyboard stopped: %w", err)
	}
	for _, err := range errs {
		if err != nil {
			return gen.MediaRef{}, err
		}
	}
	w, err := a.Store.Create(uri, "image/jpeg")
	if err != nil {
		return gen.MediaRef{}, err
	}
	if err := jpeg.Encode(w, sheet, &jpeg.Options{Quality: sheetQuality}); err != nil {
		w.Abort()
		return gen.MediaRef{}, fmt.Errorf("encode %s: %w", uri, err)
	}
	return w.Commit()
}

// drawTile reads one frame (checked against its reference) and scales it into r.
func (a *Activities) drawTile(dst draw.Image, r image.Rectangle, f gen.FrameRef) error {
	path, err := a.Store.Open(f.Image)
	if err != nil {
		return err
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open frame %s: %w", f.Image.URI, err)
	}
	defer file.Close()
	src, _, err := image.Decode(file)
	if err != nil {
		return contracts.Wrap(gen.ErrMediaCorrupt, err, "decode frame %s", f.Image.URI)
	}
	xdraw.BiLinear.Scale(dst, r, src, src.Bounds(), xdraw.Src, nil)
	return nil
}
