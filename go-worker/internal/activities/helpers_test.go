package activities_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.temporal.io/sdk/activity"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"polyglot-media/go-worker/internal/activities"
	"polyglot-media/go-worker/internal/config"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
	"polyglot-media/go-worker/internal/media"
)

// fixture is a media store in a temporary folder and the activities over it, run through
// Temporal's activity test environment so the contract boundary is exercised too.
type fixture struct {
	t     testing.TB
	store *media.FileStore
	acts  *activities.Activities
	env   *testsuite.TestActivityEnvironment
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	store, err := media.New(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	ffmpegPath, err1 := exec.LookPath("ffmpeg")
	ffprobePath, err2 := exec.LookPath("ffprobe")
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	acts := &activities.Activities{
		Limits: config.Limits{MaxSeconds: 14400, MaxPixels: 7680 * 4320, MaxFrames: 1_000_000},
		Store:  store,
		FF:     &ffmpeg.Runner{FFmpeg: ffmpegPath, FFprobe: ffprobePath},
	}
	return (&fixture{t: t, store: store, acts: acts}).withEnv()
}

// withEnv returns a copy of f with a fresh activity environment over the same store and
// activities; an environment runs one activity at a time.
func (f *fixture) withEnv() *fixture {
	var suite testsuite.WorkflowTestSuite
	// Expected activity failures would each log an ERROR line; tests check errors themselves.
	suite.SetLogger(tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	g := *f
	g.env = suite.NewTestActivityEnvironment()
	g.register()
	return &g
}

func (f *fixture) register() {
	handlers, err := f.acts.Handlers()
	if err != nil {
		f.t.Fatal(err)
	}
	for name, h := range handlers {
		f.env.RegisterActivityWithOptions(h, activity.RegisterOptions{Name: name})
	}
}

// put copies a clip into the store and returns its reference.
func (f *fixture) put(clipName, uri, contentType string) gen.MediaRef {
	f.t.Helper()
	file, err := os.Open(clip(clipName))
	if err != nil {
		f.t.Fatal(err)
	}
	defer file.Close()
	ref, err := f.store.Put(uri, contentType, file)
	if err != nil {
		f.t.Fatal(err)
	}
	return ref
}

// run executes an activity by its registry name with input (any JSON-encodable value) and
// decodes its output into out.
func (f *fixture) run(name string, input any, out any) error {
	f.t.Helper()
	raw, err := json.Marshal(input)
	if err != nil {
		f.t.Fatal(err)
	}
	val, err := f.env.ExecuteActivity(name, json.RawMessage(raw))
	if err != nil {
		return err
	}
	var result json.RawMessage
	if err := val.Get(&result); err != nil {
		f.t.Fatal(err)
	}
	if err := json.Unmarshal(result, out); err != nil {
		f.t.Fatalf("decode %s output: %v", name, err)
	}
	return nil
}

// mustRun is run that fails the test on error.
func (f *fixture) mustRun(name string, input any, out any) {
	f.t.Helper()
	if err := f.run(name, input, out); err != nil {
		f.t.Fatalf("%s: %v", name, err)
	}
}

// read returns the bytes of a stored object after checking its reference.
func (f *fixture) read(ref gen.MediaRef) []byte {
	f.t.Helper()
	path, err := f.store.Open(ref)
	if err != nil {
		f.t.Fatalf("stored object does not match its reference: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		f.t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != string(ref.Sha256) {
		f.t.Fatalf("%s: sha256 mismatch", ref.URI)
	}
	return b
}

// files lists the names in a store folder (hidden temporary files included).
func (f *fixture) files(prefix string) []string {
	key, _ := media.Key(prefix)
	entries, _ := os.ReadDir(filepath.Join(f.store.Root(), key))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// wantAppError checks that err is an application error of the given catalogue type with the
// catalogue's retry flag.
func wantAppError(t *testing.T, err error, errType string) *temporal.ApplicationError {
	t.Helper()
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		t.Fatalf("want a %s application error, got %v", errType, err)
	}
	if app.Type() != errType || app.NonRetryable() == gen.Retryable[errType] {
		t.Fatalf("want %s (non-retryable %v), got %s (non-retryable %v): %s",
			errType, !gen.Retryable[errType], app.Type(), app.NonRetryable(), app.Message())
	}
	if strings.Contains(app.Message(), "\n") {
		t.Errorf("message is not one line: %q", app.Message())
	}
	return app
}
