// Package config reads the Go worker's settings from the environment variables documented
// in docs/conventions.md. The Temporal connection itself is configured by envconfig.
package config

import (
	"fmt"
	"log/slog"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/media"
)

// Limits are the largest videos the worker accepts; probe_video enforces them before any
// decoding happens.
type Limits struct {
	MaxSeconds float64
	MaxPixels  int64
	MaxFrames  int64
}

// Config is everything the worker reads from its environment.
type Config struct {
	MediaRoot     string
	Media         media.Settings
	FFmpegPath    string
	FFprobePath   string
	Limits        Limits
	MaxConcurrent int
	// Activities per second this worker starts, and the whole task queue starts (enforced by
	// the server); 0 is unlimited.
	ActivitiesPerSecond          float64
	TaskQueueActivitiesPerSecond float64
	LogLevel                     slog.Level
}

// Lookup is os.LookupEnv or a test's map.
type Lookup func(key string) (string, bool)

// Load reads the configuration; any malformed value is an error naming the variable.
func Load(env Lookup) (Config, error) {
	r := reader{env: env}
	c := Config{
		MediaRoot:     r.str("MEDIA_ROOT", gen.MediaRootDefault),
		FFmpegPath:    r.binary("FFMPEG_PATH", "ffmpeg"),
		FFprobePath:   r.binary("FFPROBE_PATH", "ffprobe"),
		MaxConcurrent: int(r.integer("WORKER_MAX_CONCURRENT_ACTIVITIES", 8, 1)),
		Limits: Limits{
			MaxSeconds: r.number("MAX_VIDEO_SECONDS", 14400),
			MaxPixels:  r.integer("MAX_VIDEO_PIXELS", 7680*4320, 1),
			MaxFrames:  r.integer("MAX_VIDEO_FRAMES", 1_000_000, 1),
		},
		LogLevel:                     r.level("LOG_LEVEL", slog.LevelInfo),
		ActivitiesPerSecond:          r.number("WORKER_MAX_ACTIVITIES_PER_SECOND", 0),
		TaskQueueActivitiesPerSecond: r.number("TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND", 0),
	}
	c.Media = media.Settings{
		// Without MEDIA_STORE the directory MEDIA_ROOT names, as before.
		Spec:            r.str("MEDIA_STORE", "file://"+absolute(c.MediaRoot)),
		Scratch:         r.str("MEDIA_SCRATCH", ScratchDefault),
		ScratchMaxBytes: r.integer("MEDIA_SCRATCH_MAX_BYTES", 10<<30, 1),
	}
	return c, r.err
}

// ScratchDefault is MEDIA_SCRATCH when unset: each worker takes its own locked subdirectory.
const ScratchDefault = ".data/scratch"

func absolute(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// reader keeps the first error so Load reads like a table.
type reader struct {
	env Lookup
	err error
}

func (r *reader) str(key, def string) string {
	if v, ok := r.env(key); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

func (r *reader) fail(key, value, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s=%q: want %s", key, value, want)
	}
}

func (r *reader) integer(key string, def, min int64) int64 {
	v := r.str(key, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min {
		r.fail(key, v, fmt.Sprintf("an integer >= %d", min))
		return def
	}
	return n
}

func (r *reader) number(key string, def float64) float64 {
	v := r.str(key, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || !(n > 0) {
		r.fail(key, v, "a positive number")
		return def
	}
	return n
}

// binary resolves a program: the variable if set, else the name looked up in PATH. Failing
// here makes a worker without ffmpeg stop at startup instead of at its first activity.
func (r *reader) binary(key, name string) string {
	v := r.str(key, name)
	p, err := exec.LookPath(v)
	if err != nil {
		r.fail(key, v, "an executable (set "+key+" or put "+name+" in PATH)")
		return v
	}
	return p
}

func (r *reader) level(key string, def slog.Level) slog.Level {
	v := r.str(key, "")
	if v == "" {
		return def
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		r.fail(key, v, "debug, info, warn or error")
		return def
	}
	return l
}
