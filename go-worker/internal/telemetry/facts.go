package telemetry

import (
	"encoding/json"

	"go.opentelemetry.io/otel/attribute"
)

// outputFacts are the few fields of an activity's output (schemas/contracts.schema.json)
// worth putting on its span and counting: decoded from the JSON the boundary produced, so
// no activity has to know about telemetry.
type outputFacts struct {
	Frames []json.RawMessage `json:"frames"`
	Probe  *struct {
		VideoCodec      string  `json:"video_codec"`
		AudioCodec      string  `json:"audio_codec"`
		Width           int     `json:"width"`
		Height          int     `json:"height"`
		DurationSeconds float64 `json:"duration_seconds"`
		FrameCount      int     `json:"frame_count"`
	} `json:"probe"`
}

func factsOf(out any) (outputFacts, bool) {
	var f outputFacts
	raw, ok := out.(json.RawMessage)
	if !ok || json.Unmarshal(raw, &f) != nil {
		return f, false
	}
	return f, true
}

func (f outputFacts) attributes() []attribute.KeyValue {
	var kv []attribute.KeyValue
	if f.Frames != nil {
		kv = append(kv, attribute.Int("media.frames", len(f.Frames)))
	}
	if p := f.Probe; p != nil {
		kv = append(kv, attribute.String("media.video_codec", p.VideoCodec),
			attribute.String("media.audio_codec", p.AudioCodec),
			attribute.Int("media.width", p.Width), attribute.Int("media.height", p.Height),
			attribute.Float64("media.duration_seconds", p.DurationSeconds),
			attribute.Int("media.frame_count", p.FrameCount))
	}
	return kv
}
