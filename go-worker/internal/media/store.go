// Package media is the local media store shared by every worker: media://<key> maps to
// MEDIA_ROOT/<key>, keys are validated, real paths must stay under the real MEDIA_ROOT, writes
// are atomic and every reference carries the sha256 and size of its bytes.
package media

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

const scheme = "media://"

// keyPattern is the MediaUri pattern without the scheme: segments start with a letter, digit
// or underscore, so ".", ".." and absolute paths cannot be written.
var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$`)

const maxURILength = 512

// Store is a media store rooted at a real (symlink-free) directory.
type Store struct {
	root     string
	verified sync.Map // path -> fileIdentity: hashes already checked, see Open
}

// New opens the store at root, creating the directory if needed.
func New(root string) (*Store, error) {
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
	return &Store{root: real}, nil
}

// Root is the real path of the store's directory.
func (s *Store) Root() string { return s.root }

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

// Path resolves a URI to a real path under the root. The deepest existing ancestor is
// resolved through symlinks; anything that lands outside the real root is refused with
// IntegrityError, so a symlink planted in the store cannot redirect reads or writes.
func (s *Store) Path(uri string) (string, error) {
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

func (s *Store) contains(p string) bool {
	rel, err := filepath.Rel(s.root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Remove deletes one object; a missing object is not an error (removal is retried freely).
func (s *Store) Remove(uri string) error {
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
