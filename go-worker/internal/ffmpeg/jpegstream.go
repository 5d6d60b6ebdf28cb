package ffmpeg

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// maxJPEGBytes bounds one image from image2pipe (a 3840-wide frame is well under this).
const maxJPEGBytes = 64 << 20

// ReadJPEG reads the next whole JPEG (SOI to EOI) from a stream of concatenated JPEGs, as
// ffmpeg's image2pipe muxer writes them. It walks the marker segments instead of searching
// for FF D9, which may also occur inside APPn segments. It returns io.EOF at a clean end.
func ReadJPEG(r *bufio.Reader) ([]byte, error) {
	soi := make([]byte, 2)
	if _, err := io.ReadFull(r, soi); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("jpeg stream ends inside a marker: %w", err)
		}
		return nil, err
	}
	if soi[0] != 0xFF || soi[1] != 0xD8 {
		return nil, fmt.Errorf("jpeg stream: no start-of-image marker (got % x)", soi)
	}
	buf := append(make([]byte, 0, 64<<10), soi...)
	marker, err := nextMarker(r, &buf)
	for err == nil {
		switch {
		case marker == 0xD9: // end of image
			return buf, nil
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // no payload
			marker, err = nextMarker(r, &buf)
		default:
			if err = copySegment(r, &buf); err != nil {
				break
			}
			if marker == 0xDA { // start of scan: entropy-coded data runs up to the next marker
				marker, err = scanEntropy(r, &buf)
			} else {
				marker, err = nextMarker(r, &buf)
			}
		}
		if len(buf) > maxJPEGBytes {
			return nil, fmt.Errorf("jpeg image over %d bytes", maxJPEGBytes)
		}
	}
	return nil, fmt.Errorf("jpeg stream cut short: %w", unexpected(err))
}

// nextMarker reads FF (fill FFs allowed) and a marker code.
func nextMarker(r *bufio.Reader, buf *[]byte) (byte, error) {
	b, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	if b != 0xFF {
		return 0, fmt.Errorf("jpeg stream: expected a marker, got %#x", b)
	}
	*buf = append(*buf, b)
	for {
		if b, err = r.ReadByte(); err != nil {
			return 0, err
		}
		*buf = append(*buf, b)
		if b != 0xFF {
			return b, nil
		}
	}
}

// copySegment copies a marker segment: a big-endian length (counting itself) and payload.
func copySegment(r *bufio.Reader, buf *[]byte) error {
	var l [2]byte
	if _, err := io.ReadFull(r, l[:]); err != nil {
		return err
	}
	n := int(l[0])<<8 | int(l[1])
	if n < 2 {
		return fmt.Errorf("jpeg stream: segment length %d", n)
	}
	*buf = append(*buf, l[:]...)
	start := len(*buf)
	*buf = append(*buf, make([]byte, n-2)...)
	_, err := io.ReadFull(r, (*buf)[start:])
	return err
}

// scanEntropy copies entropy-coded bytes until a real marker: FF 00 is a stuffed FF and
// FF D0-D7 are restart markers, both part of the scan.
func scanEntropy(r *bufio.Reader, buf *[]byte) (byte, error) {
	for {
		b, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		*buf = append(*buf, b)
		if b != 0xFF {
			continue
		}
		for b == 0xFF {
			if b, err = r.ReadByte(); err != nil {
				return 0, err
			}
			*buf = append(*buf, b)
		}
		if b == 0x00 || (b >= 0xD0 && b <= 0xD7) {
			continue
		}
		return b, nil
	}
}

func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
