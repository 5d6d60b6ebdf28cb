// Package testutil holds helpers shared by tests of several packages.
package testutil

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// LiveGroupMembers lists the processes of group pgid that are not zombies, from /proc. A
// killed process whose parent has not reaped it yet is a zombie: it runs nothing, holds no
// file open, and only its exit status is left, so it does not count.
func LiveGroupMembers(pgid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var live []int
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// Fields after the command name, which is in parentheses and may contain spaces:
		// state ppid pgrp ...
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 3 || fields[0] == "Z" || fields[0] == "X" {
			continue
		}
		if g, err := strconv.Atoi(fields[2]); err == nil && g == pgid {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			live = append(live, pid)
		}
	}
	return live
}

// GroupGone waits up to limit for every process of group pgid to exit (SIGKILL is delivered
// asynchronously) and returns the members still alive after that.
func GroupGone(pgid int, limit time.Duration) []int {
	deadline := time.Now().Add(limit)
	for {
		live := LiveGroupMembers(pgid)
		if len(live) == 0 || time.Now().After(deadline) {
			return live
		}
		time.Sleep(20 * time.Millisecond)
	}
}
