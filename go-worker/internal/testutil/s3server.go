package testutil

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// S3 credentials of the test server: it listens on loopback only.
const (
	S3AccessKey = "media-test"
	S3SecretKey = "media-test-secret"
)

// S3Server is a real versitygw (installed by `make setup` into .tools/bin) serving a
// temporary directory on a free loopback port; a bucket is a folder of Root.
type S3Server struct {
	Root     string
	Endpoint string
	port     int
	bin      string
	cmd      *exec.Cmd
}

// StartS3 starts the server with the given buckets and stops it when the test ends.
func StartS3(t *testing.T, buckets ...string) *S3Server {
	t.Helper()
	bin := filepath.Join(repoRoot(t), ".tools", "bin", "versitygw")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is missing: run make setup", bin)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &S3Server{Root: t.TempDir(), Endpoint: fmt.Sprintf("http://127.0.0.1:%d", port), port: port, bin: bin}
	for _, b := range buckets {
		if err := os.Mkdir(filepath.Join(s.Root, b), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s.Start(t)
	t.Cleanup(s.Stop)
	return s
}

// Env points the AWS SDK at the server (t.Setenv restores the variables afterwards).
func (s *S3Server) Env(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", s.Endpoint)
	t.Setenv("AWS_ACCESS_KEY_ID", S3AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", S3SecretKey)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(s.Root, "no-aws-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(s.Root, "no-aws-credentials"))
}

// Start (again, after Stop) on the same port and directory, and wait until it accepts.
func (s *S3Server) Start(t *testing.T) {
	t.Helper()
	s.cmd = exec.Command(s.bin, "--access", S3AccessKey, "--secret", S3SecretKey,
		"--port", fmt.Sprintf("127.0.0.1:%d", s.port), "posix", s.Root)
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.Stop()
			t.Fatalf("versitygw not ready on %s: %v", s.Endpoint, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server (an outage, as far as the store can tell).
func (s *S3Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		s.cmd.Wait()
		s.cmd = nil
	}
}

func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "schemas", "registry.json")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("repository root not found above the test's directory")
		}
		dir = parent
	}
}
