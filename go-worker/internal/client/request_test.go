package client_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"polyglot-media/go-worker/internal/client"
)

func requestJSON(t *testing.T, url string, o client.Options) string {
	t.Helper()
	req, err := client.BuildRequest(url, o)
	if err != nil {
		t.Fatalf("%s %+v: %v", url, o, err)
	}
	raw, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestRequestHoldsOnlyTheFieldsGiven(t *testing.T) {
	if got := requestJSON(t, "http://h/a.mp4", client.Options{}); got != `{"video_url":"http://h/a.mp4"}` {
		t.Errorf("got %s", got)
	}
	all := client.Options{Strategy: "keyframes", IntervalSeconds: ptr(0.5), MaxFrames: "12", NoStoryboard: true, KeepFrames: true}
	want := `{"interval_seconds":0.5,"keep_frames":true,"max_frames":12,"storyboard":false,"strategy":"keyframes","video_url":"media://uploads/x/a.mp4"}`
	if got := requestJSON(t, "media://uploads/x/a.mp4", all); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// The path is the contract (the same in every language); the reason is the Go validator's.
func TestRequestRefusedAsInvalidInput(t *testing.T) {
	ok := "http://h/a.mp4"
	cases := []struct {
		url  string
		o    client.Options
		want string
	}{
		{ok, client.Options{MaxFrames: "0"}, `\$\.max_frames: minimum: got 0, want 1$`},
		{ok, client.Options{MaxFrames: "-5"}, `\$\.max_frames: minimum: got -5, want 1$`},
		{ok, client.Options{MaxFrames: "20001"}, `\$\.max_frames: maximum: got 20,001, want 20,000$`},
		{ok, client.Options{MaxFrames: "99999999999999999999999"}, `\$\.max_frames: maximum: `},
		{ok, client.Options{IntervalSeconds: ptr(0.0)}, `\$\.interval_seconds: exclusiveMinimum: got 0, want 0$`},
		{ok, client.Options{IntervalSeconds: ptr(math.NaN())}, `\$\.interval_seconds: must be a finite number$`},
		{ok, client.Options{IntervalSeconds: ptr(math.Inf(1))}, `\$\.interval_seconds: must be a finite number$`},
		{"http://exa mple/a.mp4", client.Options{}, `\$\.video_url: 'http://exa mple/a.mp4' is not valid uri`},
	}
	for _, c := range cases {
		_, err := client.BuildRequest(c.url, c.o)
		line, code := client.Report(err)
		want := regexp.MustCompile(`^error: InvalidInput: invalid PipelineRequest at ` + c.want)
		if !want.MatchString(line) || code != 1 {
			t.Errorf("%+v: got %q exit %d", c.o, line, code)
		}
	}
}

func TestRequestForSource(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "media")
	url := "https://example.com/v.mp4?x=1"
	if req, err := client.RequestFor(url, client.Options{}, root); err != nil || req.VideoURL != url {
		t.Errorf("URL not kept as given: %+v, %v", req, err)
	}
	file := writeFile(t, filepath.Join(dir, "clip one.mp4"), "bytes")
	req, err := client.RequestFor(file, client.Options{MaxFrames: "3"}, root)
	if err != nil || !regexp.MustCompile(`^media://uploads/[0-9a-f]{16}/clip_one\.mp4$`).MatchString(req.VideoURL) ||
		*req.MaxFrames != 3 {
		t.Errorf("upload: %+v, %v", req, err)
	}

	folder := filepath.Join(dir, "a-folder")
	unreadable := writeFile(t, filepath.Join(dir, "secret.mp4"), "x")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(unreadable, 0); err != nil {
		t.Fatal(err)
	}
	sources := []string{filepath.Join(dir, "missing.mp4"), folder}
	if f, err := os.Open(unreadable); err == nil { // root reads anything
		f.Close()
	} else {
		sources = append(sources, unreadable)
	}
	for _, source := range sources {
		_, err := client.RequestFor(source, client.Options{}, root)
		if line, code := client.Report(err); line != "error: "+source+" is neither a URL nor a readable file" || code != 1 {
			t.Errorf("%s: got %q exit %d", source, line, code)
		}
	}
}
