package client_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/client"
)

// manifestCase is one batch list and what the Python client makes of it: the entries sent
// (JSON), or the error message; for a schema error only its prefix up to the reason, which
// comes from each language's validator.
type manifestCase struct {
	list    string
	entries string
	err     string
}

// Expected values from Python: media_pipeline.activities.manifest.read(path, 0, 1000) on a
// file holding `list` (cross-language fixtures, recorded with CPython 3.11; the TypeScript
// tests hold the same table). Among them every JSONDecodeError message Python gives.
var manifestCases = []manifestCase{
	{"", "[]", ""},
	{"\n", "[]", ""},
	{"# only\n  # indented\n\n\t\n", "[]", ""},
	{"http://x/a.mp4", "[{\"video_url\":\"http://x/a.mp4\"}]", ""},
	{"http://x/a.mp4\r\nhttp://x/b.mp4\rhttp://x/c.mp4\n", "[{\"video_url\":\"http://x/a.mp4\"},{\"video_url\":\"http://x/b.mp4\"},{\"video_url\":\"http://x/c.mp4\"}]", ""},
	{"http://x/a.mp4\r\n\rnot a url\n", "", "manifest line 3: invalid PipelineRequest at $.video_url: "},
	{"\u001chttp://x/a.mp4\u001f\n", "[{\"video_url\":\"http://x/a.mp4\"}]", ""},
	{"\u00a0http://x/a.mp4\u3000\n", "[{\"video_url\":\"http://x/a.mp4\"}]", ""},
	{"\u2028http://x/a.mp4\u0085\n", "[{\"video_url\":\"http://x/a.mp4\"}]", ""},
	{"\ufeff# bom comment\n", "", "manifest line 1: invalid PipelineRequest at $.video_url: "},
	{"  \"http://x/a.mp4\"  \n", "[{\"video_url\":\"http://x/a.mp4\"}]", ""},
	{"{\"video_url\":\"http://x/a.mp4\",\"max_frames\":5.0,\"interval_seconds\":2}", "[{\"video_url\":\"http://x/a.mp4\",\"interval_seconds\":2,\"max_frames\":5}]", ""},
	{"{\"video_url\":\"http://x/a.mp4\",\"video_url\":\"http://x/b.mp4\"}", "[{\"video_url\":\"http://x/b.mp4\"}]", ""},
	{"{\"video_url\" : \"http://x/a.mp4\" , \"max_frames\" : 3 }", "[{\"video_url\":\"http://x/a.mp4\",\"max_frames\":3}]", ""},
	{"\"http://x/a.mp4\\/b\"", "[{\"video_url\":\"http://x/a.mp4/b\"}]", ""},
	{"\"\\u0068ttp://x/a.mp4\"", "[{\"video_url\":\"http://x/a.mp4\"}]", ""},
	{"# c\n\n  \n\"http://x/a.mp4\"\n{\"video_url\":\"http://x/b.mp4\",\"max_frames\":5}\n", "[{\"video_url\":\"http://x/a.mp4\"},{\"video_url\":\"http://x/b.mp4\",\"max_frames\":5}]", ""},
	{"[1]\n", "", "manifest line 1: invalid PipelineRequest at $.video_url: "},
	{"http://x/a.mp4\nnot a url\n", "", "manifest line 2: invalid PipelineRequest at $.video_url: "},
	{"{\"video_url\":\"http://x/b.mp4\",\"max_frames\":0}", "", "manifest line 1: invalid PipelineRequest at $.max_frames: "},
	{"{\"video_url\":\"http://x/b.mp4\",\"bogus\":1}", "", "manifest line 1: invalid PipelineRequest at $.bogus: unknown field"},
	{"{\"video_url\":\"http://x/a.mp4\", \"__proto__\": 1}", "", "manifest line 1: invalid PipelineRequest at $.__proto__: unknown field"},
	{"{ }", "", "manifest line 1: invalid PipelineRequest at $.video_url: required field missing"},
	{"{\"video_url\":5}", "", "manifest line 1: invalid PipelineRequest at $.video_url: "},
	{"{\"video_url\":\"http://x/a.mp4\",\"a\":[1,{\"b\":[true,false,null,-0.5e+3]}]}", "", "manifest line 1: invalid PipelineRequest at $.a: unknown field"},
	{"{\"video_url\":\"http://x/a.mp4\",\"interval_seconds\":NaN}", "", "manifest line 1: invalid PipelineRequest at $.interval_seconds: "},
	{"{\"video_url\":\"http://x/a.mp4\",\"interval_seconds\":-Infinity}", "", "manifest line 1: invalid PipelineRequest at $.interval_seconds: "},
	{"{\"video_url\":\"http://x/a.mp4\",\"bogus\":NaN}", "", "manifest line 1: invalid PipelineRequest at $.bogus: unknown field"},
	{"{\"video_url\":NaN}", "", "manifest line 1: invalid PipelineRequest at $.video_url: "},
	{"\"\\u0041", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"},
	{"\"\\u004", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"},
	{"\"\\u00G1\"", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"},
	{"\"\\x\"", "", "manifest line 1: not JSON: Invalid \\escape"},
	{"\"a\tb\"", "", "manifest line 1: not JSON: Invalid control character at"},
	{"\"abc", "", "manifest line 1: not JSON: Unterminated string starting at"},
	{"\"abc\\", "", "manifest line 1: not JSON: Unterminated string starting at"},
	{"{\"a\" 1}", "", "manifest line 1: not JSON: Expecting ':' delimiter"},
	{"{\"a\":", "", "manifest line 1: not JSON: Expecting value"},
	{"{\"a\":1", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{", "", "manifest line 1: not JSON: Expecting property name enclosed in double quotes"},
	{"{\"a\":1,", "", "manifest line 1: not JSON: Expecting property name enclosed in double quotes"},
	{"{\"a\":1,}", "", "manifest line 1: not JSON: Expecting property name enclosed in double quotes"},
	{"{'a':1}", "", "manifest line 1: not JSON: Expecting property name enclosed in double quotes"},
	{"{\"a\":[1,]}", "", "manifest line 1: not JSON: Expecting value"},
	{"{\"a\":[1 2]}", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{\"a\":01}", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{\"a\":-}", "", "manifest line 1: not JSON: Expecting value"},
	{"{\"a\":1.}", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{\"a\":1.5e}", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{\"a\":1e+}", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{\"a\":tru}", "", "manifest line 1: not JSON: Expecting value"},
	{"{\"a\":nul}", "", "manifest line 1: not JSON: Expecting value"},
	{"{\"a\":nan}", "", "manifest line 1: not JSON: Expecting value"},
	{"{\"a\":-Inf}", "", "manifest line 1: not JSON: Expecting value"},
	{"{\"a\":\"\\ud800\\u12\"}", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"},
	{"{\"a\":\"\\ud800\\uZZZZ\"}", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"},
	{"{\"a\":\"\\ud800\\x\"}", "", "manifest line 1: not JSON: Invalid \\escape"},
	{"{\"video_url\":\"http://x/a.mp4\",\"a\":\"\\ud83d\\ude00\",\"b\":[1,2,[3,{}]],\"c\":{\"d\":null}}", "", "manifest line 1: invalid PipelineRequest at $.a: unknown field"},
	{"{\"a\": 1\u00a0}", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"\"x\"  \"y\"", "", "manifest line 1: not JSON: Extra data"},
	{"{}x", "", "manifest line 1: not JSON: Extra data"},
	{"{\"a\":[}", "", "manifest line 1: not JSON: Expecting value"},
	{"{\"a\":[]", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{\"a\":{}", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{\"video_url\":\"http://x/b.mp4\"\n", "", "manifest line 1: not JSON: Expecting ',' delimiter"},
	{"{\"video_url\":\"http://x/b.mp4\"} x\n", "", "manifest line 1: not JSON: Extra data"},
	{"http://x/a.mp4\n\"http://x/b.mp4\n", "", "manifest line 2: not JSON: Unterminated string starting at"},
}

func TestReadManifestAsPython(t *testing.T) {
	for _, c := range manifestCases {
		m, err := client.ReadManifest([]byte(c.list))
		if c.err != "" {
			// Ending in ": ", the expected message is the prefix before the validator's reason.
			var fail *client.Failure
			matches := errors.As(err, &fail) && fail.Type == "InvalidInput" &&
				(fail.Message == c.err || strings.HasSuffix(c.err, ": ") && strings.HasPrefix(fail.Message, c.err))
			if !matches {
				t.Errorf("%q: got %v, want InvalidInput: %s", c.list, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.list, err)
			continue
		}
		var want []map[string]any
		if err := json.Unmarshal([]byte(c.entries), &want); err != nil {
			t.Fatal(err)
		}
		got := make([]map[string]any, 0, len(m.Requests))
		for _, raw := range m.Requests {
			var entry map[string]any
			if err := json.Unmarshal(raw, &entry); err != nil {
				t.Fatal(err)
			}
			got = append(got, entry)
		}
		if !reflect.DeepEqual(got, want) || m.Total != len(want) {
			t.Errorf("%q: got %v (total %d), want %s", c.list, got, m.Total, c.entries)
		}
	}
}

func TestManifestIntegralNumbers(t *testing.T) {
	m, err := client.ReadManifest([]byte(`{"video_url":"http://x/a.mp4","max_frames":5.0,"frame_width":6.4e1}`))
	if err != nil || len(m.Requests) != 1 {
		t.Fatalf("%v %v", m, err)
	}
	var entry map[string]json.RawMessage
	_ = json.Unmarshal(m.Requests[0], &entry)
	if string(entry["max_frames"]) != "5" || string(entry["frame_width"]) != "64" {
		t.Errorf("integer fields sent as %s and %s", entry["max_frames"], entry["frame_width"])
	}
}

func TestManifestLineNumbersCountPhysicalLines(t *testing.T) {
	list := "# header\n\nhttp://x/a.mp4\r\n   \n# more\n{\"video_url\":\"http://x/b.mp4\",\"max_frames\":-1}\n"
	_, err := client.ReadManifest([]byte(list))
	if line, _ := client.Report(err); !strings.HasPrefix(line, "error: InvalidInput: manifest line 6: invalid PipelineRequest at $.max_frames: ") {
		t.Errorf("got %q", line)
	}
}

// A line is too long past 65536 characters, its line break included, as Python's len(line).
func TestManifestLongLine(t *testing.T) {
	url := func(n int) string { return "http://x/" + strings.Repeat("a", n-len("http://x/")) }
	tooLong := "manifest line 2 is longer than 65536 bytes"
	for _, c := range []struct {
		list string
		want string // "" for not too long (the URL itself is too long for the schema then)
	}{
		{"# x\n" + url(65535) + "\n", ""},
		{"# x\n" + url(65536), ""},
		{"# x\n" + url(65536) + "\n", tooLong},
		{"# x\n" + url(65536) + "\r\n", tooLong},
		{"# x\n#" + strings.Repeat("é", 65534) + "\n", ""}, // 65536 characters, 131070 bytes
		{"# x\n#" + strings.Repeat("😀", 65534) + "\n", ""}, // 65536 characters, 262138 bytes
		{"# x\n#" + strings.Repeat("é", 65535) + "\n", tooLong},
		{"# x\n#" + strings.Repeat(" ", 70000) + "\n", tooLong}, // comments and blank lines too
		{"# x\n" + strings.Repeat(" ", 70000) + "\n", tooLong},
	} {
		_, err := client.ReadManifest([]byte(c.list))
		var fail *client.Failure
		switch {
		case c.want == "" && errors.As(err, &fail) && strings.Contains(fail.Message, "longer than"):
			t.Errorf("%d characters: %v", len([]rune(c.list)), err)
		case c.want != "" && (!errors.As(err, &fail) || fail.Type != "InvalidInput" || fail.Message != c.want):
			t.Errorf("%d characters: got %v, want %s", len([]rune(c.list)), err, c.want)
		}
	}
}

func TestManifestNotUTF8(t *testing.T) {
	_, err := client.ReadManifest([]byte("http://x/a.mp4\r\nhttp://x/\xff.mp4\n"))
	if line, _ := client.Report(err); line != "error: InvalidInput: manifest line 2 is not UTF-8 text" {
		t.Errorf("got %q", line)
	}
}

func entries(n int) string {
	var b strings.Builder
	b.WriteString("# a batch\n")
	for i := range n {
		fmt.Fprintf(&b, "http://127.0.0.1:8000/v%d.mp4\n", i)
	}
	return b.String()
}

func TestManifestTotalAndInlineEntries(t *testing.T) {
	for _, n := range []int{1000, 1001} {
		m, err := client.ReadManifest([]byte(entries(n)))
		if err != nil || m.Total != n || len(m.Requests) != min(n, client.InlineLimit) {
			t.Errorf("%d entries: total %d, %d inline, %v", n, m.Total, len(m.Requests), err)
		}
	}
}

// Past the first 1000 entries Python checks lengths first, in a first pass, then the entries.
func TestManifestErrorOrderPastTheInlineLimit(t *testing.T) {
	long := strings.Repeat("x", 70000) + "\n"
	for _, c := range []struct {
		list, want string
	}{
		{entries(1000) + "bad\n" + long, "manifest line 1003 is longer than 65536 bytes"},
		{entries(999) + "bad\n" + long, "manifest line 1001: invalid PipelineRequest at $.video_url: "},
		{entries(1500) + "bad\n", "manifest line 1502: invalid PipelineRequest at $.video_url: "},
	} {
		_, err := client.ReadManifest([]byte(c.list))
		var fail *client.Failure
		if !errors.As(err, &fail) || !strings.HasPrefix(fail.Message, c.want) {
			t.Errorf("got %v, want %s", err, c.want)
		}
	}
}
