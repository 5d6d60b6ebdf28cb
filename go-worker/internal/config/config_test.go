package config_test

import (
	"log/slog"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/config"
)

func env(m map[string]string) config.Lookup {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	c, err := config.Load(env(map[string]string{"FFMPEG_PATH": "/bin/sh", "FFPROBE_PATH": "/bin/sh"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.MediaRoot != ".data/media" || c.MaxConcurrent != 8 || c.LogLevel != slog.LevelInfo ||
		c.ActivitiesPerSecond != 0 || c.TaskQueueActivitiesPerSecond != 0 {
		t.Errorf("defaults %+v", c)
	}
	if c.Limits != (config.Limits{MaxSeconds: 14400, MaxPixels: 33177600, MaxFrames: 1000000}) {
		t.Errorf("limits %+v", c.Limits)
	}
}

func TestOverrides(t *testing.T) {
	c, err := config.Load(env(map[string]string{
		"MEDIA_ROOT": "/srv/media", "FFMPEG_PATH": "/bin/sh", "FFPROBE_PATH": "/bin/sh",
		"MAX_VIDEO_SECONDS": "60.5", "MAX_VIDEO_PIXELS": "921600", "MAX_VIDEO_FRAMES": "10",
		"WORKER_MAX_CONCURRENT_ACTIVITIES": "2", "LOG_LEVEL": "debug",
		"WORKER_MAX_ACTIVITIES_PER_SECOND": "2.5", "TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND": "10",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.MediaRoot != "/srv/media" || c.MaxConcurrent != 2 || c.LogLevel != slog.LevelDebug ||
		c.Limits != (config.Limits{MaxSeconds: 60.5, MaxPixels: 921600, MaxFrames: 10}) ||
		c.ActivitiesPerSecond != 2.5 || c.TaskQueueActivitiesPerSecond != 10 {
		t.Errorf("overrides %+v", c)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	for key, value := range map[string]string{
		"MAX_VIDEO_SECONDS": "-1", "MAX_VIDEO_PIXELS": "lots", "WORKER_MAX_CONCURRENT_ACTIVITIES": "0",
		"LOG_LEVEL": "chatty", "FFMPEG_PATH": "/nonexistent/ffmpeg",
		"WORKER_MAX_ACTIVITIES_PER_SECOND": "0", "TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND": "fast",
	} {
		m := map[string]string{"FFMPEG_PATH": "/bin/sh", "FFPROBE_PATH": "/bin/sh", key: value}
		if _, err := config.Load(env(m)); err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%s=%s: error %v", key, value, err)
		}
	}
}
