package main_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	cli "polyglot-media/go-worker/internal/client"
	"polyglot-media/go-worker/internal/contracts/gen"
)

const (
	url = "http://127.0.0.1:8000/clip.mp4"
	// Python: default_workflow_id("http://127.0.0.1:8000/clip.mp4") (cross-language fixture).
	urlID = "media-e3e37bcba865ece817a6"
	// The no-worker tests use their own namespace, so the stand-in worker never sees them.
	idle = "noworker"
)

// devServer is a Temporal dev server (the CLI the repository installs in .venv) and a client
// of it in each namespace, plus the environment the built client needs to reach it.
type devServer struct {
	idle, busy client.Client
	home       string
	media      string
	address    string
}

func (s *devServer) env(namespace string) []string {
	return env(s.home, "TEMPORAL_ADDRESS="+s.address, "TEMPORAL_NAMESPACE="+namespace, "MEDIA_ROOT="+s.media)
}

func startDevServer(t *testing.T) *devServer {
	t.Helper()
	cliPath := os.Getenv("TEMPORAL_CLI")
	if cliPath == "" {
		cliPath, _ = filepath.Abs("../../../.venv/bin/temporal")
	}
	if _, err := exec.LookPath(cliPath); err != nil {
		t.Skipf("no Temporal CLI at %s (set TEMPORAL_CLI): %v", cliPath, err)
	}
	dir := t.TempDir()
	address := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	quiet := tlog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	server, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{
		ExistingPath:  cliPath,
		ClientOptions: &client.Options{HostPort: address, Logger: quiet},
		DBFilename:    filepath.Join(dir, "temporal.db"),
		LogLevel:      "error",
		ExtraArgs:     []string{"--namespace", idle},
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		t.Fatalf("start the dev server: %v", err)
	}
	t.Cleanup(func() { _ = server.Stop() })
	idleClient, err := client.NewClientFromExistingWithContext(ctx, server.Client(), client.Options{Namespace: idle, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return &devServer{idle: idleClient, busy: server.Client(), home: dir, media: filepath.Join(dir, "media"), address: address}
}

func TestAgainstDevServer(t *testing.T) {
	t.Parallel()
	s := startDevServer(t)
	t.Run("no worker", func(t *testing.T) { noWorker(t, s) })
	t.Run("stand-in workflow", func(t *testing.T) { standInWorkflow(t, s) })
}

func noWorker(t *testing.T, s *devServer) {
	ctx := context.Background()
	environ := s.env(idle)

	first := run(t, environ, "start", url)
	if first.code != 0 || first.stdout != urlID+"\n" || first.stderr != "" {
		t.Fatalf("start: exit %d, stdout %q, stderr %q", first.code, first.stdout, first.stderr)
	}
	desc := describe(t, s.idle, urlID)
	info := desc.GetWorkflowExecutionInfo()
	if info.GetType().GetName() != gen.WorkflowMediaProcessing || info.GetTaskQueue() != gen.TaskQueuePython {
		t.Errorf("started %s on %s", info.GetType().GetName(), info.GetTaskQueue())
	}
	if input := startInput(t, s.idle, urlID); !reflect.DeepEqual(input, map[string]any{"video_url": url}) {
		t.Errorf("start input %v", input)
	}
	// The same URL attaches to the running run (an empty --id means the default).
	again := run(t, environ, "start", url, "--id", "")
	if again.stdout != urlID+"\n" || describe(t, s.idle, urlID).GetWorkflowExecutionInfo().GetExecution().GetRunId() != info.GetExecution().GetRunId() {
		t.Errorf("second start did not attach: %q", again.stdout)
	}

	t.Run("upload and options", func(t *testing.T) {
		file := filepath.Join(s.home, "My Clip.mp4")
		if err := os.WriteFile(file, []byte("pretend video"), 0o644); err != nil {
			t.Fatal(err)
		}
		got := run(t, environ, "start", file, "--max-frames", "5", "--no-storyboard", "--id", "upload-test")
		if got.code != 0 || got.stdout != "upload-test\n" {
			t.Fatalf("exit %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
		}
		input := startInput(t, s.idle, "upload-test")
		uri, _ := input["video_url"].(string)
		if !regexp.MustCompile(`^media://uploads/[0-9a-f]{16}/My_Clip\.mp4$`).MatchString(uri) ||
			!reflect.DeepEqual(input, map[string]any{"video_url": uri, "max_frames": 5.0, "storyboard": false}) {
			t.Errorf("start input %v", input)
		}
		if data, err := os.ReadFile(filepath.Join(s.media, uri[len("media://"):])); err != nil || string(data) != "pretend video" {
			t.Errorf("upload: %q, %v", data, err)
		}
	})

	t.Run("status without a worker is bounded", func(t *testing.T) {
		got := run(t, environ, "status", urlID)
		var report map[string]any
		if got.code != 0 || json.Unmarshal([]byte(got.stdout), &report) != nil {
			t.Fatalf("exit %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
		}
		keys := regexp.MustCompile(`(?m)^  "(\w+)"`).FindAllStringSubmatch(got.stdout, -1)
		if len(keys) != 4 || keys[3][1] != "progress_error" || report["status"] != "RUNNING" || report["workflow_id"] != urlID {
			t.Errorf("report %s", got.stdout)
		}
		if got.took > cli.QueryTimeout+5*time.Second {
			t.Errorf("took %s", got.took)
		}
	})

	t.Run("bad source or option starts nothing", func(t *testing.T) {
		missing := run(t, environ, "run", "no-such-file.mp4")
		if missing.code != 1 || missing.stderr != "error: no-such-file.mp4 is neither a URL nor a readable file\n" {
			t.Errorf("exit %d, stderr %q", missing.code, missing.stderr)
		}
		invalid := run(t, environ, "run", url, "--max-frames", "0", "--id", "never-started")
		if invalid.code != 1 || !regexp.MustCompile(`^error: InvalidInput: invalid PipelineRequest at \$\.max_frames: [^\n]+\n$`).MatchString(invalid.stderr) {
			t.Errorf("exit %d, stderr %q", invalid.code, invalid.stderr)
		}
		var notFound *serviceerror.NotFound
		if _, err := s.idle.DescribeWorkflowExecution(ctx, "never-started", ""); !errors.As(err, &notFound) {
			t.Errorf("a run was started: %v", err)
		}
	})

	t.Run("cancel returns when the run closes", func(t *testing.T) {
		cancelling := start(t, environ, "cancel", urlID)
		// With no worker the request is only recorded; close the run as a worker would.
		until(t, func() bool { return cancelRequested(t, s.idle, urlID) })
		if err := s.idle.TerminateWorkflow(ctx, urlID, "", "closing for the test"); err != nil {
			t.Fatal(err)
		}
		got := cancelling.wait()
		want := fmt.Sprintf("{\n  \"workflow_id\": %q,\n  \"run_id\": %q,\n  \"status\": \"TERMINATED\"\n}\n", urlID, info.GetExecution().GetRunId())
		if got.code != 0 || got.stdout != want {
			t.Errorf("exit %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
		}
	})

	t.Run("unknown id is NOT_FOUND", func(t *testing.T) {
		for _, command := range []string{"status", "result", "cancel"} {
			got := run(t, environ, command, "no-such-run")
			if got.code != 1 || got.stdout != "" || !regexp.MustCompile(`^error: NOT_FOUND: [^\n]*no-such-run[^\n]*\n$`).MatchString(got.stderr) {
				t.Errorf("%s: exit %d, stdout %q, stderr %q", command, got.code, got.stdout, got.stderr)
			}
		}
	})
}
