package client_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"polyglot-media/go-worker/internal/client"
	"polyglot-media/go-worker/internal/contracts/gen"
)

func sha16(data string) string {
	sum := sha256.Sum256([]byte(data))
	return hex.EncodeToString(sum[:])[:16]
}

func TestWorkflowID(t *testing.T) {
	// The same value as the Python and TypeScript clients (cross-language fixture).
	if got := client.WorkflowID("http://127.0.0.1:8000/clip.mp4"); got != "media-e3e37bcba865ece817a6" {
		t.Errorf("WorkflowID = %s", got)
	}
}

func TestSource(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	for _, c := range []struct{ source, file, want string }{
		{source: "https://example.com/a.mp4", want: "https://example.com/a.mp4"},
		{source: "media://uploads/x/a.mp4", want: "media://uploads/x/a.mp4"},
		{file: "My Clip.mp4", want: "media://uploads/%s/My_Clip.mp4"},
		{file: ".hidden-clip", want: "media://uploads/%s/hidden-clip"},
		{file: "日本", want: "media://uploads/%s/video"},
		{file: "-x_é.mov", want: "media://uploads/%s/x__.mov"},
	} {
		source, content := c.source, "bytes of "+c.file
		if c.file != "" {
			source = filepath.Join(dir, c.file)
			if err := os.WriteFile(source, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want := strings.ReplaceAll(c.want, "%s", sha16(content))
		for range 2 { // a second upload of the same bytes finds them in the store
			got, err := client.Source(root, source)
			if err != nil || got != want {
				t.Errorf("Source(%q) = %q, %v; want %q", source, got, err, want)
			}
		}
		if c.file != "" {
			data, err := os.ReadFile(filepath.Join(root, strings.TrimPrefix(want, "media://")))
			if err != nil || string(data) != content {
				t.Errorf("%s in the store: %q, %v", want, data, err)
			}
		}
	}
	for _, bad := range []string{filepath.Join(dir, "missing.mp4"), dir} {
		if _, err := client.Source(root, bad); typeOf(err) != gen.ErrInvalidInput {
			t.Errorf("Source(%q): %v", bad, err)
		}
	}
}

func TestUploadManifest(t *testing.T) {
	list := "https://example.com/a.mp4\n# not parsed by the client\n{bad json\n"
	path := filepath.Join(t.TempDir(), "videos.txt")
	if err := os.WriteFile(path, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	uri, id, err := client.UploadManifest(root, path)
	if err != nil || uri != "media://manifests/"+sha16(list)+".jsonl" || id != "batch-"+sha16(list) {
		t.Fatalf("UploadManifest = %q, %q, %v", uri, id, err)
	}
	if data, err := os.ReadFile(filepath.Join(root, "manifests", sha16(list)+".jsonl")); string(data) != list {
		t.Errorf("stored %q, %v", data, err)
	}
}

func typeOf(err error) string {
	if err == nil {
		return ""
	}
	typ, _ := client.Describe(err)
	return typ
}

func TestDescribe(t *testing.T) {
	typed := temporal.NewApplicationError("no video stream", gen.ErrUnsupportedMedia)
	for _, c := range []struct {
		err           error
		typ, contains string
	}{
		{fmt.Errorf("workflow failed: %w", typed), "UnsupportedMedia", "no video stream"},
		{temporal.NewApplicationErrorWithCause("activity failed", "", typed), "UnsupportedMedia", "no video stream"},
		{fmt.Errorf("workflow failed: %w", temporal.NewCanceledError()), "Cancelled", "cancelled"},
		{serviceerror.NewNotFound("workflow not found for ID: x"), "NotFound", "x"},
		{&client.Error{Type: gen.ErrInvalidInput, Message: "bad"}, "InvalidInput", "bad"},
		{temporal.NewApplicationError("untyped", ""), "WorkflowFailed", "untyped"},
		{temporal.NewTimeoutError(enumspb.TIMEOUT_TYPE_START_TO_CLOSE, nil), "WorkflowFailed", "timeout"},
		{errors.New("terminated"), "WorkflowFailed", "terminated"},
	} {
		typ, msg := client.Describe(c.err)
		if typ != c.typ || !strings.Contains(strings.ToLower(msg), c.contains) {
			t.Errorf("Describe(%v) = %q, %q; want %q, ...%q...", c.err, typ, msg, c.typ, c.contains)
		}
	}
}

func TestRequestFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // the request as JSON, or the start of the InvalidInput message
	}{
		{nil, `{"video_url":"https://example.com/a.mp4"}`},
		{[]string{"-strategy", "scene", "--max-frames=5", "--no-storyboard", "--keep-frames", "--interval-seconds", "0.5"},
			`{"interval_seconds":0.5,"keep_frames":true,"max_frames":5,"storyboard":false,"strategy":"scene","video_url":"https://example.com/a.mp4"}`},
		{[]string{"--strategy", "bogus"}, "invalid PipelineRequest at $.strategy: "},
		{[]string{"--max-frames", "-1"}, "invalid PipelineRequest at $.max_frames: "},
		{[]string{"--interval-seconds", "0"}, "invalid PipelineRequest at $.interval_seconds: "},
	} {
		fs := flag.NewFlagSet("run", flag.ContinueOnError)
		var req gen.PipelineRequest
		client.RequestFlags(fs, &req)
		if err := fs.Parse(c.args); err != nil {
			t.Fatalf("%q: %v", c.args, err)
		}
		req.VideoURL = "https://example.com/a.mp4"
		var got string
		if err := client.Check(&req); err != nil {
			typ, msg := client.Describe(err)
			got = typ + ": " + msg
			c.want = "InvalidInput: " + c.want
		} else {
			raw, _ := json.Marshal(&req)
			got = string(raw)
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%q: got %s, want %s", c.args, got, c.want)
		}
	}
}

func TestBatchFlags(t *testing.T) {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	req := gen.BatchRequest{Manifest: new(gen.MediaURI)}
	*req.Manifest = "media://manifests/0123456789abcdef.jsonl"
	client.BatchFlags(fs, &req)
	if err := fs.Parse([]string{"--max-in-flight", "0", "--continue-every", "10"}); err != nil {
		t.Fatal(err)
	}
	if typ, msg := client.Describe(client.Check(&req)); typ != "InvalidInput" || !strings.HasPrefix(msg, "invalid BatchRequest at $.max_in_flight: ") {
		t.Errorf("got %s: %s", typ, msg)
	}
	fs = flag.NewFlagSet("batch", flag.ContinueOnError)
	req = gen.BatchRequest{Manifest: req.Manifest}
	client.BatchFlags(fs, &req)
	if err := fs.Parse([]string{"--max-per-host", "65"}); err != nil {
		t.Fatal(err)
	}
	if typ, msg := client.Describe(client.Check(&req)); typ != "InvalidInput" || !strings.HasPrefix(msg, "invalid BatchRequest at $.max_per_host: ") {
		t.Errorf("got %s: %s", typ, msg)
	}
}

// Bad usage ends before connecting: exit 2 with the flag package's message, 0 for -h.
func TestUsage(t *testing.T) {
	t.Setenv("TEMPORAL_ADDRESS", "127.0.0.1:1")
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{nil, 2, "usage: client <command>"},
		{[]string{"frob"}, 2, `unknown command "frob"`},
		{[]string{"status"}, 2, "want one ID, got 0 arguments"},
		{[]string{"status", "a", "b"}, 2, "want one ID, got 2 arguments"},
		{[]string{"run", "x", "--max-frames", "many"}, 2, `invalid value "many" for flag -max-frames`},
		{[]string{"run", "x", "--interval-seconds", "NaN"}, 2, "not a finite number"},
		{[]string{"batch", "list.txt", "--strategy", "scene"}, 2, "flag provided but not defined: -strategy"},
		{[]string{"start", "x", "-h"}, 0, "usage: client start SOURCE [flags]"},
	} {
		var stdout, stderr bytes.Buffer
		code := client.Main(context.Background(), c.args, &stdout, &stderr)
		if code != c.code || stdout.Len() != 0 || !strings.Contains(stderr.String(), c.says) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", c.args, code, stdout.String(), stderr.String())
		}
	}
}
