// Command worker runs the Go activities (probe_video, extract_frames, generate_thumbnail,
// build_storyboard) on the go-tasks queue. The Temporal connection comes from Temporal's
// environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS
// variables, temporal.toml profiles); project settings from docs/conventions.md.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"polyglot-media/go-worker/internal/activities"
	"polyglot-media/go-worker/internal/config"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
	"polyglot-media/go-worker/internal/media"
	"polyglot-media/go-worker/internal/registration"
	"polyglot-media/go-worker/internal/telemetry"
)

const (
	dialTimeout = 15 * time.Second
	// stopTimeout is how long running activities may finish after SIGTERM before their
	// contexts are cancelled (which kills ffmpeg); Temporal then retries them elsewhere.
	stopTimeout = 20 * time.Second
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "worker: "+strings.Join(strings.Fields(err.Error()), " "))
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.Load(os.LookupEnv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	logger := telemetry.NewLogger(os.Stdout, cfg.LogLevel)
	store, err := media.Open(context.Background(), cfg.Media)
	if err != nil {
		return err
	}
	// Reached before polling: a missing bucket or refused credentials stop the worker here.
	if err := store.Check(context.Background()); err != nil {
		return err
	}
	metrics, err := telemetry.SetupMetrics(os.LookupEnv)
	if err != nil {
		return err
	}
	defer metrics.Close(context.Background())
	acts := &activities.Activities{
		Limits: cfg.Limits,
		Store:  store,
		FF: &ffmpeg.Runner{FFmpeg: cfg.FFmpegPath, FFprobe: cfg.FFprobePath,
			Finished: metrics.FFmpegFinished},
	}
	handlers, err := acts.Handlers()
	if err != nil {
		return fmt.Errorf("build activities: %w", err)
	}
	// Checked before connecting: a worker that disagrees with the registry must not start.
	if err := registration.Check(handlers); err != nil {
		return err
	}

	opts, err := envconfig.LoadDefaultClientOptions()
	if err != nil {
		return fmt.Errorf("temporal client configuration: %w", err)
	}
	opts.Logger = tlog.NewStructuredLogger(logger)
	tracing, err := telemetry.Setup(context.Background(), os.LookupEnv, "media-go-worker")
	if err != nil {
		return fmt.Errorf("tracing: %w", err)
	}
	defer telemetry.Flush(tracing)
	opts.Interceptors = append(opts.Interceptors, tracing.Interceptors...)
	opts.Interceptors = append(opts.Interceptors, metrics.Interceptors...)
	if metrics.Handler != nil {
		opts.MetricsHandler = metrics.Handler
	}
	address := opts.HostPort
	if address == "" {
		address = client.DefaultHostPort
	}
	ctx, cancel := context.WithTimeout(context.Background(), dialTimeout)
	defer cancel()
	c, err := client.DialContext(ctx, opts)
	if err != nil {
		return fmt.Errorf("cannot connect to Temporal at %s: %w", address, err)
	}
	defer c.Close()

	w := worker.New(c, gen.TaskQueueGo, worker.Options{
		MaxConcurrentActivityExecutionSize: cfg.MaxConcurrent,
		WorkerActivitiesPerSecond:          cfg.ActivitiesPerSecond,
		TaskQueueActivitiesPerSecond:       cfg.TaskQueueActivitiesPerSecond,
		WorkerStopTimeout:                  stopTimeout,
	})
	if err := registration.Register(w, handlers); err != nil {
		return err
	}
	logger.Info("worker started", "task_queue", gen.TaskQueueGo, "address", address,
		"activities", registration.Expected(), "media_store", cfg.Media.Spec, "ffmpeg", cfg.FFmpegPath)
	if err := w.Run(worker.InterruptCh()); err != nil {
		return fmt.Errorf("worker stopped: %w", err)
	}
	logger.Info("worker stopped")
	return nil
}
