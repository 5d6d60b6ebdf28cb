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
	"strings"
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
	environ := s.env(idle)

	first := run(t, environ, "start", url)
	if first.code != 0 || first.stdout != urlID+"\n" || first.stderr != "" {
		t.Fatalf("start: exit %d, stdout %q, stderr %q", first.code, first.stdout, first.stderr)
	}
	info := describe(t, s.idle, urlID).GetWorkflowExecutionInfo()
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

	t.Run("upload and flags", func(t *testing.T) {
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
	})

	t.Run("batch uploads the file unparsed and starts it as a manifest", func(t *testing.T) {
		list := filepath.Join(s.home, "videos.txt")
		if err := os.WriteFile(list, []byte(url+"\n{not parsed here\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		got := run(t, environ, "batch", list, "--no-wait", "--max-in-flight", "2")
		id := strings.TrimSpace(got.stdout)
		if got.code != 0 || !regexp.MustCompile(`^batch-[0-9a-f]{16}$`).MatchString(id) {
			t.Fatalf("exit %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
		}
		manifest := "media://manifests/" + id[len("batch-"):] + ".jsonl"
		if input := startInput(t, s.idle, id); !reflect.DeepEqual(input, map[string]any{"manifest": manifest, "max_in_flight": 2.0}) {
			t.Errorf("start input %v", input)
		}
		if info := describe(t, s.idle, id).GetWorkflowExecutionInfo(); info.GetType().GetName() != gen.WorkflowMediaBatch {
			t.Errorf("started %s", info.GetType().GetName())
		}
	})

	t.Run("status without a worker is bounded", func(t *testing.T) {
		got := run(t, environ, "status", urlID)
		var report map[string]any
		if got.code != 0 || json.Unmarshal([]byte(got.stdout), &report) != nil {
			t.Fatalf("exit %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
		}
		if report["status"] != "RUNNING" || report["workflow_id"] != urlID || report["progress_error"] == nil {
			t.Errorf("report %s", got.stdout)
		}
		if got.took > cli.QueryTimeout+5*time.Second {
			t.Errorf("took %s", got.took)
		}
	})

	t.Run("bad source or flag value starts nothing", func(t *testing.T) {
		for _, args := range [][]string{
			{"run", "no-such-file.mp4", "--id", "never-started"},
			{"run", url, "--max-frames", "-1", "--id", "never-started"},
			{"start", url, "--strategy", "bogus", "--id", "never-started"},
			{"batch", "no-such-list.txt", "--id", "never-started"},
		} {
			got := run(t, environ, args...)
			if got.code != 1 || !regexp.MustCompile(`^error: InvalidInput: [^\n]+\n$`).MatchString(got.stderr) {
				t.Errorf("%q: exit %d, stderr %q", args, got.code, got.stderr)
			}
		}
		var notFound *serviceerror.NotFound
		if _, err := s.idle.DescribeWorkflowExecution(context.Background(), "never-started", ""); !errors.As(err, &notFound) {
			t.Errorf("a run was started: %v", err)
		}
	})

	t.Run("unknown id is NotFound", func(t *testing.T) {
		for _, command := range []string{"status", "result", "cancel"} {
			got := run(t, environ, command, "no-such-run")
			if got.code != 1 || got.stdout != "" || !regexp.MustCompile(`^error: NotFound: [^\n]*no-such-run[^\n]*\n$`).MatchString(got.stderr) {
				t.Errorf("%s: exit %d, stdout %q, stderr %q", command, got.code, got.stdout, got.stderr)
			}
		}
	})
}

func standInWorkflow(t *testing.T, s *devServer) {
	startStandIn(t, s.busy)
	environ := s.env("default")

	t.Run("run shows progress on stderr and the result on stdout", func(t *testing.T) {
		url := "http://127.0.0.1:8000/run.mp4"
		id := cli.WorkflowID(url)
		p := start(t, environ, "run", url)
		p.waitForStderr(t, "starting")
		signal(t, s.busy, id, "set_progress", progressJSON(id, "analyzing", 62.75, 8.35))
		p.waitForStderr(t, "analyzing")
		result := pipelineResult(t, id)
		signal(t, s.busy, id, "finish", map[string]any{"result": result})
		got := p.wait()
		var printed map[string]any
		if got.code != 0 || json.Unmarshal([]byte(got.stdout), &printed) != nil || !reflect.DeepEqual(printed, result) {
			t.Errorf("exit %d\nstdout %s\nstderr %q", got.code, got.stdout, got.stderr)
		}
		if lines := strings.Split(strings.TrimSpace(got.stderr), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "batches 2/5") {
			t.Errorf("progress %q", got.stderr)
		}
	})

	t.Run("run --json prints one error line when the run fails", func(t *testing.T) {
		url := "http://127.0.0.1:8000/broken.mp4"
		id := cli.WorkflowID(url)
		p := start(t, environ, "run", url, "--json")
		until(t, func() bool { _, err := s.busy.DescribeWorkflowExecution(t.Context(), id, ""); return err == nil })
		signal(t, s.busy, id, "finish", map[string]any{"failure": map[string]string{"type": "UnsupportedMedia", "message": "no video stream in broken.mp4"}})
		got := p.wait()
		if got.code != 1 || got.stdout != "" || got.stderr != "error: UnsupportedMedia: no video stream in broken.mp4\n" {
			t.Errorf("exit %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
		}
	})

	url := "http://127.0.0.1:8000/watch.mp4"
	id := cli.WorkflowID(url)
	t.Run("status, cancel, result Cancelled, a broken result", func(t *testing.T) {
		if got := run(t, environ, "start", url); got.stdout != id+"\n" {
			t.Fatalf("start: %q %q", got.stdout, got.stderr)
		}
		report := status(t, environ, id)
		var progress any
		_ = json.Unmarshal(progressJSON(id, "starting", 0, 0), &progress)
		if want := map[string]any{"workflow_id": id, "run_id": report["run_id"], "status": "RUNNING", "progress": progress}; !reflect.DeepEqual(report, want) {
			t.Errorf("status %v", report)
		}
		cancelled := run(t, environ, "cancel", id)
		var after map[string]any
		if cancelled.code != 0 || json.Unmarshal([]byte(cancelled.stdout), &after) != nil || after["status"] != "CANCELED" || after["run_id"] != report["run_id"] {
			t.Errorf("cancel: exit %d, stdout %q, stderr %q", cancelled.code, cancelled.stdout, cancelled.stderr)
		}
		result := run(t, environ, "result", id)
		if result.code != 1 || result.stdout != "" || result.stderr != "error: Cancelled: the run was cancelled\n" {
			t.Errorf("result: exit %d, stdout %q, stderr %q", result.code, result.stdout, result.stderr)
		}
		run(t, environ, "start", url) // closed: the same id runs again
		if again := status(t, environ, id); again["status"] != "RUNNING" || again["run_id"] == report["run_id"] {
			t.Errorf("no new run: %v", again)
		}
		bad := pipelineResult(t, id)
		bad["frames_kept"] = "no"
		signal(t, s.busy, id, "finish", map[string]any{"result": bad})
		broken := run(t, environ, "result", id, "--json")
		if broken.code != 1 || broken.stdout != "" || !strings.HasPrefix(broken.stderr, "error: ContractViolation: invalid PipelineResult at $.frames_kept: ") {
			t.Errorf("broken result: exit %d, stdout %q, stderr %q", broken.code, broken.stdout, broken.stderr)
		}
	})
}

func status(t *testing.T, environ []string, id string) map[string]any {
	t.Helper()
	got := run(t, environ, "status", id)
	var report map[string]any
	if got.code != 0 || json.Unmarshal([]byte(got.stdout), &report) != nil {
		t.Fatalf("status: exit %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
	}
	return report
}
