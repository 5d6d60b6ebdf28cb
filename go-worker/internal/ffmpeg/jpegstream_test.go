package ffmpeg_test

import (
	"bufio"
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"testing"

	"polyglot-media/go-worker/internal/ffmpeg"
)

func encodeJPEG(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7) // noise, so the scan contains FF bytes that need stuffing
	}
	img.Set(0, 0, c)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withComment inserts a COM segment whose payload contains FF D9 (an end-of-image marker
// byte pair), which a naive splitter would cut at.
func withComment(img []byte) []byte {
	com := []byte{0xFF, 0xFE, 0x00, 0x06, 'a', 0xFF, 0xD9, 'b'}
	return append(append(append([]byte{}, img[:2]...), com...), img[2:]...)
}

func TestReadJPEGSplitsConcatenatedImages(t *testing.T) {
	imgs := [][]byte{
		encodeJPEG(t, 64, 48, color.White),
		withComment(encodeJPEG(t, 33, 17, color.Black)),
		encodeJPEG(t, 8, 8, color.White),
	}
	r := bufio.NewReader(bytes.NewReader(bytes.Join(imgs, nil)))
	for i, want := range imgs {
		got, err := ffmpeg.ReadJPEG(r)
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("image %d: got %d bytes, want %d", i, len(got), len(want))
		}
		if _, err := jpeg.DecodeConfig(bytes.NewReader(got)); err != nil {
			t.Fatalf("image %d does not decode: %v", i, err)
		}
	}
	if _, err := ffmpeg.ReadJPEG(r); !errors.Is(err, io.EOF) {
		t.Errorf("after the last image: want io.EOF, got %v", err)
	}
}

func TestReadJPEGTruncated(t *testing.T) {
	img := encodeJPEG(t, 64, 48, color.White)
	_, err := ffmpeg.ReadJPEG(bufio.NewReader(bytes.NewReader(img[:len(img)/2])))
	if err == nil || errors.Is(err, io.EOF) {
		t.Errorf("half an image: want an error other than io.EOF, got %v", err)
	}
	_, err = ffmpeg.ReadJPEG(bufio.NewReader(bytes.NewReader([]byte("not a jpeg"))))
	if err == nil {
		t.Error("garbage accepted")
	}
}
