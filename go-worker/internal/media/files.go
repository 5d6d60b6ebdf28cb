package media

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// FileStore is a media store rooted at a real (symlink-free) directory.
type FileStore struct {
	root     string
	verified sync.Map // path -> fileIdentity: hashes already checked, see Open
}

// New opens the store at root, creating the directory if needed.
func New(root string) (*FileStore, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("create media root: %w", err)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("media root %s: %w", root, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("media root %s: %w", root, err)
	}
	return &FileStore{root: real}, nil
}

// Check has nothing to reach: the directory exists once New returned.
func (s *FileStore) Check(context.Context) error { return nil }

// Locate is the real path of an object, for people.
func (s *FileStore) Locate(uri string) string {
	if p, err := s.Path(uri); err == nil {
		return p
	}
	return uri
}

// Has says whether a file is stored at uri.
func (s *FileStore) Has(uri string) (bool, error) {
	p, err := s.Path(uri)
	if err != nil {
		return false, err
	}
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular(), nil
}

// Root is the real path of the store's directory.
func (s *FileStore) Root() string { return s.root }

// Path resolves a URI to a real path under the root. The deepest existing ancestor is
// resolved through symlinks; anything that lands outside the real root is refused with
// IntegrityError, so a symlink planted in the store cannot redirect reads or writes.
func (s *FileStore) Path(uri string) (string, error) {
	key, err := Key(uri)
	if err != nil {
		return "", err
	}
	p := filepath.Join(s.root, filepath.FromSlash(key))
	existing, rest := p, ""
	for {
		real, err := filepath.EvalSymlinks(existing)
		if err == nil {
			resolved := filepath.Join(real, rest)
			if !s.contains(resolved) {
				return "", contracts.Error(gen.ErrIntegrityError, "%s escapes the media store", uri)
			}
			return resolved, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", contracts.Wrap(gen.ErrIntegrityError, err, "resolve %s", uri)
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return "", contracts.Error(gen.ErrIntegrityError, "%s has no existing ancestor", uri)
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
}

func (s *FileStore) contains(p string) bool {
	rel, err := filepath.Rel(s.root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Remove deletes one object; a missing object is not an error (removal is retried freely).
func (s *FileStore) Remove(uri string) error {
	p, err := s.Path(uri)
	if err != nil {
		return err
	}
	s.verified.Delete(p)
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", uri, err)
	}
	return nil
}
