// Tests of the built binary (go build ./cmd/client) as a user runs it: exit codes, stdout,
// stderr, timing; without a server, then against a Temporal dev server.
package main_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"polyglot-media/go-worker/internal/client"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "client-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "client")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	code := 1
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build the client:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestUnreachableServer(t *testing.T) {
	t.Parallel()
	refused := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	// A port that accepts and never answers: only the dial timeout ends the wait.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	dir := t.TempDir()
	media := filepath.Join(dir, "media")
	for _, address := range []string{refused, silent.Addr().String()} {
		for _, args := range [][]string{{"run", "http://127.0.0.1:8000/clip.mp4"}, {"batch", filepath.Join(dir, "missing.txt")}} {
			got := run(t, env(dir, "TEMPORAL_ADDRESS="+address, "MEDIA_ROOT="+media), args...)
			want := regexp.MustCompile(`^error: cannot reach Temporal at ` + regexp.QuoteMeta(address) + `: [^\n]+\n$`)
			if got.code != 2 || got.stdout != "" || !want.MatchString(got.stderr) {
				t.Errorf("%s %q: exit %d, stdout %q, stderr %q", address, args, got.code, got.stdout, got.stderr)
			}
			if got.took > client.DialTimeout+5*time.Second {
				t.Errorf("%s: took %s", address, got.took)
			}
		}
	}
	if _, err := os.Stat(media); err == nil {
		t.Error("the media store was written before connecting")
	}
}
