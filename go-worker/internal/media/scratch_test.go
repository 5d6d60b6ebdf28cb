package media_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/media"
)

func put(content string) func(tmp string) error {
	return func(tmp string) error { return os.WriteFile(tmp, []byte(content), 0o644) }
}

func digest(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

func TestScratchFetchesOnceAndEvictsPastTheCap(t *testing.T) {
	s, err := media.NewScratch(t.TempDir(), 10)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fetches := 0
	counted := func(content string) func(string) error {
		return func(tmp string) error { fetches++; return put(content)(tmp) }
	}
	a, err := s.Get("a", 6, digest("aaaaaa"), counted("aaaaaa"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("a", 6, digest("aaaaaa"), counted("aaaaaa")); err != nil || fetches != 1 {
		t.Fatalf("second get fetched again (%d fetches, %v)", fetches, err)
	}
	// 6 + 6 > 10: the least recently used copy goes.
	if _, err := s.Get("b", 6, digest("bbbbbb"), counted("bbbbbb")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Fatalf("a was not evicted: %v", err)
	}
	if _, err := s.Get("c", 11, "", put(strings.Repeat("c", 11))); contracts.TypeOf(err) != gen.ErrMediaTooLarge {
		t.Fatalf("above the cap: want MediaTooLarge, got %v", err)
	}
	if _, err := s.Get("d", 3, digest("xyz"), put("abc")); contracts.TypeOf(err) != gen.ErrIntegrityError {
		t.Fatalf("wrong bytes: want IntegrityError, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "d")); !os.IsNotExist(err) {
		t.Fatal("unverified bytes are visible under their name")
	}
}

// A worker killed with SIGKILL leaves its directory; the next start sweeps it, and never
// the directory of a live worker.
func TestScratchSweepsWhatADeadWorkerLeft(t *testing.T) {
	base := t.TempDir()
	live, err := media.NewScratch(base, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	// A real process takes a scratch directory and is killed with SIGKILL.
	cmd := exec.Command(os.Args[0], "-test.run=^TestScratchChild$")
	cmd.Env = append(os.Environ(), "SCRATCH_CHILD="+base)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	n, _ := out.Read(buf) // the child prints its directory once it holds it
	dead := strings.TrimSpace(string(buf[:n]))
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := os.Stat(dead); err != nil {
		t.Fatalf("child directory %q: %v", dead, err)
	}
	next, err := media.NewScratch(base, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Fatalf("dead worker's directory survived the sweep: %v", err)
	}
	if _, err := os.Stat(live.Dir); err != nil {
		t.Fatalf("live worker's directory was swept: %v", err)
	}
}

// TestScratchChild is the process killed by TestScratchSweepsWhatADeadWorkerLeft.
func TestScratchChild(t *testing.T) {
	base := os.Getenv("SCRATCH_CHILD")
	if base == "" {
		t.Skip("runs as the child of TestScratchSweepsWhatADeadWorkerLeft")
	}
	s, err := media.NewScratch(base, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString(s.Dir + "\n")
	select {} // until killed
}
