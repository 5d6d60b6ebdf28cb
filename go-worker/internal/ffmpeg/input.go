package ffmpeg

// FormatWhitelist lists the containers ffmpeg may open: real video containers only, so a
// playlist (hls), concat script or image sequence renamed to .mp4 is refused by the demuxer.
const FormatWhitelist = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,flv,ogg"

// Input returns the input options for a media-store file: only the file protocol, only
// whitelisted formats, then any extra input options (seeking, decoder options), then -i.
func Input(path string, options ...string) []string {
	args := []string{"-protocol_whitelist", "file", "-format_whitelist", FormatWhitelist}
	args = append(args, options...)
	return append(args, "-i", "file:"+path)
}

// Common are the global options of every ffmpeg run: no banner, no reading of stdin, no
// progress lines, and tagged log lines so the error tail keeps only warnings and errors.
func Common() []string {
	return []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info"}
}
