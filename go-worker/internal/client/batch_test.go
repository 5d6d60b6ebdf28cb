package client_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/client"
	"polyglot-media/go-worker/internal/contracts/gen"
)

func TestBatchID(t *testing.T) {
	// Cross-language fixture: .venv/bin/python -c "import hashlib;print('batch-'+
	//   hashlib.sha256(b'http://127.0.0.1:8000/a.mp4\n').hexdigest()[:16])"
	if got := client.BatchID([]byte("http://127.0.0.1:8000/a.mp4\n")); got != "batch-4432f14ba69af057" {
		t.Errorf("got %s", got)
	}
	list := []byte(entries(3))
	sum := sha256.Sum256(list)
	if got := client.BatchID(list); got != "batch-"+hex.EncodeToString(sum[:])[:16] {
		t.Errorf("got %s", got)
	}
}

// sent is the request as it goes to the workflow: the generated type, JSON-encoded.
func sent(t *testing.T, req *gen.BatchRequest) map[string]any {
	t.Helper()
	raw, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBatchRequestInline(t *testing.T) {
	root := filepath.Join(t.TempDir(), "media")
	list := "# two videos\nhttp://x/a.mp4\n{\"video_url\":\"http://x/b.mp4\",\"max_frames\":5,\"storyboard\":false}\n"
	req, err := client.BatchRequestFor([]byte(list), client.BatchOptions{}, root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"requests": []any{
		map[string]any{"video_url": "http://x/a.mp4"},
		map[string]any{"video_url": "http://x/b.mp4", "max_frames": 5.0, "storyboard": false},
	}}
	if got := sent(t, req); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
	// Options only when given; an empty list is still a list.
	req, err = client.BatchRequestFor([]byte("# nothing yet\n"), client.BatchOptions{MaxInFlight: "8", ContinueEvery: "50"}, root)
	if err != nil {
		t.Fatal(err)
	}
	if got := sent(t, req); !reflect.DeepEqual(got, map[string]any{"requests": []any{}, "max_in_flight": 8.0, "continue_every": 50.0}) {
		t.Errorf("got %v", got)
	}
	if _, err := os.Stat(root); err == nil {
		if dir, _ := os.ReadDir(root); len(dir) != 0 {
			t.Errorf("an inline batch wrote to the media store: %v", dir)
		}
	}
}

func TestBatchRequestSwitchesToAManifestPast1000Entries(t *testing.T) {
	root := filepath.Join(t.TempDir(), "media")
	req, err := client.BatchRequestFor([]byte(entries(1000)), client.BatchOptions{}, root)
	if err != nil {
		t.Fatal(err)
	}
	if got := sent(t, req); len(got) != 1 || len(got["requests"].([]any)) != 1000 {
		t.Errorf("1000 entries: %d fields, %v", len(got), reflect.ValueOf(got["requests"]).Len())
	}

	list := []byte(entries(1001))
	sum := sha256.Sum256(list)
	sha16 := hex.EncodeToString(sum[:])[:16]
	req, err = client.BatchRequestFor(list, client.BatchOptions{MaxInFlight: "2"}, root)
	if err != nil {
		t.Fatal(err)
	}
	uri := "media://manifests/" + sha16 + ".jsonl"
	if got := sent(t, req); !reflect.DeepEqual(got, map[string]any{"manifest": uri, "max_in_flight": 2.0}) {
		t.Errorf("1001 entries: %v", got)
	}
	stored := filepath.Join(root, "manifests", sha16+".jsonl")
	if data, err := os.ReadFile(stored); err != nil || string(data) != string(list) {
		t.Fatalf("the manifest is not the list, unchanged: %v", err)
	}
	first, _ := os.Stat(stored)

	// Content-addressed and idempotent: the same list is the same key, written once.
	if again, err := client.UploadManifest(root, list); err != nil || again != uri {
		t.Fatalf("second upload: %q, %v", again, err)
	}
	if second, _ := os.Stat(stored); !second.ModTime().Equal(first.ModTime()) {
		t.Error("an existing manifest was rewritten")
	}
	if got := names(t, filepath.Join(root, "manifests")); !slices.Equal(got, []string{sha16 + ".jsonl"}) {
		t.Errorf("want one manifest and no temp files, got %v", got)
	}
}

// Every line is checked before the manifest goes into the store.
func TestBatchRequestRefusesABadLineBeforeUploading(t *testing.T) {
	root := filepath.Join(t.TempDir(), "media")
	_, err := client.BatchRequestFor([]byte(entries(1200)+"{\"video_url\":\"http://x/a.mp4\",\"strategy\":\"all\"}\n"), client.BatchOptions{}, root)
	line, code := client.Report(err)
	if code != 1 || !strings.HasPrefix(line, "error: InvalidInput: manifest line 1202: invalid PipelineRequest at $.strategy: ") {
		t.Errorf("got %q exit %d", line, code)
	}
	if _, err := os.Stat(filepath.Join(root, "manifests")); err == nil {
		t.Error("a bad list was uploaded")
	}
}

func TestBatchRequestChecksTheOptions(t *testing.T) {
	for _, c := range []struct {
		opts client.BatchOptions
		path string
	}{
		{client.BatchOptions{MaxInFlight: "0"}, "$.max_in_flight"},
		{client.BatchOptions{MaxInFlight: "65"}, "$.max_in_flight"},
		{client.BatchOptions{ContinueEvery: "99999999999999999999999"}, "$.continue_every"},
	} {
		_, err := client.BatchRequestFor([]byte("http://x/a.mp4\n"), c.opts, t.TempDir())
		line, code := client.Report(err)
		if code != 1 || !strings.HasPrefix(line, "error: InvalidInput: invalid BatchRequest at "+c.path+": ") {
			t.Errorf("%+v: got %q exit %d", c.opts, line, code)
		}
	}
}

func TestProgressLine(t *testing.T) {
	p := &gen.BatchProgress{BatchID: "batch-1", Total: 1001, Done: 120, Succeeded: 117, Failed: 3, Running: 4, Runs: 2}
	if got := client.ProgressLine(p); got != "done 120/1001  ok 117  failed 3  running 4  runs 2" {
		t.Errorf("got %q", got)
	}
}
