package media_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/media"
	"polyglot-media/go-worker/internal/testutil"
)

func openS3(t *testing.T, srv *testutil.S3Server, spec string) *media.S3Store {
	t.Helper()
	srv.Env(t)
	s, err := media.Open(context.Background(), media.Settings{Spec: spec, Scratch: t.TempDir(), ScratchMaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.(*media.S3Store).Scratch.Close() })
	return s.(*media.S3Store)
}

func TestS3PutOpenRemove(t *testing.T) {
	srv := testutil.StartS3(t, "media")
	writer := openS3(t, srv, "s3://media/env1")
	if err := writer.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	body := []byte("frame bytes")
	ref, err := writer.Put("media://runs/r1/frames/a.jpg", "image/jpeg", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	if string(ref.Sha256) != hex.EncodeToString(sum[:]) || ref.SizeBytes != len(body) {
		t.Fatalf("reference %+v", ref)
	}
	// The object sits under the prefix in the served directory: the bytes really went to S3.
	if got, err := os.ReadFile(filepath.Join(srv.Root, "media", "env1", "runs", "r1", "frames", "a.jpg")); err != nil || !bytes.Equal(got, body) {
		t.Fatalf("object on the server: %q %v", got, err)
	}
	// Another worker (its own scratch) fetches and verifies it.
	reader := openS3(t, srv, "s3://media/env1")
	path, err := reader.Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, body) || !strings.HasPrefix(path, reader.Scratch.Dir) {
		t.Fatalf("local copy %s: %q", path, got)
	}
	bad := ref
	bad.Sha256 = gen.Sha256(strings.Repeat("0", 64))
	if _, err := openS3(t, srv, "s3://media/env1").Open(bad); contracts.TypeOf(err) != gen.ErrIntegrityError {
		t.Fatalf("wrong sha256: want IntegrityError, got %v", err)
	}
	if err := writer.Remove("media://runs/r1/frames/a.jpg"); err != nil {
		t.Fatal(err)
	}
	if _, err := openS3(t, srv, "s3://media/env1").Open(ref); contracts.TypeOf(err) != gen.ErrSourceUnavailable {
		t.Fatalf("removed object: want SourceUnavailable, got %v", err)
	}
	if _, err := writer.Put("media://../x", "text/plain", strings.NewReader("x")); contracts.TypeOf(err) != gen.ErrInvalidInput {
		t.Fatalf("traversal: want InvalidInput, got %v", err)
	}
}

// An aborted write leaves nothing under the key.
func TestS3AbortLeavesNoObject(t *testing.T) {
	srv := testutil.StartS3(t, "media")
	s := openS3(t, srv, "s3://media")
	w, err := s.Create("media://runs/r2/poster.jpg", "image/jpeg")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("half a poster"))
	w.Abort()
	if _, err := os.Stat(filepath.Join(srv.Root, "media", "runs", "r2", "poster.jpg")); !os.IsNotExist(err) {
		t.Fatalf("aborted object exists: %v", err)
	}
	if entries, _ := os.ReadDir(s.Scratch.Dir); len(entries) != 1 { // the lock file only
		t.Fatalf("scratch keeps %d entries", len(entries))
	}
}

func TestS3BadConfigurationIsOneLine(t *testing.T) {
	srv := testutil.StartS3(t, "media")
	cases := map[string]func(t *testing.T) string{
		"does not exist": func(t *testing.T) string { return "s3://missing" },
		"credentials refused": func(t *testing.T) string {
			t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong")
			return "s3://media"
		},
		"cannot reach": func(t *testing.T) string {
			t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
			return "s3://media"
		},
	}
	for want, setup := range cases {
		t.Run(want, func(t *testing.T) {
			srv.Env(t)
			spec := setup(t)
			s, err := media.Open(context.Background(), media.Settings{Spec: spec, Scratch: t.TempDir(), ScratchMaxBytes: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Check(context.Background())
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("want %q, got %v", want, err)
			}
		})
	}
	if _, err := media.Open(context.Background(), media.Settings{Spec: "ftp://x"}); err == nil || !strings.Contains(err.Error(), "unknown scheme") {
		t.Fatalf("unknown scheme: %v", err)
	}
}

// A store outage is StoreUnavailable (retryable); once the store is back the same call works.
func TestS3OutageIsRetryable(t *testing.T) {
	srv := testutil.StartS3(t, "media")
	s := openS3(t, srv, "s3://media")
	srv.Stop()
	_, err := s.Put("media://runs/r3/a.json", "application/json", strings.NewReader("{}"))
	if contracts.TypeOf(err) != gen.ErrStoreUnavailable {
		t.Fatalf("outage: want StoreUnavailable, got %v", err)
	}
	srv.Start(t)
	if _, err := s.Put("media://runs/r3/a.json", "application/json", strings.NewReader("{}")); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
}
