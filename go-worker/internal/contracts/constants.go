package contracts

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// ConstantsReport is the `contracts constants` output: where the generated constants differ
// from the shared expectations (schemas/expected/constants.json).
type ConstantsReport struct {
	Language   string     `json:"language"`
	Failures   int        `json:"failures"`
	Mismatches []Mismatch `json:"mismatches"`
}

// Mismatch is one leaf whose generated value is not the expected one.
type Mismatch struct {
	Path     string `json:"path"`
	Expected any    `json:"expected"`
	Actual   any    `json:"actual"`
}

func seconds(d time.Duration) any {
	if d == 0 {
		return nil
	}
	return d.Seconds()
}

// GeneratedConstants is the expectations document as the generated Go code has it.
func GeneratedConstants() map[string]any {
	policies := map[string]any{}
	for _, a := range gen.Activities {
		p := a.Policy
		policies[a.Name] = map[string]any{
			"start_to_close_seconds":     seconds(p.StartToClose),
			"schedule_to_close_seconds":  seconds(p.ScheduleToClose),
			"heartbeat_timeout_seconds":  seconds(p.HeartbeatTimeout),
			"heartbeat_interval_seconds": seconds(p.HeartbeatInterval),
			"retry": map[string]any{
				"initial_interval_seconds": seconds(p.Retry.InitialInterval),
				"backoff_coefficient":      p.Retry.BackoffCoefficient,
				"maximum_interval_seconds": seconds(p.Retry.MaximumInterval),
				"maximum_attempts":         p.Retry.MaximumAttempts,
			},
			"cancellation": p.Cancellation,
		}
	}
	return map[string]any{
		"defaults":                   gen.Defaults,
		"policies":                   policies,
		"heartbeat_interval_divisor": gen.HeartbeatIntervalDivisor,
		"media_root":                 gen.MediaRootDefault,
		"workflow_id_pattern":        gen.WorkflowIDPattern,
		"frame_strategies":           gen.FrameStrategies,
		"image_formats":              gen.ImageFormats,
	}
}

// CheckConstants compares the generated constants with the expectations file at path.
func CheckConstants(path string) (ConstantsReport, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return ConstantsReport{}, fmt.Errorf("read expectations: %w", err)
	}
	expected, err := Decode(raw)
	if err != nil {
		return ConstantsReport{}, fmt.Errorf("parse %s: %w", path, err)
	}
	wanted, ok := expected.(map[string]any)
	if !ok {
		return ConstantsReport{}, fmt.Errorf("%s: not a JSON object", path)
	}
	delete(wanted, "description")
	// Through JSON, so both sides are the same kind of decoded value.
	encoded, err := json.Marshal(GeneratedConstants())
	if err != nil {
		return ConstantsReport{}, fmt.Errorf("encode generated constants: %w", err)
	}
	actual, err := Decode(encoded)
	if err != nil {
		return ConstantsReport{}, err
	}
	report := ConstantsReport{Language: "go", Mismatches: []Mismatch{}}
	compare(wanted, actual, "$", &report.Mismatches)
	report.Failures = len(report.Mismatches)
	return report, nil
}

// compare walks objects on the keys the expectations pin (a new activity or default needs no
// entry to pass) and compares every other value with SameJSON.
func compare(expected, actual any, path string, out *[]Mismatch) {
	x, xok := expected.(map[string]any)
	y, yok := actual.(map[string]any)
	if xok && yok {
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			compare(x[k], y[k], path+"."+k, out)
		}
		return
	}
	if !SameJSON(expected, actual) {
		*out = append(*out, Mismatch{Path: path, Expected: expected, Actual: actual})
	}
}
