// Package ffmpeg runs ffmpeg and ffprobe the way docs/conventions.md requires: an argument
// list (never a shell), the process in its own group, the whole group killed on cancellation
// or deadline, protocol and format whitelists on every input, and a bounded stderr tail for
// error messages.
package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// drainTimeout bounds how long output is read after the process exited.
const drainTimeout = 30 * time.Second

// Runner starts ffmpeg and ffprobe.
type Runner struct {
	FFmpeg  string
	FFprobe string
	// Started, when set, receives the pid (also the process group id) of every process
	// started; tests use it to prove that the group is gone after a cancellation.
	Started func(pid int)
	// Finished, when set, hears of every process that ended: the worker's metrics.
	Finished func(program string, seconds float64, err error)
}

// Job is one process run. Every consumer runs in its own goroutine and must read its pipe
// to the end or return; returning ErrStop ends the process early without it being an error.
type Job struct {
	Args    []string
	Stdout  func(io.Reader) error   // nil discards stdout
	Outputs []func(io.Reader) error // extra pipes, seen by the process as pipe:3, pipe:4, ...
	Stderr  func(line string) bool  // sees every stderr line; true keeps it out of the error tail
	// StderrEnd is called once stderr is closed: every line has been seen by Stderr.
	StderrEnd func()
}

// ErrStop is returned by a consumer that has everything it needs.
var ErrStop = errors.New("consumer has enough output")

// ExitError is a process that failed; Stderr holds its last warning and error lines.
type ExitError struct {
	Program string
	Err     error
	Stderr  string
}

func (e *ExitError) Error() string {
	if e.Stderr == "" {
		return fmt.Sprintf("%s: %v", e.Program, e.Err)
	}
	return fmt.Sprintf("%s: %v: %s", e.Program, e.Err, e.Stderr)
}

func (e *ExitError) Unwrap() error { return e.Err }

// RunFFmpeg runs ffmpeg with the job's arguments.
func (r *Runner) RunFFmpeg(ctx context.Context, job Job) error {
	return r.run(ctx, r.FFmpeg, "ffmpeg", job)
}

// process runs one ffmpeg or ffprobe; run (trace.go) wraps it in a span.
func (r *Runner) process(ctx context.Context, bin, program string, job Job) error {
	cmd := exec.CommandContext(ctx, bin, job.Args...)
	// A group of its own, so cancellation can kill ffmpeg and anything it started at once; and
	// SIGKILL from the kernel if the worker itself dies (kill -9): ffmpeg in another group
	// would otherwise decode on, orphaned, until its next write to the closed pipe.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return killGroup(cmd.Process.Pid) }

	p, err := newPipes(cmd, job)
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		p.closeAll()
		return fmt.Errorf("start %s: %w", program, err)
	}
	p.closeChildEnds()
	if r.Started != nil {
		r.Started(cmd.Process.Pid)
	}

	var stopped, failed error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, consume := range p.consumers {
		wg.Go(func() {
			err := consume(p.readers[i])
			if err != nil {
				mu.Lock()
				if errors.Is(err, ErrStop) {
					stopped = err
				} else if failed == nil {
					failed = err
				}
				mu.Unlock()
				killGroup(cmd.Process.Pid)
			}
			io.Copy(io.Discard, p.readers[i]) // never leave the process blocked on a full pipe
		})
	}
	tail := newTail(12)
	wg.Go(func() {
		scanLines(p.stderr, job.Stderr, tail)
		if job.StderrEnd != nil {
			job.StderrEnd()
		}
	})

	// The leader is reaped last: until then its pid, which is also the group id, cannot be
	// recycled, so every group kill above and below hits only our processes.
	<-exited(cmd.Process.Pid)
	killGroup(cmd.Process.Pid) // whatever ffmpeg left in its group goes with it
	// A process that left the group could hold a pipe open forever; stop reading then.
	drain := time.AfterFunc(drainTimeout, p.closeReaders)
	wg.Wait()
	drain.Stop()
	waitErr := cmd.Wait()
	p.closeReaders()

	// A process that exited with a code failed on its own: its stderr explains more than a
	// consumer that saw the output end early. A kill (ours, after ErrStop) has no code.
	exitedWithCode := waitErr != nil && cmd.ProcessState != nil && cmd.ProcessState.Exited()
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("%s stopped: %w", program, ctx.Err())
	case exitedWithCode:
		return &ExitError{Program: program, Err: waitErr, Stderr: tail.String()}
	case failed != nil:
		return failed
	case stopped != nil:
		return nil
	case waitErr != nil:
		return &ExitError{Program: program, Err: waitErr, Stderr: tail.String()}
	}
	return nil
}
