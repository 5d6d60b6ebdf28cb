package main_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

type finished struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// process is the client running in the background, so a test can act while it waits.
type process struct {
	stdout, stderr lockedBuffer
	done           chan finished
	result         *finished
}

// env is a clean environment: no TEMPORAL_* or temporal.toml of the developer leaks in.
func env(home string, extra ...string) []string {
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + home}, extra...)
}

// start runs the built client; a hung one is killed after 90 s so it fails its test only.
func start(t *testing.T, environ []string, args ...string) *process {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	p := &process{done: make(chan finished, 1)}
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = environ, &p.stdout, &p.stderr
	began := time.Now()
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	go func() {
		defer cancel()
		_ = cmd.Wait() // the exit code says it all
		p.done <- finished{cmd.ProcessState.ExitCode(), p.stdout.String(), p.stderr.String(), time.Since(began)}
	}()
	return p
}

func (p *process) wait() finished {
	if p.result == nil {
		r := <-p.done
		p.result = &r
	}
	return *p.result
}

// waitForStderr returns once stderr contains text; it fails the test if the client exits
// first or nothing comes within 20 s.
func (p *process) waitForStderr(t *testing.T, text string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.stderr.String(), text) {
		select {
		case r := <-p.done:
			p.result = &r
			if !strings.Contains(r.stderr, text) {
				t.Fatalf("client exited (%d) before printing %q: %s%s", r.code, text, r.stdout, r.stderr)
			}
			return
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q on stderr: %q", text, p.stderr.String())
		}
	}
}

func run(t *testing.T, environ []string, args ...string) finished {
	t.Helper()
	return start(t, environ, args...).wait()
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lockedBuffer can be read while the process writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
