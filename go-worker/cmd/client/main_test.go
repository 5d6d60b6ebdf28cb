// Tests of the built binary (go build ./cmd/client) as a user runs it: exit codes, stdout,
// stderr, timing; first without a server, then against a Temporal dev server.
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
	// A port that accepts and never answers: only the connect timeout ends the wait.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	for _, address := range []string{refused, silent.Addr().String()} {
		got := run(t, env(t.TempDir(), "TEMPORAL_ADDRESS="+address, "TEMPORAL_NAMESPACE=media"),
			"run", "http://127.0.0.1:8000/clip.mp4")
		want := regexp.MustCompile(`^error: cannot reach Temporal at ` + regexp.QuoteMeta(address) + ` \(namespace media\): [^\n]+\n$`)
		if got.code != 2 || got.stdout != "" || !want.MatchString(got.stderr) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", address, got.code, got.stdout, got.stderr)
		}
		if got.took > client.ConnectTimeout+5*time.Second {
			t.Errorf("%s: took %s", address, got.took)
		}
	}
}

// batch connects first, as the Python client does: with Temporal down even a list that is
// not there, or a bad one, ends with exit 2; nothing is written to the media store.
func TestBatchUnreachableServer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	address := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	list := filepath.Join(dir, "videos.txt")
	var many []byte
	for i := range 1001 {
		many = fmt.Appendf(many, "http://127.0.0.1:8000/v%d.mp4\n", i)
	}
	if err := os.WriteFile(list, many, 0o644); err != nil {
		t.Fatal(err)
	}
	media := filepath.Join(dir, "media")
	environ := env(dir, "TEMPORAL_ADDRESS="+address, "MEDIA_ROOT="+media)
	for _, args := range [][]string{{"batch", list}, {"batch", filepath.Join(dir, "missing.txt"), "--json"}, {"batch", list, "--no-wait", "--max-in-flight", "0"}} {
		got := run(t, environ, args...)
		want := regexp.MustCompile(`^error: cannot reach Temporal at ` + regexp.QuoteMeta(address) + ` \(namespace default\): [^\n]+\n$`)
		if got.code != 2 || got.stdout != "" || !want.MatchString(got.stderr) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, got.code, got.stdout, got.stderr)
		}
	}
	if _, err := os.Stat(media); err == nil {
		t.Error("the media store was written before connecting")
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	environ := env(t.TempDir(), "TEMPORAL_ADDRESS=127.0.0.1:1")
	for _, c := range []struct {
		args []string
		line string
	}{
		{nil, "a command is required (run, start, status, result, cancel, batch)"},
		{[]string{"batch", "list.txt", "--max-in-flight", "many"}, "argument --max-in-flight: invalid int value: 'many'"},
		{[]string{"run", "x", "--strategy", "all"}, "argument --strategy: invalid choice: 'all' (choose from 'interval', 'keyframes', 'scene')"},
		{[]string{"status", "a", "b"}, "unrecognized arguments: b"},
	} {
		got := run(t, environ, c.args...)
		if got.code != 2 || got.stdout != "" || got.stderr != "error: "+c.line+" (see --help)\n" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", c.args, got.code, got.stdout, got.stderr)
		}
	}
	got := run(t, environ, "run", "x", "--help")
	if got.code != 0 || got.stdout != client.Usage || got.stderr != "" {
		t.Errorf("--help: exit %d, stderr %q, stdout %q", got.code, got.stderr, got.stdout)
	}
}
