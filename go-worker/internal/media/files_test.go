package media_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/media"
)

func newStore(t *testing.T) *media.FileStore {
	t.Helper()
	s, err := media.New(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestKeyRefusesTraversal(t *testing.T) {
	for _, uri := range []string{
		"media://../etc/passwd", "media:///etc/passwd", "media://runs/../../x", "media://runs/./x",
		"media://runs//x", "media://", "file:///etc/passwd", "media://runs/.hidden", "media://a\\b",
		"media://" + strings.Repeat("a", 600),
	} {
		if _, err := media.Key(uri); contracts.TypeOf(err) != gen.ErrInvalidInput {
			t.Errorf("%q: want InvalidInput, got %v", uri, err)
		}
	}
	if key, err := media.Key("media://runs/r1/frames/t000000000.jpg"); err != nil || key != "runs/r1/frames/t000000000.jpg" {
		t.Errorf("valid key: %q %v", key, err)
	}
}

// A symlink inside the store that points outside must not let a read or a write escape.
func TestSymlinkEscapeIsIntegrityError(t *testing.T) {
	s := newStore(t)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.mp4")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(s.Root(), "runs")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(s.Root(), "link.mp4")); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("secret"))
	for _, uri := range []string{"media://runs/secret.mp4", "media://link.mp4"} {
		ref := gen.MediaRef{URI: gen.MediaURI(uri), Sha256: gen.Sha256(hex.EncodeToString(sum[:])), SizeBytes: 6, ContentType: "video/mp4"}
		if _, err := s.Open(ref); contracts.TypeOf(err) != gen.ErrIntegrityError {
			t.Errorf("open %s: want IntegrityError, got %v", uri, err)
		}
	}
	if _, err := s.Create("media://runs/new/frame.jpg", "image/jpeg"); contracts.TypeOf(err) != gen.ErrIntegrityError {
		t.Errorf("create through symlink: want IntegrityError, got %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("something was written outside the store: %v", entries)
	}
}

func TestAtomicWrite(t *testing.T) {
	s := newStore(t)
	w, err := s.Create("media://runs/r1/a.jpg", "image/jpeg")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("hello "))
	w.Write([]byte("world"))
	final := filepath.Join(s.Root(), "runs", "r1", "a.jpg")
	if _, err := os.Stat(final); !os.IsNotExist(err) {
		t.Fatalf("final name visible before commit: %v", err)
	}
	tmps, _ := filepath.Glob(filepath.Join(s.Root(), "runs", "r1", ".a.jpg.tmp-*"))
	if len(tmps) != 1 {
		t.Fatalf("want one hidden temporary file, got %v", tmps)
	}
	ref, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("hello world"))
	if string(ref.Sha256) != hex.EncodeToString(sum[:]) || ref.SizeBytes != 11 || ref.ContentType != "image/jpeg" || ref.URI != "media://runs/r1/a.jpg" {
		t.Errorf("ref %+v", ref)
	}
	if b, _ := os.ReadFile(final); string(b) != "hello world" {
		t.Errorf("content %q", b)
	}
	if info, err := os.Stat(final); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("objects must be readable by the other workers: %v %v", info.Mode(), err)
	}
	if tmps, _ := filepath.Glob(filepath.Join(s.Root(), "runs", "r1", ".*")); len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	// An aborted rewrite leaves the committed object untouched and no temporary file.
	w, _ = s.Create("media://runs/r1/a.jpg", "image/jpeg")
	w.Write([]byte("partial"))
	w.Abort()
	if b, _ := os.ReadFile(final); string(b) != "hello world" {
		t.Errorf("abort changed the object: %q", b)
	}
	if tmps, _ := filepath.Glob(filepath.Join(s.Root(), "runs", "r1", ".*")); len(tmps) != 0 {
		t.Errorf("temporary files left after abort: %v", tmps)
	}
}

func TestOpenChecksReference(t *testing.T) {
	s := newStore(t)
	ref, err := s.Put("media://v/source.mp4", "video/mp4", strings.NewReader("0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	if p, err := s.Open(ref); err != nil || filepath.Base(p) != "source.mp4" {
		t.Fatalf("open: %q %v", p, err)
	}
	missing := ref
	missing.URI = "media://v/missing.mp4"
	if _, err := s.Open(missing); contracts.TypeOf(err) != gen.ErrSourceUnavailable {
		t.Errorf("missing: want SourceUnavailable, got %v", err)
	}
	wrongSize := ref
	wrongSize.SizeBytes = 11
	if _, err := s.Open(wrongSize); contracts.TypeOf(err) != gen.ErrIntegrityError {
		t.Errorf("size: want IntegrityError, got %v", err)
	}
	// Same size, different bytes, written after the first (cached) verification.
	if err := os.WriteFile(filepath.Join(s.Root(), "v", "source.mp4"), []byte("9876543210"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ref); contracts.TypeOf(err) != gen.ErrIntegrityError {
		t.Errorf("changed bytes: want IntegrityError, got %v", err)
	}
}

func TestRemove(t *testing.T) {
	s := newStore(t)
	ref, _ := s.Put("media://x/y.jpg", "image/jpeg", strings.NewReader("y"))
	if err := s.Remove(string(ref.URI)); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(string(ref.URI)); err != nil {
		t.Errorf("removing a missing object: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.Root(), "x", "y.jpg")); !os.IsNotExist(err) {
		t.Error("object still there")
	}
}
