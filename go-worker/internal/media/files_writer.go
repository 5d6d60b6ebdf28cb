package media

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// fileWriter writes one object: bytes go to a hidden temporary file in the destination folder
// while their sha256 and size are computed; Commit renames it over the final name, so a
// reader never sees half a file and a retry simply rewrites the same key.
type fileWriter struct {
	store       *FileStore
	uri         string
	contentType string
	final       string
	tmp         *os.File
	hash        hash.Hash
	size        int64
}

// Create starts writing uri. Call Commit or Abort.
func (s *FileStore) Create(uri, contentType string) (Writer, error) {
	final, err := s.Path(uri)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create folder for %s: %w", uri, err)
	}
	// MkdirAll may have raced with a symlink swap; check the folder once more.
	if real, err := filepath.EvalSymlinks(dir); err != nil || !s.contains(real) {
		return nil, contracts.Error(gen.ErrIntegrityError, "%s escapes the media store", uri)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(final)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create temporary file for %s: %w", uri, err)
	}
	// CreateTemp makes the file private; the store is shared with the other workers.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("create temporary file for %s: %w", uri, err)
	}
	return &fileWriter{store: s, uri: uri, contentType: contentType, final: final, tmp: tmp, hash: sha256.New()}, nil
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.tmp.Write(p)
	w.hash.Write(p[:n])
	w.size += int64(n)
	return n, err
}

// Commit flushes the bytes to disk, renames them into place and returns their reference.
func (w *fileWriter) Commit() (gen.MediaRef, error) {
	if err := w.tmp.Sync(); err != nil {
		w.Abort()
		return gen.MediaRef{}, fmt.Errorf("flush %s: %w", w.uri, err)
	}
	if err := w.tmp.Close(); err != nil {
		w.Abort()
		return gen.MediaRef{}, fmt.Errorf("close %s: %w", w.uri, err)
	}
	if err := os.Rename(w.tmp.Name(), w.final); err != nil {
		w.Abort()
		return gen.MediaRef{}, fmt.Errorf("rename %s into place: %w", w.uri, err)
	}
	w.store.verified.Delete(w.final)
	return gen.MediaRef{
		URI:         gen.MediaURI(w.uri),
		Sha256:      gen.Sha256(hex.EncodeToString(w.hash.Sum(nil))),
		SizeBytes:   int(w.size),
		ContentType: w.contentType,
	}, nil
}

// Abort discards the temporary file; safe after Commit failed or succeeded.
func (w *fileWriter) Abort() {
	w.tmp.Close()
	os.Remove(w.tmp.Name())
}

// Put writes a whole object from a reader.
func (s *FileStore) Put(uri, contentType string, r io.Reader) (gen.MediaRef, error) {
	w, err := s.Create(uri, contentType)
	if err != nil {
		return gen.MediaRef{}, err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Abort()
		return gen.MediaRef{}, fmt.Errorf("write %s: %w", uri, err)
	}
	return w.Commit()
}
