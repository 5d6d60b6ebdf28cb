package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/media"
)

// WorkflowID is the default id of a run: media- and the first 20 hex of sha256(videoURL),
// so the same video started twice by any client attaches to its running workflow.
func WorkflowID(videoURL string) string {
	sum := sha256.Sum256([]byte(videoURL))
	return "media-" + hex.EncodeToString(sum[:])[:20]
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// Source is the video_url for SOURCE: a URL or media:// reference as given, a local file
// uploaded to media://uploads/<sha16>/<name>.
func Source(mediaRoot, source string) (string, error) {
	if strings.Contains(source, "://") {
		return source, nil // the schema judges it
	}
	return upload(mediaRoot, source, func(sha16 string) string {
		name := strings.TrimLeft(unsafeName.ReplaceAllString(filepath.Base(source), "_"), "._-")
		if name == "" {
			name = "video"
		}
		return "media://uploads/" + sha16 + "/" + name
	})
}

// UploadManifest uploads a batch FILE unparsed to media://manifests/<sha16>.jsonl and
// returns that reference and the default batch id, batch-<sha16>.
func UploadManifest(mediaRoot, path string) (uri, batchID string, err error) {
	uri, err = upload(mediaRoot, path, func(sha16 string) string {
		batchID = "batch-" + sha16
		return "media://manifests/" + sha16 + ".jsonl"
	})
	return uri, batchID, err
}

// upload puts the file at path into the media store at the reference that uri
// makes of the first 16 hex of its sha256, unless the store holds it already (references
// are content-addressed). A path that is not a readable file is InvalidInput.
func upload(mediaRoot, path string, uri func(sha16 string) string) (string, error) {
	f, err := os.Open(path)
	h := sha256.New()
	if err == nil {
		defer f.Close()
		_, err = io.Copy(h, f) // fails for a directory
	}
	if err != nil {
		return "", &Error{gen.ErrInvalidInput, "not a readable file: " + err.Error()}
	}
	ref := uri(hex.EncodeToString(h.Sum(nil))[:16])
	// The store the workers use: MEDIA_STORE, else the directory mediaRoot.
	spec := os.Getenv("MEDIA_STORE")
	if spec == "" {
		abs, err := filepath.Abs(mediaRoot)
		if err != nil {
			return "", err
		}
		spec = "file://" + abs
	}
	store, err := media.Open(context.Background(), media.Settings{
		Spec: spec, Scratch: filepath.Join(os.TempDir(), "media-client-scratch"), ScratchMaxBytes: 1 << 40,
	})
	if err != nil {
		return "", err
	}
	if has, err := store.Has(ref); err != nil || has {
		return ref, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	if _, err := store.Put(ref, "application/octet-stream", f); err != nil {
		return "", fmt.Errorf("upload %s: %w", path, err)
	}
	return ref, nil
}
