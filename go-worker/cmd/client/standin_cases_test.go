package main_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	cli "polyglot-media/go-worker/internal/client"
)

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
		wantErr := "workflow " + id + " started\n" +
			"    0.0s starting      0.0% frames 0, analysed 0\n" +
			"    8.3s analyzing    62.8% frames 120, analysed 48, batches 2/5\n"
		if got.code != 0 || got.stdout != emitted(t, result) || got.stderr != wantErr {
			t.Errorf("exit %d\nstdout %s\nstderr %q", got.code, got.stdout, got.stderr)
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
	var firstRun string
	t.Run("status shows the progress; start attaches", func(t *testing.T) {
		if got := run(t, environ, "start", url); got.stdout != id+"\n" {
			t.Fatalf("start: %q %q", got.stdout, got.stderr)
		}
		report := status(t, environ, id)
		firstRun, _ = report["run_id"].(string)
		var progress any
		_ = json.Unmarshal(progressJSON(id, "starting", 0, 0), &progress)
		if want := map[string]any{"workflow_id": id, "run_id": firstRun, "status": "RUNNING", "progress": progress}; !reflect.DeepEqual(report, want) {
			t.Errorf("status %v", report)
		}
		if got := run(t, environ, "start", url); got.stdout != id+"\n" || status(t, environ, id)["run_id"] != firstRun {
			t.Errorf("second start did not attach: %q", got.stdout)
		}
		signal(t, s.busy, id, "set_progress", progressJSON(id, "probing", 101, 1))
		broken := run(t, environ, "status", id)
		if broken.code != 1 || !strings.HasPrefix(broken.stderr, "error: ContractViolation: invalid Progress at $.percent: ") {
			t.Errorf("exit %d, stderr %q", broken.code, broken.stderr)
		}
	})

	t.Run("cancel, the Cancelled result, a new run, a broken result", func(t *testing.T) {
		cancelled := run(t, environ, "cancel", id)
		want := fmt.Sprintf("{\n  \"workflow_id\": %q,\n  \"run_id\": %q,\n  \"status\": \"CANCELED\"\n}\n", id, firstRun)
		if cancelled.code != 0 || cancelled.stdout != want {
			t.Errorf("cancel: exit %d, stdout %q, stderr %q", cancelled.code, cancelled.stdout, cancelled.stderr)
		}
		result := run(t, environ, "result", id)
		if result.code != 1 || result.stdout != "" || result.stderr != "error: Cancelled: the run was cancelled\n" {
			t.Errorf("result: exit %d, stdout %q, stderr %q", result.code, result.stdout, result.stderr)
		}
		run(t, environ, "start", url)
		after := status(t, environ, id)
		if after["status"] != "RUNNING" || after["run_id"] == firstRun {
			t.Errorf("no new run: %v", after)
		}
		bad := pipelineResult(t, id)
		bad["frames_kept"] = "no"
		signal(t, s.busy, id, "finish", map[string]any{"result": bad})
		broken := run(t, environ, "result", id)
		if broken.code != 1 || broken.stdout != "" || !strings.HasPrefix(broken.stderr, "error: ContractViolation: invalid PipelineResult at $.frames_kept: ") {
			t.Errorf("broken result: exit %d, stdout %q, stderr %q", broken.code, broken.stdout, broken.stderr)
		}
		if final := status(t, environ, id); !reflect.DeepEqual(final, map[string]any{"workflow_id": id, "run_id": after["run_id"], "status": "COMPLETED"}) {
			t.Errorf("final status %v", final)
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
