package ffmpeg

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// killGroup kills the process group led by pid; a group that is already gone is fine.
func killGroup(pid int) error {
	err := syscall.Kill(-pid, syscall.SIGKILL)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}

// exited is closed when process pid has exited. It waits with WNOWAIT, leaving the process a
// zombie for cmd.Wait to reap, so its pid and group id stay reserved meanwhile.
func exited(pid int) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		var info unix.Siginfo
		for {
			err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
			if !errors.Is(err, unix.EINTR) {
				return
			}
		}
	}()
	return ch
}
