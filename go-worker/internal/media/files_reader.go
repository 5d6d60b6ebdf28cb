package media

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// fileIdentity pins a verified hash to one version of one file. The same video is opened by
// the probe, every extract segment and the thumbnail: re-hashing gigabytes each time would
// cost more than the work itself, so a hash is reused while inode, size and mtime match.
// File times have the kernel's coarse clock granularity, so (as git does for its index) a
// file modified within racyWindow of being hashed is never cached: a rewrite in the same
// clock tick would otherwise keep the old mtime.
const racyWindow = 2 * time.Second

type fileIdentity struct {
	dev, ino uint64
	size     int64
	mtime    time.Time
	sha256   string
}

// Open checks an input reference and returns the real path of its bytes: SourceUnavailable
// when the object does not exist, IntegrityError when its size or sha256 differ.
func (s *FileStore) Open(ref gen.MediaRef) (string, error) {
	uri := string(ref.URI)
	p, err := s.Path(uri)
	if err != nil {
		return "", err
	}
	info, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return "", contracts.Error(gen.ErrSourceUnavailable, "%s does not exist in the media store", uri)
	}
	if err != nil {
		return "", fmt.Errorf("stat %s: %w", uri, err)
	}
	if !info.Mode().IsRegular() {
		return "", contracts.Error(gen.ErrSourceUnavailable, "%s is not a file", uri)
	}
	if info.Size() != int64(ref.SizeBytes) {
		return "", contracts.Error(gen.ErrIntegrityError, "%s has %d bytes, the reference says %d", uri, info.Size(), ref.SizeBytes)
	}
	id := identify(info)
	if cached, ok := s.verified.Load(p); ok && sameFile(cached.(fileIdentity), id) {
		id.sha256 = cached.(fileIdentity).sha256
	} else if id.sha256, err = hashFile(p); err != nil {
		return "", fmt.Errorf("hash %s: %w", uri, err)
	}
	if id.sha256 != string(ref.Sha256) {
		return "", contracts.Error(gen.ErrIntegrityError, "%s has sha256 %s, the reference says %s", uri, id.sha256, ref.Sha256)
	}
	if time.Since(id.mtime) > racyWindow {
		s.verified.Store(p, id)
	}
	return p, nil
}

func identify(info os.FileInfo) fileIdentity {
	id := fileIdentity{size: info.Size(), mtime: info.ModTime()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		id.dev, id.ino = uint64(st.Dev), st.Ino
	}
	return id
}

func sameFile(a, b fileIdentity) bool {
	return a.dev == b.dev && a.ino == b.ino && a.size == b.size && a.mtime.Equal(b.mtime)
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
