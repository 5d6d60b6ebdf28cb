package media

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// Scratch is a bounded, per-worker directory of local copies of objects (MEDIA_SCRATCH):
// ffmpeg reads files, so with an object store each object is fetched here once, verified, and
// reused by every activity of the run. The worker holds a flock on its own subdirectory; a
// worker that starts removes every sibling whose lock is free, so what `kill -9` left goes at
// the next start. Past MaxBytes the least recently used copies are evicted (an open file
// survives unlinking, so an ffmpeg already reading keeps its bytes).
type Scratch struct {
	Dir      string
	MaxBytes int64
	lock     *os.File
	mu       sync.Mutex
	fetching map[string]*sync.Mutex
	peak     int64
}

const (
	ownedPrefix = "w-"
	lockName    = ".lock"
)

// NewScratch sweeps base and takes a fresh locked subdirectory of it.
func NewScratch(base string, maxBytes int64) (*Scratch, error) {
	if err := os.MkdirAll(base, 0o755); err != nil {
		return nil, fmt.Errorf("MEDIA_SCRATCH %s: %w", base, err)
	}
	if _, err := Sweep(base); err != nil {
		return nil, err
	}
	id := make([]byte, 8)
	rand.Read(id)
	// Locked before it gets its final name, so a concurrent sweep never sees it unlocked.
	fresh := filepath.Join(base, ".new-"+hex.EncodeToString(id))
	if err := os.Mkdir(fresh, 0o755); err != nil {
		return nil, fmt.Errorf("MEDIA_SCRATCH %s: %w", base, err)
	}
	lock, err := os.OpenFile(filepath.Join(fresh, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("MEDIA_SCRATCH %s: %w", base, err)
	}
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("MEDIA_SCRATCH %s: lock: %w", base, err)
	}
	dir := filepath.Join(base, ownedPrefix+hex.EncodeToString(id))
	if err := os.Rename(fresh, dir); err != nil {
		lock.Close()
		return nil, fmt.Errorf("MEDIA_SCRATCH %s: %w", base, err)
	}
	return &Scratch{Dir: dir, MaxBytes: maxBytes, lock: lock, fetching: map[string]*sync.Mutex{}}, nil
}

// Sweep removes the subdirectories of base whose owner is gone (their lock is free).
func Sweep(base string) ([]string, error) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return nil, fmt.Errorf("MEDIA_SCRATCH %s: %w", base, err)
	}
	var removed []string
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), ownedPrefix) {
			continue
		}
		dir := filepath.Join(base, e.Name())
		f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) == nil {
			os.RemoveAll(dir)
			removed = append(removed, dir)
		}
		f.Close()
	}
	return removed, nil
}

// Get returns the local copy called name, fetching it once with fetch(tmp). With a sha256 the
// bytes are verified before they become visible under name.
func (s *Scratch) Get(name string, size int64, sha256 string, fetch func(tmp string) error) (string, error) {
	s.mu.Lock()
	m, ok := s.fetching[name]
	if !ok {
		m = &sync.Mutex{}
		s.fetching[name] = m
	}
	s.mu.Unlock()
	m.Lock() // concurrent readers of one object wait for a single fetch
	defer m.Unlock()
	path := filepath.Join(s.Dir, name)
	if info, err := os.Stat(path); err == nil && info.Size() == size {
		now := time.Now()
		os.Chtimes(path, now, now) // most recently used
		return path, nil
	}
	if size > s.MaxBytes {
		return "", contracts.Error(gen.ErrMediaTooLarge, "%d bytes do not fit the %d byte scratch directory (MEDIA_SCRATCH_MAX_BYTES)", size, s.MaxBytes)
	}
	s.evict(size, path)
	tmp := filepath.Join(s.Dir, "."+name+".tmp")
	defer os.Remove(tmp)
	if err := fetch(tmp); err != nil {
		return "", err
	}
	if sha256 != "" {
		got, err := hashFile(tmp)
		if err != nil {
			return "", fmt.Errorf("hash %s: %w", tmp, err)
		}
		info, err := os.Stat(tmp)
		if err != nil {
			return "", err
		}
		if got != sha256 || info.Size() != size {
			return "", contracts.Error(gen.ErrIntegrityError, "fetched %d bytes with sha256 %s, the reference says %d bytes with %s", info.Size(), got, size, sha256)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	s.mu.Lock()
	s.peak = max(s.peak, s.used())
	s.mu.Unlock()
	return path, nil
}

// Peak is the most bytes the directory held at once.
func (s *Scratch) Peak() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// Close removes the directory and releases its lock.
func (s *Scratch) Close() error {
	err := os.RemoveAll(s.Dir)
	s.lock.Close()
	return err
}

type entry struct {
	path  string
	size  int64
	mtime time.Time
}

func (s *Scratch) entries() []entry {
	des, _ := os.ReadDir(s.Dir)
	var out []entry
	for _, d := range des {
		if d.Name() == lockName || !d.Type().IsRegular() {
			continue
		}
		info, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) || err != nil {
			continue
		}
		out = append(out, entry{filepath.Join(s.Dir, d.Name()), info.Size(), info.ModTime()})
	}
	return out
}

func (s *Scratch) used() int64 {
	var n int64
	for _, e := range s.entries() {
		n += e.size
	}
	return n
}

// evict removes least recently used copies until incoming fits (temporary files stay).
func (s *Scratch) evict(incoming int64, keep string) {
	es := s.entries()
	sort.Slice(es, func(i, j int) bool { return es[i].mtime.Before(es[j].mtime) })
	total := int64(0)
	for _, e := range es {
		total += e.size
	}
	for _, e := range es {
		if total+incoming <= s.MaxBytes {
			return
		}
		if e.path != keep && !strings.HasPrefix(filepath.Base(e.path), ".") {
			os.Remove(e.path)
			total -= e.size
		}
	}
}
