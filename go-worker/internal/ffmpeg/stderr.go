package ffmpeg

import (
	"bufio"
	"errors"
	"io"
	"regexp"
	"strings"
)

const maxLineBytes = 400

// tail keeps the last warning and error lines of a process, each cut short, so an error
// message can quote ffmpeg without holding its whole log.
type tail struct {
	lines []string
	max   int
}

func newTail(max int) *tail { return &tail{max: max} }

func (t *tail) add(line string) {
	if len(line) > maxLineBytes {
		line = line[:maxLineBytes] + "..."
	}
	t.lines = append(t.lines, line)
	if len(t.lines) > t.max {
		t.lines = t.lines[1:]
	}
}

func (t *tail) String() string { return strings.Join(t.lines, " | ") }

// With -loglevel level+..., ffmpeg tags each line "[error]", "[warning]", ...; ffprobe runs
// at -v error and prints no tag, so an untagged line counts as an error.
var (
	levelTag = regexp.MustCompile(`\[(trace|debug|verbose|info|warning|error|fatal|panic)\] `)
	address  = regexp.MustCompile(` @ 0x[0-9a-f]+\]`)
)

// scanLines reads stderr line by line until EOF: each line goes to see (when set) and,
// unless see consumed it, warnings and errors go to the tail. It never stops early, even on an
// absurdly long line, because ffmpeg blocks when nobody drains its stderr.
func scanLines(r io.Reader, see func(string) bool, t *tail) {
	br := bufio.NewReaderSize(r, 64*1024)
	for {
		line, err := readLine(br)
		if line != "" {
			keep(line, see, t)
		}
		if err != nil {
			return
		}
	}
}

// maxLogLine is the longest stderr line kept whole (showinfo side data can run to KBs).
const maxLogLine = 1 << 20

// readLine returns the next line without its end, cut at maxLogLine (the rest is dropped).
func readLine(br *bufio.Reader) (string, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if room := maxLogLine - len(buf); room > 0 {
			buf = append(buf, chunk[:min(len(chunk), room)]...)
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return strings.TrimRight(string(buf), "\r\n"), err
		}
	}
}

func keep(line string, see func(string) bool, t *tail) {
	if see != nil && see(line) {
		return
	}
	if m := levelTag.FindStringSubmatchIndex(line); m != nil {
		level := line[m[2]:m[3]]
		if level != "warning" && level != "error" && level != "fatal" && level != "panic" {
			return
		}
		line = line[:m[0]] + line[m[1]:]
	}
	if line = strings.TrimSpace(address.ReplaceAllString(line, "]")); line != "" {
		t.add(line)
	}
}
