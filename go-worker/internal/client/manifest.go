package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// The batch list (a manifest) read with the rules of the Python activity read_manifest
// (python activities/manifest.py): one video per line; blank lines and lines starting with
// # are skipped; a line starting with `"` or `{` is JSON (a URL string or a PipelineRequest
// object), any other line a bare URL. Lines are split as Python's text files split them
// (\n, \r\n or \r) and counted from 1.
const (
	// InlineLimit is the most entries a BatchRequest carries inline; a longer list goes
	// into the media store as a manifest.
	InlineLimit = 1000
	// MaxManifestLine is the longest line, counted as Python's len(line): characters, the
	// line break included.
	MaxManifestLine = 64 * 1024
)

// Manifest is what a batch list holds: its entries (the first InlineLimit, each checked
// against PipelineRequest and re-encoded with only the fields given) and how many in all.
type Manifest struct {
	Requests []json.RawMessage
	Total    int
}

// ReadManifest checks every entry of a batch list before anything starts; the first bad
// line is an InvalidInput *Failure naming it. Like Python it reads the list twice when it
// holds more than InlineLimit entries: first the length of every line and the first
// InlineLimit entries, then the remaining entries.
func ReadManifest(data []byte) (*Manifest, error) {
	if !utf8.Valid(data) {
		return nil, invalidInput("manifest line %d is not UTF-8 text", lineOfFirstInvalidByte(data))
	}
	text := string(data)
	m := &Manifest{}
	err := eachEntry(text, func(number int, line string) error {
		if m.Total < InlineLimit {
			raw, err := ParseManifestLine(line, number)
			if err != nil {
				return err
			}
			m.Requests = append(m.Requests, raw)
		}
		m.Total++
		return nil
	})
	if err != nil {
		return nil, err
	}
	if m.Total <= InlineLimit {
		return m, nil
	}
	seen := 0
	err = eachEntry(text, func(number int, line string) error {
		seen++
		if seen <= InlineLimit {
			return nil // checked in the first pass
		}
		_, err := ParseManifestLine(line, number)
		return err
	})
	return m, err
}

// eachEntry calls entry for every line that is neither blank nor a comment, after checking
// each line's length.
func eachEntry(text string, entry func(number int, line string) error) error {
	for number := 1; text != ""; number++ {
		line, size := text, len(text)
		length := utf8.RuneCountInString(text)
		if i := strings.IndexAny(text, "\r\n"); i >= 0 {
			line, size = text[:i], i+1
			if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				size++
			}
			length = utf8.RuneCountInString(line) + 1
		}
		text = text[size:]
		if length > MaxManifestLine {
			return invalidInput("manifest line %d is longer than %d bytes", number, MaxManifestLine)
		}
		stripped := pyStrip(line)
		if stripped == "" || strings.HasPrefix(stripped, "#") {
			continue
		}
		if err := entry(number, line); err != nil {
			return err
		}
	}
	return nil
}

// ParseManifestLine reads one entry (Python parse_line) and returns it as the
// PipelineRequest JSON to send: the fields given, integral numbers as integers.
func ParseManifestLine(line string, number int) (json.RawMessage, error) {
	text := pyStrip(line)
	var value any = text
	if strings.HasPrefix(text, `"`) || strings.HasPrefix(text, "{") {
		v, err := pyLoads(text)
		var bad *pyJSONError
		if errors.As(err, &bad) {
			return nil, invalidInput("manifest line %d: not JSON: %s", number, bad.Msg)
		}
		value = v
	}
	if url, ok := value.(string); ok {
		value = map[string]any{"video_url": url}
	}
	// The schema judges the value with NaN and the infinities as strings; where one of them
	// is the offending value (and not an unknown field), the reason says so.
	nonFinitePath := firstNonFinite(value, "$")
	err := contracts.ValidateValue("PipelineRequest", withoutNonFinite(value))
	var inv *contracts.Invalid
	if errors.As(err, &inv) {
		if inv.Path == nonFinitePath && inv.Reason != "unknown field" {
			inv.Reason = "must be a finite number"
		}
		return nil, invalidInput("manifest line %d: %s", number, inv.Error())
	}
	if err != nil {
		return nil, err
	}
	if nonFinitePath != "" {
		inv := &contracts.Invalid{Schema: "PipelineRequest", Path: nonFinitePath, Reason: "must be a finite number"}
		return nil, invalidInput("manifest line %d: %s", number, inv.Error())
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return nil, fmt.Errorf("encode manifest line %d: %w", number, err)
	}
	return contracts.Integral(raw)
}

// lineOfFirstInvalidByte is the line number (as ReadManifest counts) of the first byte that
// is not UTF-8.
func lineOfFirstInvalidByte(data []byte) int {
	number := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return number
		case r == '\n', r == '\r' && (i+1 == len(data) || data[i+1] != '\n'):
			number++
		}
		i += size
	}
	return number
}

func invalidInput(format string, args ...any) *Failure {
	return &Failure{Type: gen.ErrInvalidInput, Message: fmt.Sprintf(format, args...)}
}
