package activities

import (
	"testing"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// The registry gives extract_frames a heartbeat timeout; the worker beats at the registry's
// rule, timeout / HeartbeatIntervalDivisor, well inside the timeout.
func TestExtractHeartbeatFollowsTheRegistry(t *testing.T) {
	p := gen.Policies[gen.ActivityExtractFrames]
	if p.HeartbeatTimeout <= 0 {
		t.Fatal("extract_frames has no heartbeat timeout in schemas/registry.json")
	}
	if heartbeatEvery != p.HeartbeatTimeout/gen.HeartbeatIntervalDivisor || heartbeatEvery <= 0 {
		t.Fatalf("heartbeat every %v, want %v / %d", heartbeatEvery, p.HeartbeatTimeout, gen.HeartbeatIntervalDivisor)
	}
}

// generate_preview beats at its own registry policy, so a cancel reaches ffmpeg's kill.
func TestPreviewHeartbeatFollowsTheRegistry(t *testing.T) {
	p := gen.Policies[gen.ActivityGeneratePreview]
	if p.HeartbeatTimeout <= 0 || previewHeartbeatEvery != p.HeartbeatTimeout/gen.HeartbeatIntervalDivisor {
		t.Fatalf("heartbeat every %v, policy %+v", previewHeartbeatEvery, p)
	}
}
