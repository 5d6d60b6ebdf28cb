package client_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"polyglot-media/go-worker/internal/client"
)

func TestWorkflowID(t *testing.T) {
	// Cross-language fixture: .venv/bin/python -c "from media_pipeline.client.ids import
	// default_workflow_id as d; print(d('http://127.0.0.1:8000/clip.mp4'))"
	if got := client.WorkflowID("http://127.0.0.1:8000/clip.mp4"); got != "media-e3e37bcba865ece817a6" {
		t.Errorf("got %s", got)
	}
	for _, url := range []string{"http://example.com/a.mp4", "https://h/vidéo 😀.mp4"} {
		sum := sha256.Sum256([]byte(url))
		if got := client.WorkflowID(url); got != "media-"+hex.EncodeToString(sum[:])[:20] {
			t.Errorf("%s: %s", url, got)
		}
	}
}

func TestUploadName(t *testing.T) {
	// From Python: re.sub(r"[^A-Za-z0-9_.-]", "_", name).lstrip("._-") or "video"
	cases := map[string]string{
		"My Clip (final).mp4": "My_Clip__final_.mp4",
		".hidden.mp4":         "hidden.mp4",
		"__-x.mp4":            "x.mp4",
		"...":                 "video",
		"-":                   "video",
		"vidéo.mp4":           "vid_o.mp4",
		"😀.mp4":               "mp4",
		"a b😀c.mov":           "a_b_c.mov",
		"clip.MP4":            "clip.MP4",
		"日本語":                 "video",
		"_a-b.c_":             "a-b.c_",
		"bad\xffbyte.mp4":     "bad_byte.mp4", // one `_` per undecodable byte, as Python's surrogateescape
	}
	for name, want := range cases {
		if got := client.UploadName(name); got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
	}
}

func TestUploadCopiesOnce(t *testing.T) {
	dir := t.TempDir()
	source := writeFile(t, filepath.Join(dir, "src", "My Clip (final).mp4"), "not really a video\n")
	root := filepath.Join(dir, "media", "nested")

	uri, err := client.Upload(root, source)
	// The Python and TS clients give this URI for the same bytes and name.
	if err != nil || uri != "media://uploads/7614d68377e98175/My_Clip__final_.mp4" {
		t.Fatalf("got %q, %v", uri, err)
	}
	folder := filepath.Join(root, "uploads", "7614d68377e98175")
	copied := filepath.Join(folder, "My_Clip__final_.mp4")
	if data, err := os.ReadFile(copied); err != nil || string(data) != "not really a video\n" {
		t.Fatalf("copy: %q, %v", data, err)
	}
	first, _ := os.Stat(copied)

	if again, err := client.Upload(root, source); err != nil || again != uri {
		t.Fatalf("second upload: %q, %v", again, err)
	}
	if entries := names(t, folder); !slices.Equal(entries, []string{"My_Clip__final_.mp4"}) {
		t.Errorf("want one copy and no temp files, got %v", entries)
	}
	if second, _ := os.Stat(copied); !second.ModTime().Equal(first.ModTime()) {
		t.Error("an existing copy was rewritten")
	}
	// Same bytes under another name: same folder, another key.
	other := writeFile(t, filepath.Join(dir, "src", "#1 ~copy~.mp4"), "not really a video\n")
	if uri, err := client.Upload(root, other); err != nil || uri != "media://uploads/7614d68377e98175/1__copy_.mp4" {
		t.Errorf("got %q, %v", uri, err)
	}
}

func TestUploadRefusesSymlinkEscape(t *testing.T) {
	dir := t.TempDir()
	root, outside := filepath.Join(dir, "media"), filepath.Join(dir, "outside")
	for _, d := range []string{root, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(root, "uploads")); err != nil {
		t.Fatal(err)
	}
	_, err := client.Upload(root, writeFile(t, filepath.Join(dir, "x.mp4"), "x"))
	line, code := client.Report(err)
	want := regexp.MustCompile(`^error: IntegrityError: media://uploads/[0-9a-f]{16}/x\.mp4 escapes the media store$`)
	if !want.MatchString(line) || code != 1 {
		t.Errorf("got %q exit %d", line, code)
	}
	if entries := names(t, outside); len(entries) != 0 {
		t.Errorf("wrote outside the store: %v", entries)
	}
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
