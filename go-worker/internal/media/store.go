// Package media is the media store every Go activity reads and writes: media://<key>
// references, validated here the same way for every backend, each carrying the sha256 and
// size of its bytes. MEDIA_STORE chooses the backend (Open): a directory (FileStore) or
// S3-compatible object storage (S3Store).
package media

import (
	"context"
	"io"
	"regexp"
	"strings"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// Store is what the activities use. Open gives a local file (ffmpeg reads files); writes are
// atomic from a reader's view: an object appears whole at Commit, or not at all.
type Store interface {
	// Check reaches the store once, before the worker polls.
	Check(ctx context.Context) error
	// Open returns a local path holding the reference's bytes, verified against its sha256.
	Open(ref gen.MediaRef) (string, error)
	// Create starts writing an object. Call Commit or Abort.
	Create(uri, contentType string) (Writer, error)
	// Put writes a whole object from a reader.
	Put(uri, contentType string, r io.Reader) (gen.MediaRef, error)
	// Has says whether an object is stored at uri.
	Has(uri string) (bool, error)
	// Remove deletes one object; a missing object is not an error.
	Remove(uri string) error
	// Locate says where a person finds the object: a path or an s3:// URL.
	Locate(uri string) string
}

// Writer is one object being written.
type Writer interface {
	io.Writer
	Commit() (gen.MediaRef, error)
	Abort()
}

const scheme = "media://"

// keyPattern is the MediaUri pattern without the scheme: segments start with a letter, digit
// or underscore, so ".", ".." and absolute paths cannot be written.
var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$`)

const maxURILength = 512

// Key validates a media:// URI and returns its relative key.
func Key(uri string) (string, error) {
	key, ok := strings.CutPrefix(uri, scheme)
	if !ok || len(uri) > maxURILength || !keyPattern.MatchString(key) {
		return "", contracts.Error(gen.ErrInvalidInput, "invalid media reference %q: want media://<relative key>", uri)
	}
	return key, nil
}

// Join appends a file name to a media:// prefix.
func Join(prefix, name string) string {
	return strings.TrimSuffix(prefix, "/") + "/" + name
}
