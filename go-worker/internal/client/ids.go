package client

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"polyglot-media/go-worker/internal/media"
)

// DefaultMediaRoot is MEDIA_ROOT when the variable is not set.
const DefaultMediaRoot = ".data/media"

// WorkflowID is the id derived from a video URL: submitting the same URL while it runs
// attaches to that run, whichever client submits it.
func WorkflowID(videoURL string) string {
	sum := sha256.Sum256([]byte(videoURL))
	return "media-" + hex.EncodeToString(sum[:])[:20]
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// UploadName is a file name as an upload key segment: [A-Za-z0-9_.-] only, one `_` per
// character (a rune, as Python counts them), leading `.`, `_` and `-` stripped so the key
// cannot be hidden or look like an option; "video" when nothing is left.
func UploadName(fileName string) string {
	name := strings.TrimLeft(unsafeChars.ReplaceAllString(fileName, "_"), "._-")
	if name == "" {
		return "video"
	}
	return name
}

// Upload puts a local file into the media store at uploads/<sha16>/<name> (content
// addressed, so the same bytes are copied once) and returns its media:// URI. The store
// refuses a key that resolves outside MEDIA_ROOT and writes through a temp file + rename.
func Upload(mediaRoot, path string) (string, error) {
	digest, err := fileSHA256(path)
	if err != nil {
		return "", err
	}
	uri := "media://uploads/" + digest[:16] + "/" + UploadName(filepath.Base(path))
	if err := putOnce(mediaRoot, uri, path, "application/octet-stream", func() (io.ReadCloser, error) { return os.Open(path) }); err != nil {
		return "", err
	}
	return uri, nil
}

// putOnce writes uri into the media store from what open gives (source names it in errors),
// unless the store already holds a file there: keys are content-addressed, so it holds the
// same bytes. The store refuses a key that resolves outside MEDIA_ROOT and writes through a
// temp file + rename.
func putOnce(mediaRoot, uri, source, contentType string, open func() (io.ReadCloser, error)) error {
	store, err := media.New(mediaRoot)
	if err != nil {
		return err
	}
	final, err := store.Path(uri)
	if err != nil {
		return err
	}
	if info, err := os.Stat(final); err == nil && info.Mode().IsRegular() {
		return nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("check %s: %w", uri, err)
	}
	src, err := open()
	if err != nil {
		return fmt.Errorf("upload %s: %w", source, err)
	}
	defer src.Close()
	if _, err := store.Put(uri, contentType, src); err != nil {
		return fmt.Errorf("upload %s: %w", source, err)
	}
	return nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readableFile tells whether path is a regular file this process can open.
func readableFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	return err == nil && info.Mode().IsRegular()
}

// readFile is the content of path when it is a regular file this process can read.
func readFile(path string) ([]byte, bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	data, err := io.ReadAll(f)
	return data, err == nil
}
