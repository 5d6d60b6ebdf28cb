package ffmpeg

import (
	"fmt"
	"io"
	"os"
	"os/exec"
)

// pipes are the OS pipes of one process. The child's ends are real files handed to the
// process directly (no copying goroutine inside os/exec), the parent reads the other ends.
type pipes struct {
	consumers []func(io.Reader) error
	readers   []*os.File
	stderr    *os.File
	child     []*os.File
}

func newPipes(cmd *exec.Cmd, job Job) (*pipes, error) {
	p := &pipes{}
	stdout := job.Stdout
	if stdout == nil {
		stdout = func(r io.Reader) error { _, err := io.Copy(io.Discard, r); return err }
	}
	all := append([]func(io.Reader) error{stdout}, job.Outputs...)
	for i, consume := range all {
		r, w, err := os.Pipe()
		if err != nil {
			p.closeAll()
			return nil, fmt.Errorf("create pipe: %w", err)
		}
		p.consumers = append(p.consumers, consume)
		p.readers = append(p.readers, r)
		p.child = append(p.child, w)
		if i == 0 {
			cmd.Stdout = w
		} else {
			cmd.ExtraFiles = append(cmd.ExtraFiles, w) // fd 3, 4, ... in the child
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		p.closeAll()
		return nil, fmt.Errorf("create pipe: %w", err)
	}
	p.stderr = r
	p.child = append(p.child, w)
	cmd.Stderr = w
	return p, nil
}

// closeChildEnds drops the parent's copies of the child's ends, so readers see EOF when the
// process exits.
func (p *pipes) closeChildEnds() {
	for _, f := range p.child {
		f.Close()
	}
	p.child = nil
}

func (p *pipes) closeReaders() {
	for _, f := range p.readers {
		f.Close()
	}
	if p.stderr != nil {
		p.stderr.Close()
	}
}

func (p *pipes) closeAll() {
	p.closeChildEnds()
	p.closeReaders()
}
