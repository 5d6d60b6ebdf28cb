package client_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/client"
)

func ptr[T any](v T) *T { return &v }

func mustParse(t *testing.T, argv ...string) client.Args {
	t.Helper()
	args, err := client.Parse(argv)
	if err != nil {
		t.Fatalf("%q: %v", argv, err)
	}
	return args
}

func TestParseEveryFlag(t *testing.T) {
	got := mustParse(t, "run", "http://h/clip.mp4", "--id", "my-run", "--json", "--strategy", "scene",
		"--interval-seconds=2.5", "--max-frames", "40", "--no-storyboard", "--keep-frames")
	want := client.Args{Command: "run", Source: "http://h/clip.mp4", ID: "my-run", JSON: true, Wait: true,
		Options: client.Options{Strategy: "scene", IntervalSeconds: ptr(2.5), MaxFrames: "40", NoStoryboard: true, KeepFrames: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := mustParse(t, "start", "clip.mp4"); !reflect.DeepEqual(got, client.Args{Command: "start", Source: "clip.mp4"}) {
		t.Errorf("unset options are not zero: %+v", got)
	}
}

func TestParseBatch(t *testing.T) {
	got := mustParse(t, "batch", "--max-in-flight", "8", "videos.txt", "--continue-every=50", "--id", "b1", "--json", "--no-wait")
	want := client.Args{Command: "batch", Source: "videos.txt", ID: "b1", JSON: true,
		Batch: client.BatchOptions{MaxInFlight: "8", ContinueEvery: "50"}}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := mustParse(t, "batch", "videos.txt"); got != (client.Args{Command: "batch", Source: "videos.txt", Wait: true}) {
		t.Errorf("batch waits by default and sets nothing else: %+v", got)
	}
	// Unique prefixes as argparse allows (--no is unique here: batch has no --no-storyboard),
	// the last of --wait/--no-wait wins, negative numbers are values (the schema refuses them).
	got = mustParse(t, "batch", "l.txt", "--max", "-3", "--c", " 1_0 ", "--no", "--w", "--j")
	if got.Batch != (client.BatchOptions{MaxInFlight: "-3", ContinueEvery: "10"}) || !got.Wait || !got.JSON {
		t.Errorf("got %+v", got)
	}
	if got := mustParse(t, "batch", "l.txt", "--wait", "--no-wait"); got.Wait {
		t.Error("--no-wait last did not win")
	}
	if got := mustParse(t, "batch", "--help"); got.Command != "help" {
		t.Errorf("got %+v", got)
	}
}

// argparse takes options anywhere; the standard flag package would stop at the source.
func TestParseFlagsAfterPositional(t *testing.T) {
	for _, argv := range [][]string{
		{"run", "clip.mp4", "--max-frames", "5", "--json"},
		{"run", "--max-frames", "5", "clip.mp4", "--json"},
		{"run", "--json", "--max-frames=5", "clip.mp4"},
		{"run", "--max-f", "5", "--js", "clip.mp4"}, // unique prefixes, as argparse allows
	} {
		got := mustParse(t, argv...)
		if got.Source != "clip.mp4" || got.MaxFrames != "5" || !got.JSON {
			t.Errorf("%q: %+v", argv, got)
		}
	}
}

func TestParseWait(t *testing.T) {
	cases := map[string]bool{
		"run x": true, "start x": false, "run x --no-wait": false, "start x --wait": true,
		"run --wait x --no-wait": false, "start --no-wait --wait x": true,
	}
	for line, want := range cases {
		if got := mustParse(t, strings.Fields(line)...).Wait; got != want {
			t.Errorf("%s: wait %v, want %v", line, got, want)
		}
	}
}

func TestParseIDCommandsAndHelp(t *testing.T) {
	for _, command := range []string{"status", "result", "cancel"} {
		if got := mustParse(t, command, "media-1"); got != (client.Args{Command: command, ID: "media-1"}) {
			t.Errorf("%s: %+v", command, got)
		}
	}
	for _, argv := range [][]string{{"--help"}, {"-h"}, {"run", "-h"}, {"status", "--help"}, {"run", "x", "--he"}} {
		if got := mustParse(t, argv...); got.Command != "help" {
			t.Errorf("%q: %+v", argv, got)
		}
	}
}

// Negative numbers are values (refused later by the schema); after `--` all is positional.
func TestParseNegativeNumbers(t *testing.T) {
	got := mustParse(t, "run", "a", "--max-frames", "-5", "--interval-seconds", "-.5")
	if got.MaxFrames != "-5" || *got.IntervalSeconds != -0.5 {
		t.Errorf("%+v", got)
	}
	if _, err := client.Parse([]string{"run", "--", "--max-frames", "-5"}); err == nil {
		t.Error("options after -- were read as options")
	}
}

func TestParsePythonNumberSyntax(t *testing.T) {
	ints := map[string]json.Number{" +1_000 ": "1000", "007": "7", "-0": "0", "99999999999999999999999": "99999999999999999999999"}
	for text, want := range ints {
		if got := mustParse(t, "run", "a", "--max-frames", text).MaxFrames; got != want {
			t.Errorf("int %q: %q, want %q", text, got, want)
		}
	}
	floats := map[string]float64{"2": 2, " .5 ": 0.5, "5.": 5, "1_0.2_5": 10.25, "1e-3": 0.001,
		"-inf": math.Inf(-1), "Infinity": math.Inf(1), "1e400": math.Inf(1)}
	for text, want := range floats {
		if got := *mustParse(t, "run", "a", "--interval-seconds="+text).IntervalSeconds; got != want {
			t.Errorf("float %q: %v, want %v", text, got, want)
		}
	}
	if got := *mustParse(t, "run", "a", "--interval-seconds", "NaN").IntervalSeconds; !math.IsNaN(got) {
		t.Errorf("NaN read as %v", got)
	}
}

func TestParseUsageErrors(t *testing.T) {
	cases := []struct {
		argv []string
		want string
	}{
		{nil, "a command is required (run, start, status, result, cancel, batch)"},
		{[]string{"frob"}, "invalid command 'frob' (choose from run, start, status, result, cancel, batch)"},
		{[]string{"batch"}, "the argument FILE is required"},
		{[]string{"batch", "a", "b"}, "unrecognized arguments: b"},
		{[]string{"batch", "a", "--strategy", "scene"}, "unrecognized arguments: --strategy scene"},
		{[]string{"batch", "a", "--max-in-flight"}, "argument --max-in-flight: expected one argument"},
		{[]string{"batch", "a", "--max-in-flight", "two"}, "argument --max-in-flight: invalid int value: 'two'"},
		{[]string{"batch", "a", "--continue-every=1.5"}, "argument --continue-every: invalid int value: '1.5'"},
		{[]string{"batch", "a", "--json=1"}, "argument --json: ignored explicit argument '1'"},
		{[]string{"run"}, "the argument SOURCE is required"},
		{[]string{"run", "--bogus"}, "the argument SOURCE is required"},
		{[]string{"status"}, "the argument ID is required"},
		{[]string{"run", "a", "b"}, "unrecognized arguments: b"},
		{[]string{"run", "a", "b", "--bogus"}, "unrecognized arguments: b --bogus"},
		{[]string{"run", "--bogus", "a", "b"}, "unrecognized arguments: --bogus b"},
		{[]string{"status", "a", "--json"}, "unrecognized arguments: --json"},
		{[]string{"run", "a", "--id"}, "argument --id: expected one argument"},
		{[]string{"run", "a", "--id", "--json"}, "argument --id: expected one argument"},
		{[]string{"run", "a", "--max-frames", "-1e3"}, "argument --max-frames: expected one argument"},
		{[]string{"run", "a", "--json=3"}, "argument --json: ignored explicit argument '3'"},
		{[]string{"run", "a", "--wait=1"}, "argument --wait/--no-wait: ignored explicit argument '1'"},
		{[]string{"run", "a", "--no"}, "ambiguous option: --no could match --no-storyboard, --no-wait"},
		{[]string{"run", "a", "--strategy", "every"}, "argument --strategy: invalid choice: 'every' (choose from 'interval', 'keyframes', 'scene')"},
		{[]string{"run", "a", "--max-frames", "1.5"}, "argument --max-frames: invalid int value: '1.5'"},
		{[]string{"run", "a", "--max-frames="}, "argument --max-frames: invalid int value: ''"},
		{[]string{"run", "a", "--interval-seconds", "2s"}, "argument --interval-seconds: invalid float value: '2s'"},
	}
	for _, c := range cases {
		_, err := client.Parse(c.argv)
		var use *client.UsageError
		if !errors.As(err, &use) || use.Message != c.want {
			t.Errorf("%q: got %v, want %q", c.argv, err, c.want)
		}
	}
	for _, bad := range []string{"", "1e3", "0x10", "1__0", "_1", "Infinity"} {
		if _, err := client.Parse([]string{"run", "a", "--max-frames=" + bad}); err == nil {
			t.Errorf("int %q accepted", bad)
		}
	}
	for _, bad := range []string{"", ".", "e3", "0x10", "1,5", "1__0"} {
		if _, err := client.Parse([]string{"run", "a", "--interval-seconds=" + bad}); err == nil {
			t.Errorf("float %q accepted", bad)
		}
	}
}
