package ffmpeg

import (
	"errors"
	"strings"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// Classify turns a failed run into a catalogue error. ffmpeg has no error codes worth the
// name, so its own messages decide: a refused format or protocol is UnsupportedMedia, a
// container it recognised but could not read is MediaCorrupt, anything else may be transient
// (ProcessingFailed, retried).
func Classify(err error, what string) error {
	var exit *ExitError
	if !errors.As(err, &exit) {
		return err
	}
	msg := exit.Stderr
	switch {
	case containsAny(msg, "not on whitelist", "not in whitelist"):
		return contracts.Error(gen.ErrUnsupportedMedia, "%s: not a whitelisted video container: %s", what, msg)
	case containsAny(msg, "matches no streams", "Decoder (codec", "Unsupported codec", "unsupported codec"):
		return contracts.Error(gen.ErrUnsupportedMedia, "%s: no decodable video stream: %s", what, msg)
	case containsAny(msg, "moov atom not found", "Invalid data found", "invalid data found",
		"could not find codec parameters", "Truncated", "truncated", "partial file",
		"End of file", "error reading header", "EBML header parsing failed"):
		return contracts.Error(gen.ErrMediaCorrupt, "%s: cannot read the container: %s", what, msg)
	case containsAny(msg, "No such file or directory"):
		return contracts.Error(gen.ErrSourceUnavailable, "%s: %s", what, msg)
	}
	return contracts.Wrap(gen.ErrProcessingFailed, err, "%s", what)
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
